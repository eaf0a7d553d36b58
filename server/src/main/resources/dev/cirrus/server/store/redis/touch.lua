-- Changes a live entry's expiry without writing it. ARGV[5] the TTL spec, ARGV[6] the expected
-- version (0: any). Returns {-1} when the cache is gone, else {touched}.
if not alive() then
  return {-1}
end
local entry = load()
if entry == nil then
  return {0}
end
if is_expired(entry) then
  expire(KEY, entry)
  return {0}
end
local expected = tonumber(ARGV[6])
if expected ~= 0 and expected ~= entry.version then
  return {0}
end
access(KEY, entry, ARGV[5])
return {1}
