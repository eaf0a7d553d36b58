#!lua flags=allow-oom,allow-cross-slot-keys
-- Removals of a batch's keys on the buckets this node serves, each as remove.lua removes one, in
-- order, in one round trip (see each_node_item). allow-oom: removing is how memory is freed at
-- maxmemory. Six arguments per item: the key's bytes and remove_entry's five.
-- Returns {-2} when a bucket's slot is not this node's, {-1} when the cache is gone, else
-- remove_entry's eight fields for each removal in turn.
return each_node_item(6, function(out, at)
  append(out, remove_entry(at), 8)
end)
