-- Removals of several keys of one bucket (a batch's share of it), each as remove.lua removes one,
-- in order, in one round trip. KEYS[5..] the entries' hashes; ARGV[4] unused; then six arguments
-- per removal, in the order of KEYS[5..]: the key's bytes and remove_entry's five.
-- Returns {-1} when the cache is gone, else remove_entry's eight fields for each removal in turn.
return each_entry(6, function(out, at)
  append(out, remove_entry(at), 8)
end)
