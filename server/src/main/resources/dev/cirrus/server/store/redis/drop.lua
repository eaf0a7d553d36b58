-- Deletes a bucket of a deleted cache: first it sets the tombstone, so that no later write
-- lands in the bucket (every script checks it), then removes up to ARGV[5] entries per call.
-- ARGV[4] the entry key prefix, ARGV[6] how long the tombstone stays (millis): longer than any
-- node keeps a cache's registry record without reading it again.
-- Returns {more left}.
redis.call('SET', DEAD, '1', 'PX', ARGV[6])
local prefix, batch = ARGV[4], tonumber(ARGV[5])
local members = redis.call('ZRANGE', INDEX, 0, batch - 1)
for _, member in ipairs(members) do
  redis.call('DEL', prefix .. member)
  redis.call('ZREM', INDEX, member)
end
if #members == batch then
  return {1}
end
redis.call('DEL', INDEX, EXPIRY, META)
return {0}
