-- A conditional write: write_entry's arguments at ARGV[5..13].
-- Returns {-1} when the cache is gone, else write_entry's ten fields.
if not alive() then
  return {-1}
end
return write_entry(5)
