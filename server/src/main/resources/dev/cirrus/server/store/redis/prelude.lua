-- Shared by every per-key script (prepended when the script is loaded, after a script's flags).
-- One bucket of one cache incarnation; every key below carries the bucket's hash tag, so a
-- script runs on the one shard that owns the bucket and is atomic there. (A node script instead
-- names the keys of several buckets, one after the other: see each_node_item.)
--   KEYS[1] the bucket's tombstone: it exists once the cache incarnation is deleted
--   KEYS[2] the bucket's statistics hash: count, bytes
--   KEYS[3] the bucket's key index (sorted set, all scores 0, ordered by key bytes)
--   KEYS[4] the bucket's expiry index (sorted set, score = expiry time in clock millis)
--   KEYS[5] the entry: one string, its version and expiry time before its value (see pack)
--   ARGV[1] now (clock millis of the calling node), ARGV[2] the bucket's event channel,
--   ARGV[3] the writer's client id, ARGV[4] the entry's key bytes
-- Numbers: Lua numbers are doubles, exact below 2^53; versions and times stay below 2^52
-- (see VersionClock), and are written with str() so that no exponent form reaches Redis.
local DEAD, META, INDEX, EXPIRY, ENTRY = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local NOW = tonumber(ARGV[1])
local CHANNEL, WRITER, KEY = ARGV[2], ARGV[3], ARGV[4]
-- Bookkeeping bytes per entry besides key and value, as the statistics count them.
local OVERHEAD = 160
-- Expiry times beyond this are "never": keeps sums exact.
local FAR = 4503599627370496

-- Where, within one script call, the bytes of a key's current value went by already: the position
-- (from 1) of the write that stored them (they are in the request), or minus the position of the
-- answer that carried them. A batch naming one key many times then makes Redis send its value
-- once at most (an answer says where to find the bytes instead). Position of the operation being
-- applied: POS.
local SEEN = {}
local POS = 1

local function str(n)
  return string.format('%.0f', n)
end

-- A length-prefixed field of an event message; '-' for an absent one.
local function field(s)
  if not s then
    return '-'
  end
  return #s .. ':' .. s
end

-- Whether anything subscribes to a channel here, asked once per channel and script call. A script
-- runs atomically, so no subscription starts between the answer and the change: an event nobody
-- is subscribed to when its change is made is one nobody can hear, and building its message and
-- its SPUBLISH are about half of what a write costs Redis.
local HEARD = {}

local function heard(channel)
  local listeners = HEARD[channel]
  if listeners == nil then
    listeners = redis.call('PUBSUB', 'SHARDNUMSUB', channel)[2]
    HEARD[channel] = listeners
  end
  return listeners > 0
end

-- Events go out in the same atomic step as the change, on the bucket's shard channel.
local function publish(kind, version, key, value, old)
  if not heard(CHANNEL) then
    return
  end
  redis.call('SPUBLISH', CHANNEL,
    kind .. field(str(version)) .. field(WRITER) .. field(key) .. field(value) .. field(old))
end

local function alive()
  return redis.call('EXISTS', DEAD) == 0
end

-- An entry is one string: its version, ':', its expiry time (empty when it has none), ':', then
-- the value's bytes. One GET reads it whole, and a batch of gets is one MGET per bucket that
-- needs no script (KeyScripts reads the same form: PackedEntry).
local function pack(version, expires, value)
  if expires == nil then
    return str(version) .. '::' .. value
  end
  return str(version) .. ':' .. str(expires) .. ':' .. value
end

local function unpack_entry(s)
  local a = string.find(s, ':', 1, true)
  local b = string.find(s, ':', a + 1, true)
  local x = nil
  if b > a + 1 then
    x = tonumber(string.sub(s, a + 1, b - 1))
  end
  return {value = string.sub(s, b + 1), version = tonumber(string.sub(s, 1, a - 1)), expires = x}
end

local function load()
  local s = redis.call('GET', ENTRY)
  if not s then
    return nil
  end
  return unpack_entry(s)
end

local function is_expired(entry)
  return entry.expires ~= nil and entry.expires <= NOW
end

-- A TTL spec: 'D' default, 'E' eternal, 'U' unchanged, else a duration in millis.
local function expiry_for_create(spec)
  if spec == 'D' or spec == 'E' or spec == 'U' then
    return nil
  end
  local at = NOW + tonumber(spec)
  if at >= FAR then
    return nil
  end
  return at
end

local function expiry_for_existing(spec, current)
  if spec == 'D' or spec == 'U' then
    return current
  end
  if spec == 'E' then
    return nil
  end
  local at = NOW + tonumber(spec)
  if at >= FAR then
    return nil
  end
  return at
end

local function is_zero(spec)
  return spec == '0'
end

local function remaining(expires)
  if expires == nil then
    return 0
  end
  return math.max(1, expires - NOW)
end

local function weight(key, value)
  return #key + #value + OVERHEAD
end

-- The key's row in the expiry index (the sweeper's), for an entry expiring at expires (nil: none).
local function index_expiry(key, expires)
  if expires == nil then
    redis.call('ZREM', EXPIRY, key)
  else
    redis.call('ZADD', EXPIRY, str(expires), key)
  end
