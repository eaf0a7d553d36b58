-- One bucket's part of a scan page: live entries after a key, in key byte order, each read as
-- a get is (expired ones are removed and reported, the access TTL applies).
--   ARGV[4] the entry key prefix, ARGV[5] '-' to start, else '(' followed by the last key
--   returned, ARGV[6] how many entries at most, ARGV[7] the access TTL spec, ARGV[8] '1' to
--   return values, ARGV[9] the bytes the page may still take (0: no bound), ARGV[10] bytes per
--   entry besides key and value, ARGV[11] '1' when the page already holds an entry.
-- Looks at no more than a bounded number of index rows per call, so one call never stalls
-- the shard. Returns {-1} when the cache is gone, else {more, last key looked at, then key,
-- version, value for each entry}; more is 2 when the page ended early by bytes (the next page
-- starts after the last key looked at, which the page holds).
if not alive() then
  return {-1}
end
local prefix, from, limit = ARGV[4], ARGV[5], tonumber(ARGV[6])
local budget = limit * 4 + 64
local room, overhead, holds = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11] == '1'
local out = {0, ''}
local found = 0
while found < limit and budget > 0 do
  local want = math.min(limit - found, budget)
  local members = redis.call('ZRANGE', INDEX, from, '+', 'BYLEX', 'LIMIT', 0, want)
  if #members == 0 then
    return out
  end
  for _, member in ipairs(members) do
    budget = budget - 1
    ENTRY = prefix .. member
    local entry = load()
    if entry == nil then
      -- The entry went without its index row (Redis evicted it under maxmemory).
      redis.call('ZREM', INDEX, member)
      redis.call('ZREM', EXPIRY, member)
      redis.call('HINCRBY', META, 'count', -1)
      out[2] = member
    elseif is_expired(entry) then
      expire(member, entry)
      out[2] = member
    else
      local size = overhead + #member
      if ARGV[8] == '1' then
        size = size + size_of(entry)
      end
      if room > 0 and size > room and (holds or found > 0) then
        -- Not taken: the cursor stays on the entry before it.
        out[1] = 2
        return out
      end
      room = room - size
      access(member, entry, ARGV[7])
      found = found + 1
      out[2] = member
      out[#out + 1] = member
      out[#out + 1] = entry.version
      if ARGV[8] == '1' then
        out[#out + 1] = value_of(entry)
      else
        out[#out + 1] = ''
      end
    end
  end
  from = '(' .. out[2]
end
if redis.call('ZRANGE', INDEX, from, '+', 'BYLEX', 'LIMIT', 0, 1)[1] then
  out[1] = 1
end
return out
