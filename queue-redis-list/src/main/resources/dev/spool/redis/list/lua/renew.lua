-- renew.lua: moves the lease deadline of a delivery whose lease the token still holds.
--@include queue.lua
-- ARGV 5 task id, 6 lease token, 7 new deadline (epoch ms)
-- Returns 1 renewed, 0 the lease was not held.

local id, token = ARGV[5], ARGV[6]
if not held(id, token) then
  return 0
end
read("zset", "ZADD", INFLIGHT, "XX", tonumber(ARGV[7]), id) -- the only write: a broken key changes nothing
return 1
