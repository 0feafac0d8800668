-- expect.lua: key-type checks both adapters share (included by "--@include expect.lua").
-- A script that fails half-way through is not rolled back: a task taken from one structure and not
-- yet written to the next would be in none. So a script checks every key it will write BEFORE its
-- first write, and a broken key changes nothing; the error names the key (mapped to a clear
-- BackendException by ServerErrors.wrongType). TYPE is O(1); it is called once per key and call,
-- never per task.

-- Raises "SPOOL-WRONGTYPE <holds> <kind> <key>" when key holds another Redis type than kind;
-- returns true when the key exists.
local function expect(key, kind)
  local t = redis.call("TYPE", key).ok
  if t ~= "none" and t ~= kind then
    error("SPOOL-WRONGTYPE " .. t .. " " .. kind .. " " .. key, 0)
  end
  return t ~= "none"
end
