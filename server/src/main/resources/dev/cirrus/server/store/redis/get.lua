-- A read that may reset the entry's expiry on a hit. ARGV[5] the access TTL spec.
-- Returns {-1} when the cache is gone, else read_into's answer.
if not alive() then
  return {-1}
end
local out = {}
read_into(out, ARGV[5])
return out
