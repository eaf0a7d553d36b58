-- A conditional write.
--   ARGV[5] value, ARGV[6] condition (A always, B if absent, P if present, V value equals,
--   N version equals), ARGV[7] expected value, ARGV[8] expected version, ARGV[9] create TTL,
--   ARGV[10] update TTL, ARGV[11] TTL for a live entry when not applied, ARGV[12] '1' to return
--   the previous value, ARGV[13] the writer node's next version (the floor of the new one).
-- A zero create TTL stores nothing; a zero update TTL applies the update (UPDATED) and removes
-- the entry at once (EXPIRED), as JCache's Duration.ZERO demands.
-- Returns {-1} when the cache is gone, else {outcome (0 created, 1 updated, 2 not applied),
-- version, had previous, expired on write, expires in, expired?, expired version,
-- previous value, expired value}.
if not alive() then
  return {-1}
end
local value, condition = ARGV[5], ARGV[6]
local floor = tonumber(ARGV[13])
local current = load()
local expired = nil
if current ~= nil and is_expired(current) then
  expired = current
  expire(KEY, current)
  current = nil
end
local expired_flag, expired_version, expired_value = 0, 0, ''
if expired ~= nil then
  expired_flag, expired_version, expired_value = 1, expired.version, expired.value
end
local previous = ''
if current ~= nil and ARGV[12] == '1' then
  previous = current.value
end
local holds
if condition == 'A' then
  holds = true
elseif condition == 'B' then
  holds = current == nil
elseif condition == 'P' then
  holds = current ~= nil
elseif condition == 'V' then
  holds = current ~= nil and current.value == ARGV[7]
else
  holds = current ~= nil and current.version == tonumber(ARGV[8])
end
if not holds then
  if current == nil then
    return {2, 0, 0, 0, 0, expired_flag, expired_version, previous, expired_value}
  end
  access(KEY, current, ARGV[11])
  return {2, current.version, 1, 0, 0, expired_flag, expired_version, previous, expired_value}
end
if current == nil then
  if is_zero(ARGV[9]) then
    return {0, 0, 0, 1, 0, expired_flag, expired_version, previous, expired_value}
  end
  local version = floor
  if expired ~= nil then
    version = math.max(floor, expired.version + 1)
  end
  publish('C', version, KEY, value, nil)
  local expires = expiry_for_create(ARGV[9])
  store(KEY, value, version, expires, nil)
  return {0, version, 0, 0, remaining(expires), expired_flag, expired_version, previous,
    expired_value}
end
local version = math.max(floor, current.version + 1)
publish('U', version, KEY, value, current.value)
if is_zero(ARGV[10]) then
  publish('E', version, KEY, nil, value)
  drop(KEY, current)
  return {1, version, 1, 1, 0, expired_flag, expired_version, previous, expired_value}
end
local expires = expiry_for_existing(ARGV[10], current.expires)
store(KEY, value, version, expires, current)
return {1, version, 1, 0, remaining(expires), expired_flag, expired_version, previous,
  expired_value}
