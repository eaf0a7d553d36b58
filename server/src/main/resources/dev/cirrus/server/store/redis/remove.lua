-- A conditional removal: remove_entry's arguments at ARGV[5..9].
-- Returns {-1} when the cache is gone, else remove_entry's eight fields.
if not alive() then
  return {-1}
end
return remove_entry(5)
