-- Removals of several keys of one bucket (a batch's share of it), each as remove.lua removes one,
-- in order, in one round trip. KEYS[5..] the entries' hashes; ARGV[4] unused; then six arguments
-- per removal, in the order of KEYS[5..]: the key's bytes and remove_entry's five.
-- Returns {-1} when the cache is gone, else remove_entry's eight fields for each removal in turn.
if not alive() then
  return {-1}
end
local out = {}
for i = 5, #KEYS do
  POS = i - 4
  local at = 5 + 6 * (POS - 1)
  ENTRY = KEYS[i]
  KEY = ARGV[at]
  local r = remove_entry(at + 1)
  for j = 1, 8 do
    out[#out + 1] = r[j]
  end
end
return out
