-- A read that may reset the entry's expiry on a hit. ARGV[5] the access TTL spec.
-- Returns {-1} when the cache is gone, else
-- {found, version, expires in, value, expired?, expired version, expired value}.
if not alive() then
  return {-1}
end
return read_entry(ARGV[5])
