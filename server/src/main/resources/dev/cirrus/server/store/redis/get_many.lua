-- Reads of several keys of one bucket (a batch's share of it), each as get.lua reads one, in one
-- round trip. ARGV[4] the bucket's entry key prefix; ARGV[5] the access TTL spec; ARGV[6..] the
-- keys' bytes. Each entry's hash is named here (prefix then key, in the bucket's slot, as scan.lua
-- names them) rather than sent as a key: half the bytes to send and decode per key.
-- Returns {-1} when the cache is gone, else read_into's answer for each key in turn.
if not alive() then
  return {-1}
end
local prefix, spec = ARGV[4], ARGV[5]
local out = {}
for i = 6, #ARGV do
  KEY = ARGV[i]
  ENTRY = prefix .. KEY
  read_into(out, spec)
end
return out
