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

local function alive()
  return redis.call('EXISTS', DEAD) == 0
end

-- An entry is one string: its version, ':', its expiry time (empty when it has none), ':', then
-- the value's bytes. One GET reads it whole, and a batch of gets is one MGET per bucket that
-- needs no script (KeyScripts reads the same form: PackedEntry). text: the version as text when
-- the caller has it already (a write's floor, as the node sent it), which spares a format.
local function pack(version, expires, value, text)
  text = text or str(version)
  if expires == nil then
    return text .. '::' .. value
  end
  return text .. ':' .. str(expires) .. ':' .. value
end

local function unpack_entry(s)
  local a = string.find(s, ':', 1, true)
  local b = string.find(s, ':', a + 1, true)
  local x = nil
  if b > a + 1 then
    x = tonumber(string.sub(s, a + 1, b - 1))
  end
  return {raw = s, from = b + 1, version = tonumber(string.sub(s, 1, a - 1)), expires = x}
end

-- An entry's value, cut from its stored string only when something needs its bytes: a plain
-- update needs only their size (size_of), and a copy of them costs Redis a string to make.
local function value_of(entry)
  local v = entry.value
  if v == nil then
    v = string.sub(entry.raw, entry.from)
    entry.value = v
  end
  return v
end

local function size_of(entry)
  return #entry.raw - entry.from + 1
end

-- Events go out in the same atomic step as the change, on the bucket's shard channel. old: the
-- value the change replaced, or the entry that held it.
local function publish(kind, version, key, value, old)
  if not heard(CHANNEL) then
    return
  end
  if type(old) == 'table' then
    old = value_of(old)
  end
  redis.call('SPUBLISH', CHANNEL,
    kind .. field(str(version)) .. field(WRITER) .. field(key) .. field(value) .. field(old))
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

local function weight(key, size)
  return #key + size + OVERHEAD
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
  redis.call('HINCRBY', META, 'bytes', -weight(key, size_of(entry)))
end

-- Writes the entry; previous is the live entry it replaces, or nil; text as pack takes it.
local function store(key, value, version, expires, previous, text)
  redis.call('SET', ENTRY, pack(version, expires, value, text))
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
    redis.call('HINCRBY', META, 'bytes', weight(key, #value))
  elseif #value ~= size_of(previous) then
    -- A value replaced by one of the same size (the usual update) leaves the statistics as they
    -- are: one call of the three an update costs, and its copy to the replicas, saved.
    redis.call('HINCRBY', META, 'bytes', #value - size_of(previous))
  end
end

-- Removes an entry found expired and publishes EXPIRED with its value.
local function expire(key, entry)
  publish('E', entry.version, key, nil, entry)
  drop(key, entry)
end

-- Applies an access TTL to the live entry at ENTRY (key key); returns its expiry afterwards.
-- Writes only when the expiry moves (never for spec D or U).
local function access(key, entry, spec)
  local expires = expiry_for_existing(spec, entry.expires)
  if expires ~= entry.expires then
    redis.call('SET', ENTRY, pack(entry.version, expires, value_of(entry)))
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
    out[n + 1], out[n + 2], out[n + 3] = 2, e.version, value_of(e)
    return
  end
  local expires = access(KEY, e, spec)
  out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, e.version, remaining(expires),
    value_of(e)
end

-- The previous value of a live entry to answer: {bytes, 0}, or {'', where the bytes went by} (see
-- SEEN).
local function previous_of(entry)
  local seen = SEEN[KEY]
  if seen ~= nil then
    return '', seen
  end
  SEEN[KEY] = -POS
  return value_of(entry), 0
end

-- Appends a write's answer to out: a head, then the new (or current) version, then only the
-- fields the head names. head = outcome (0 created, 1 updated, 2 not applied) + 4 if there was a
-- live entry + 8 if the write expired it at once (zero TTL) + 16 if an expired entry was met
-- (then its version and value follow) + 32 if the previous value is answered (then it and where
-- its bytes went by follow, see previous_of) + 64 if the entry expires (then the millis it has
-- left follow, right after the version). A plain update answers two fields, not ten: Redis
-- builds, and the node decodes, a fifth of what it did.
local function answer_write(out, outcome, version, had, zeroed, expires_in, expired, previous,
    seen)
  local n = #out
  local head_at = n + 1
  out[head_at] = 0
  out[n + 2] = version
  n = n + 2
  local head = outcome
  if had then
    head = head + 4
  end
  if zeroed then
    head = head + 8
  end
  if expires_in ~= 0 then
    head = head + 64
    n = n + 1
    out[n] = expires_in
  end
  if expired ~= nil then
    head = head + 16
    out[n + 1], out[n + 2] = expired.version, value_of(expired)
    n = n + 2
  end
  if previous ~= nil then
    head = head + 32
    out[n + 1], out[n + 2] = previous, seen
  end
  out[head_at] = head
end

-- A conditional write of the entry at ENTRY (key KEY), its arguments at ARGV[at..at + 8]: value,
-- condition (A always, B if absent, P if present, V value equals, N version equals), expected
-- value, expected version, create TTL, update TTL, TTL for a live entry when not applied, '1' to
-- return the previous value, the writer node's next version (the floor of the new one).
-- A zero create TTL stores nothing; a zero update TTL applies the update (UPDATED) and removes
-- the entry at once (EXPIRED), as JCache's Duration.ZERO demands.
-- Appends its answer to out (see answer_write).
local function write_entry(out, at)
  local value, condition = ARGV[at], ARGV[at + 1]
  local floor = tonumber(ARGV[at + 8])
  local current = load()
  local expired = nil
  if current ~= nil and is_expired(current) then
    expired = current
    expire(KEY, current)
    current = nil
  end
  -- Asked before the write, which changes where this key's bytes last went by.
  local previous, seen = nil, 0
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
    holds = current ~= nil and value_of(current) == ARGV[at + 2]
  else
    holds = current ~= nil and current.version == tonumber(ARGV[at + 3])
  end
  if not holds then
    if current == nil then
      answer_write(out, 2, 0, false, false, 0, expired, nil, 0)
      return
    end
    access(KEY, current, ARGV[at + 6])
    answer_write(out, 2, current.version, true, false, 0, expired, previous, seen)
    return
  end
  if current == nil then
    if is_zero(ARGV[at + 4]) then
      answer_write(out, 0, 0, false, true, 0, expired, nil, 0)
      return
    end
    local version = floor
    if expired ~= nil then
      version = math.max(floor, expired.version + 1)
    end
    publish('C', version, KEY, value, nil)
    local expires = expiry_for_create(ARGV[at + 4])
    -- The floor (the usual new version) as the node wrote it.
    store(KEY, value, version, expires, nil, version == floor and ARGV[at + 8] or nil)
    answer_write(out, 0, version, false, false, remaining(expires), expired, nil, 0)
    return
  end
  local version = math.max(floor, current.version + 1)
  publish('U', version, KEY, value, current)
  if is_zero(ARGV[at + 5]) then
    publish('E', version, KEY, nil, value)
    drop(KEY, current)
    answer_write(out, 1, version, true, true, 0, expired, previous, seen)
    return
  end
  local expires = expiry_for_existing(ARGV[at + 5], current.expires)
  store(KEY, value, version, expires, current, version == floor and ARGV[at + 8] or nil)
  answer_write(out, 1, version, true, false, remaining(expires), expired, previous,
    seen)
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
    expired_flag, expired_version, expired_value = 1, current.version, value_of(current)
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
    holds = value_of(current) == ARGV[at + 1]
  else
    holds = current.version == tonumber(ARGV[at + 2])
  end
  if not holds then
    access(KEY, current, ARGV[at + 3])
    return {0, 1, current.version, expired_flag, expired_version, previous, expired_value, seen}
  end
  publish('R', current.version, KEY, nil, current)
  drop(KEY, current)
  return {1, 1, 0, expired_flag, expired_version, previous, expired_value, seen}
end

-- A many-key script's body: for each entry of the bucket (KEYS[5..] its hashes) in order, runs
-- one(out, at) on that entry's arguments, which start at ARGV[at] after the key's bytes (`stride`
-- arguments per entry from ARGV[5], key included), and which appends the entry's answer to out.
-- Returns {-1} when the cache is gone.
local function each_entry(stride, one)
  if not alive() then
    return {-1}
  end
  local out = {}
  for i = 5, #KEYS do
    POS = i - 4
    local at = 5 + stride * (POS - 1)
    ENTRY = KEYS[i]
    KEY = ARGV[at]
    one(out, at + 1)
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
