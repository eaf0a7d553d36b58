-- Removes a cache from its account's registry (KEYS[1], name ARGV[1]) only if it still is the
-- incarnation ARGV[2] (a record starting with it), so that a delete racing with a re-create
-- never removes the new cache. Returns {1} when removed.
local record = redis.call('HGET', KEYS[1], ARGV[1])
if record and string.sub(record, 1, #ARGV[2]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return {1}
end
return {0}
