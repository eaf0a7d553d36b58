-- Reads of several keys of one bucket (a batch's share of it), each as get.lua reads one, in one
-- round trip. KEYS[5..] the entries' hashes; ARGV[4] unused; ARGV[5] the access TTL spec;
-- ARGV[6..] the keys' bytes, in the order of KEYS[5..].
-- Returns {-1} when the cache is gone, else get.lua's seven fields for each key in turn.
if not alive() then
  return {-1}
end
local out = {}
for i = 5, #KEYS do
  ENTRY = KEYS[i]
  KEY = ARGV[i + 1]
  local r = read_entry(ARGV[5])
  for j = 1, 7 do
    out[#out + 1] = r[j]
  end
end
return out
