-- Writes of several keys of one bucket (a batch's share of it), each as set.lua writes one, in
-- order, in one round trip. KEYS[5..] the entries' hashes; ARGV[4] unused; then ten arguments per
-- write, in the order of KEYS[5..]: the key's bytes and write_entry's nine.
-- Returns {-1} when the cache is gone, else write_entry's ten fields for each write in turn.
if not alive() then
  return {-1}
end
local out = {}
for i = 5, #KEYS do
  POS = i - 4
  local at = 5 + 10 * (POS - 1)
  ENTRY = KEYS[i]
  KEY = ARGV[at]
  local r = write_entry(at + 1)
  for j = 1, 10 do
    out[#out + 1] = r[j]
  end
end
return out
