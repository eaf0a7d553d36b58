#!lua flags=allow-oom,allow-cross-slot-keys
-- Reads of a batch's keys on the buckets this node serves that leave entries as they are (no
-- access TTL to apply): each bucket's entries as stored, by one MGET of the bucket's keys, with
-- no Lua per key; the caller reads each entry's version and expiry, and has expire.lua remove
-- one it finds expired (KeyScripts). One argument per item: the key's bytes (see each_node_item
-- for the layout; node_groups checks every bucket's tombstone first).
-- Returns {-2} when a bucket's slot is not this node's, {-1} when the cache is gone, else each
-- key's entry in turn (nil where there is none).
local groups, refused = node_groups(1)
if groups == nil then
  return refused
end
local out = {}
for g = 1, #groups do
  local at = groups[g]
  local prefix = ARGV[at] .. 'e:'
  local names = {}
  for i = 1, tonumber(ARGV[at + 1]) do
    names[i] = prefix .. ARGV[at + 1 + i]
  end
  local entries = redis.call('MGET', unpack(names))
  for i = 1, #entries do
    out[#out + 1] = entries[i]
  end
end
return out
