-- Removes up to ARGV[5] entries of the bucket whose expiry is due, publishing EXPIRED with their
-- values and an empty writer id. ARGV[4] the entry key prefix.
-- Returns {-1} when the cache is gone, else {how many expired, more due}.
if not alive() then
  return {-1}
end
local prefix, batch = ARGV[4], tonumber(ARGV[5])
local due = redis.call('ZRANGE', EXPIRY, '-inf', str(NOW), 'BYSCORE', 'LIMIT', 0, batch)
local expired = 0
for _, member in ipairs(due) do
  ENTRY = prefix .. member
  local entry = load()
  if entry == nil then
    redis.call('ZREM', EXPIRY, member)
    if redis.call('ZREM', INDEX, member) == 1 then
      redis.call('HINCRBY', META, 'count', -1)
    end
  elseif is_expired(entry) then
    expire(member, entry)
    expired = expired + 1
  else
    index_expiry(member, entry.expires)
  end
end
local more = 0
if #due == batch then
  more = 1
end
return {expired, more}
