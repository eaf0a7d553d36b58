#!lua flags=allow-cross-slot-keys
-- Writes of a batch's keys on the buckets this node serves, each as set.lua writes one, in order,
-- in one round trip (see each_node_item). Ten arguments per item: the key's bytes and
-- write_entry's nine. Without allow-oom: at maxmemory Redis refuses the whole call before it runs.
-- Returns {-2} when a bucket's slot is not this node's, {-1} when the cache is gone, else
-- write_entry's answer for each write in turn.
return each_node_item(10, write_entry)
