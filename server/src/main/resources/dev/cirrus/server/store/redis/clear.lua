-- Removes up to ARGV[5] entries of the bucket without events. ARGV[4] the entry key prefix.
-- Returns {-1} when the cache is gone, else {how many removed, more left}.
if not alive() then
  return {-1}
end
local prefix, batch = ARGV[4], tonumber(ARGV[5])
local members = redis.call('ZRANGE', INDEX, 0, batch - 1)
for _, member in ipairs(members) do
  ENTRY = prefix .. member
  local entry = load()
  redis.call('ZREM', INDEX, member)
  redis.call('ZREM', EXPIRY, member)
  redis.call('HINCRBY', META, 'count', -1)
  if entry ~= nil then
    redis.call('DEL', ENTRY)
    redis.call('HINCRBY', META, 'bytes', -weight(member, size_of(entry)))
  end
end
local more = 0
if #members == batch then
  more = 1
end
return {#members, more}
