#!lua flags=allow-oom,allow-cross-slot-keys
-- Reads of a batch's keys on the buckets this node serves, each as get.lua reads one, in one
-- round trip (see each_node_item). allow-oom: reads must work when Redis is at maxmemory (the
-- only writes are access TTLs and the removal of expired entries). ARGV[4] the access TTL spec;
-- one argument per item: the key's bytes.
-- Returns {-2} when a bucket's slot is not this node's, {-1} when the cache is gone, else
-- read_into's answer for each key in turn.
local spec = ARGV[4]
return each_node_item(1, function(out)
  read_into(out, spec)
end)
