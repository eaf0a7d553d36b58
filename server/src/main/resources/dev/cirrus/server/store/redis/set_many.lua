-- Writes of several keys of one bucket (a batch's share of it), each as set.lua writes one, in
-- order, in one round trip. KEYS[5..] the entries' hashes; ARGV[4] unused; then ten arguments per
-- write, in the order of KEYS[5..]: the key's bytes and write_entry's nine.
-- Returns {-1} when the cache is gone, else write_entry's answer for each write in turn.
return each_entry(10, write_entry)
