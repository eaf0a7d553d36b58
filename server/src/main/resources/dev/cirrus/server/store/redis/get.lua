-- A read that may reset the entry's expiry on a hit. ARGV[5] the access TTL spec.
-- Returns {-1} when the cache is gone, else
-- {found, version, expires in, value, expired?, expired version, expired value}.
if not alive() then
  return {-1}
end
local entry = load()
if entry == nil then
  return {0, 0, 0, '', 0, 0, ''}
end
if is_expired(entry) then
  expire(KEY, entry)
  return {0, 0, 0, '', 1, entry.version, entry.value}
end
local expires = access(KEY, entry, ARGV[5])
return {1, entry.version, remaining(expires), entry.value, 0, 0, ''}
