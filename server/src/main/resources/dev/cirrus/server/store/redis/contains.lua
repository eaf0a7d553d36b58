-- The live entry's version, without side effects (an expired entry is left for others to find).
-- Returns {-1} when the cache is gone, else {found, version}.
if not alive() then
  return {-1}
end
local entry = load()
if entry == nil or is_expired(entry) then
  return {0, 0}
end
return {1, entry.version}
