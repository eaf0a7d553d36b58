-- A conditional removal; publishes REMOVED with the removed value and version.
--   ARGV[5] condition (A always, V value equals, N version equals), ARGV[6] expected value,
--   ARGV[7] expected version, ARGV[8] TTL for a live entry left in place, ARGV[9] '1' to
--   return the previous value.
-- Returns {-1} when the cache is gone, else {removed, had previous, version, expired?,
-- expired version, previous value, expired value}.
if not alive() then
  return {-1}
end
local current = load()
local expired_flag, expired_version, expired_value = 0, 0, ''
if current ~= nil and is_expired(current) then
  expired_flag, expired_version, expired_value = 1, current.version, current.value
  expire(KEY, current)
  current = nil
end
if current == nil then
  return {0, 0, 0, expired_flag, expired_version, '', expired_value}
end
local previous = ''
if ARGV[9] == '1' then
  previous = current.value
end
local condition = ARGV[5]
local holds
if condition == 'A' then
  holds = true
elseif condition == 'V' then
  holds = current.value == ARGV[6]
else
  holds = current.version == tonumber(ARGV[7])
end
if not holds then
  access(KEY, current, ARGV[8])
  return {0, 1, current.version, expired_flag, expired_version, previous, expired_value}
end
publish('R', current.version, KEY, nil, current.value)
drop(KEY, current)
return {1, 1, 0, expired_flag, expired_version, previous, expired_value}
