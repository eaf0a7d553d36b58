-- Removes an entry that a read outside a script (an MGET) found expired, and publishes EXPIRED
-- with its value, as a script's read would have: only if it is still that version and still
-- expired, so an entry written since is left alone. ARGV[5] the version the read found.
-- Returns {-1} when the cache is gone, else {removed}.
if not alive() then
  return {-1}
end
local entry = load()
if entry == nil or entry.version ~= tonumber(ARGV[5]) or not is_expired(entry) then
  return {0}
end
expire(KEY, entry)
return {1}
