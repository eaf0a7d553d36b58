-- Deletes a bucket of a deleted cache: first its meta hash, so that no later write lands in it,
-- then up to ARGV[5] entries per call. ARGV[4] the entry key prefix.
-- Returns {more left}.
redis.call('DEL', META)
local prefix, batch = ARGV[4], tonumber(ARGV[5])
local members = redis.call('ZRANGE', INDEX, 0, batch - 1)
for _, member in ipairs(members) do
  redis.call('DEL', prefix .. member)
  redis.call('ZREM', INDEX, member)
end
if #members == batch then
  return {1}
end
redis.call('DEL', INDEX, EXPIRY)
return {0}