end

-- Removes the entry with its index rows and statistics.
local function drop(key, entry)
  SEEN[key] = nil
  redis.call('DEL', ENTRY)
  redis.call('ZREM', INDEX, key)
  redis.call('ZREM', EXPIRY, key)
  redis.call('HINCRBY', META, 'count', -1)
  redis.call('HINCRBY', META, 'bytes', -weight(key, entry.value))
end

-- Writes the entry; previous is the live entry it replaces, or nil.
local function store(key, value, version, expires, previous)
  redis.call('SET', ENTRY, pack(version, expires, value))
  SEEN[key] = POS
  -- An eternal entry written where none was (or an eternal one was) has no expiry field or row to
  -- remove: two calls of a put's eight saved. A row left by an entry Redis evicted is removed by
  -- the sweep that meets it.
  if expires ~= nil or (previous ~= nil and previous.expires ~= nil) then
    index_expiry(key, expires)
  end
  if previous == nil then
    redis.call('ZADD', INDEX, 0, key)
    redis.call('HINCRBY', META, 'count', 1)
    redis.call('HINCRBY', META, 'bytes', weight(key, value))
  elseif #value ~= #previous.value then
    -- A value replaced by one of the same size (the usual update) leaves the statistics as they
    -- are: one call of the three an update costs, and its copy to the replicas, saved.
    redis.call('HINCRBY', META, 'bytes', #value - #previous.value)
  end
end

-- Removes an entry found expired and publishes EXPIRED with its value.
local function expire(key, entry)
  publish('E', entry.version, key, nil, entry.value)
  drop(key, entry)
end

-- Applies an access TTL to the live entry at ENTRY (key key); returns its expiry afterwards.
-- Writes only when the expiry moves (never for spec D or U).
local function access(key, entry, spec)
  local expires = expiry_for_existing(spec, entry.expires)
  if expires ~= entry.expires then
    redis.call('SET', ENTRY, pack(entry.version, expires, entry.value))
    index_expiry(key, expires)
  end
  return expires
end

-- Reads the entry at ENTRY (key KEY), resetting its expiry on a hit by the access TTL spec, and
-- appends its answer to out: {0} a miss; {1, version, expires in, value} a hit; {2, version,
-- value} an entry found expired (removed, EXPIRED published). A hit whose expiry stays (spec D or
-- U, the usual read) reads one string and writes nothing. Such reads outside a script are one
-- MGET (KeyScripts), which finds expired entries the same way and has expire.lua remove them.
local function read_into(out, spec)
  local e = load()
  local n = #out
  if e == nil then
    out[n + 1] = 0
    return
  end
  if is_expired(e) then
    expire(KEY, e)
    out[n + 1], out[n + 2], out[n + 3] = 2, e.version, e.value
    return
  end
  local expires = access(KEY, e, spec)
  out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, e.version, remaining(expires), e.value
end

-- The previous value of a live entry to answer: {bytes, 0}, or {'', where the bytes went by} (see
-- SEEN).
local function previous_of(entry)
  local seen = SEEN[KEY]
  if seen ~= nil then
    return '', seen
  end
  SEEN[KEY] = -POS
  return entry.value, 0
end

-- A conditional write of the entry at ENTRY (key KEY), its arguments at ARGV[at..at + 8]: value,
-- condition (A always, B if absent, P if present, V value equals, N version equals), expected
-- value, expected version, create TTL, update TTL, TTL for a live entry when not applied, '1' to
-- return the previous value, the writer node's next version (the floor of the new one).
-- A zero create TTL stores nothing; a zero update TTL applies the update (UPDATED) and removes
-- the entry at once (EXPIRED), as JCache's Duration.ZERO demands.
-- Returns {outcome (0 created, 1 updated, 2 not applied), version, had previous, expired on
-- write, expires in, expired?, expired version, previous value, expired value, where the
-- previous value went by (see previous_of)}.
local function write_entry(at)
  local value, condition = ARGV[at], ARGV[at + 1]
  local floor = tonumber(ARGV[at + 8])
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
  local previous, seen = '', 0
  if current ~= nil and ARGV[at + 7] == '1' then
    previous, seen = previous_of(current)
  end
  local holds
  if condition == 'A' then
    holds = true
  elseif condition == 'B' then
    holds = current == nil
  elseif condition == 'P' then
    holds = current ~= nil
  elseif condition == 'V' then
    holds = current ~= nil and current.value == ARGV[at + 2]
  else
    holds = current ~= nil and current.version == tonumber(ARGV[at + 3])
  end
  if not holds then
    if current == nil then
      return {2, 0, 0, 0, 0, expired_flag, expired_version, previous, expired_value, seen}
    end
    access(KEY, current, ARGV[at + 6])
    return {2, current.version, 1, 0, 0, expired_flag, expired_version, previous, expired_value,
      seen}
  end
  if current == nil then
    if is_zero(ARGV[at + 4]) then
      return {0, 0, 0, 1, 0, expired_flag, expired_version, previous, expired_value, seen}
    end
    local version = floor
    if expired ~= nil then
      version = math.max(floor, expired.version + 1)
    end
    publish('C', version, KEY, value, nil)
    local expires = expiry_for_create(ARGV[at + 4])
    store(KEY, value, version, expires, nil)
    return {0, version, 0, 0, remaining(expires), expired_flag, expired_version, previous,
      expired_value, seen}
  end
  local version = math.max(floor, current.version + 1)
  publish('U', version, KEY, value, current.value)
  if is_zero(ARGV[at + 5]) then
    publish('E', version, KEY, nil, value)
    drop(KEY, current)
    return {1, version, 1, 1, 0, expired_flag, expired_version, previous, expired_value, seen}
  end
  local expires = expiry_for_existing(ARGV[at + 5], current.expires)
  store(KEY, value, version, expires, current)
  return {1, version, 1, 0, remaining(expires), expired_flag, expired_version, previous,
    expired_value, seen}
end

-- A conditional removal of the entry at ENTRY (key KEY), its arguments at ARGV[at..at + 4]:
-- condition (A always, V value equals, N version equals), expected value, expected version, TTL
-- for a live entry left in place, '1' to return the previous value. Publishes REMOVED with the
-- removed value and version.
-- Returns {removed, had previous, version, expired?, expired version, previous value, expired
-- value, where the previous value went by (see previous_of)}.
local function remove_entry(at)
  local current = load()
  local expired_flag, expired_version, expired_value = 0, 0, ''
  if current ~= nil and is_expired(current) then
    expired_flag, expired_version, expired_value = 1, current.version, current.value
    expire(KEY, current)
    current = nil
  end
  if current == nil then
    return {0, 0, 0, expired_flag, expired_version, '', expired_value, 0}
  end
  local previous, seen = '', 0
  if ARGV[at + 4] == '1' then
    previous, seen = previous_of(current)
  end
  local condition = ARGV[at]
  local holds
  if condition == 'A' then
    holds = true
  elseif condition == 'V' then
    holds = current.value == ARGV[at + 1]
  else
    holds = current.version == tonumber(ARGV[at + 2])
  end
  if not holds then
    access(KEY, current, ARGV[at + 3])
    return {0, 1, current.version, expired_flag, expired_version, previous, expired_value, seen}
  end
  publish('R', current.version, KEY, nil, current.value)
  drop(KEY, current)
  return {1, 1, 0, expired_flag, expired_version, previous, expired_value, seen}
end

-- A many-key script's body: for each entry of the bucket (KEYS[5..] its hashes) in order, runs
-- one(at) on that entry's arguments, which start at ARGV[at] after the key's bytes (`stride`
-- arguments per entry from ARGV[5], key included), and gathers `fields` results of each.
-- Returns {-1} when the cache is gone.
local function each_entry(stride, fields, one)
  if not alive() then
    return {-1}
  end
  local out = {}
  for i = 5, #KEYS do
    POS = i - 4
    local at = 5 + stride * (POS - 1)
    ENTRY = KEYS[i]
    KEY = ARGV[at]
    local r = one(at + 1)
    for j = 1, fields do
      out[#out + 1] = r[j]
    end
  end
  return out
end

-- A node script's body (get_node, set_node, remove_node): a batch's items on the buckets that the
-- node running it serves, of several slots in one call. No key is declared (Redis refuses declared
-- keys of several slots, even to a script flagged allow-cross-slot-keys); each is named from its
-- bucket's key base as BucketKeys lays them out. From ARGV[5], per bucket: the bucket's key base
-- (cirrus:{inc.b}:), its item count, then `stride` arguments per item, the key's bytes first.
-- First looks at every bucket's tombstone, each through pcall: a bucket whose slot this node does
-- not serve (moved since the caller read the topology, migrating, or the cluster down) makes the
-- call answer {-2} before anything is written, so the caller may send its items elsewhere without
-- applying any twice (Redis would otherwise fail the script at that key, keeping what it wrote
-- before). A tombstone answers {-1}. Then runs one(out, at) for each item in turn (`at`: where its
-- arguments after the key start), which appends the item's answer to out; POS numbers the items
-- of the whole call.
local function each_node_item(stride, one)
  local groups = {}
  local at = 5
  while at <= #ARGV do
    local dead = redis.pcall('EXISTS', ARGV[at] .. 'd')
    if type(dead) == 'table' then
      return {-2}
    end
    if dead == 1 then
      return {-1}
    end
    groups[#groups + 1] = at
    at = at + 2 + stride * tonumber(ARGV[at + 1])
  end
  local out = {}
  POS = 0
  for g = 1, #groups do
    local base = ARGV[groups[g]]
    DEAD, META, INDEX, EXPIRY = base .. 'd', base .. 'm', base .. 'k', base .. 'x'
    CHANNEL = base .. 'ch'
    local prefix = base .. 'e:'
    local first = groups[g] + 2
    for i = 0, tonumber(ARGV[groups[g] + 1]) - 1 do
      POS = POS + 1
      local item = first + stride * i
      KEY = ARGV[item]
      ENTRY = prefix .. KEY
      one(out, item + 1)
    end
  end
  return out
end

-- Appends the `fields` fields of r to out.
local function append(out, r, fields)
  for j = 1, fields do
    out[#out + 1] = r[j]
  end
end
