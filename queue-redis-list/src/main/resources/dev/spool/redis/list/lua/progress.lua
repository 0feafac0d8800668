-- progress.lua: records how far a running task has come, while the caller's lease holds.
--@include queue.lua
-- ARGV 5 task id, 6 lease token, 7 percent (0..100), 8 detail JSON ("" for none)
-- Returns 1 when recorded, 0 when the lease was not held (nothing changed).

local id, token = ARGV[5], ARGV[6]
local a = held(id, token)
if not a then
  return 0
end
read("hash", "HSET", PROGRESS, id, ARGV[7] .. " " .. NOW .. "\n" .. ARGV[8])
emit("progress", id, "a", a, "p", ARGV[7])
return 1
