-- renew.lua: moves the lease deadline of a delivery whose lease the token still holds.
--@include queue.lua
-- ARGV 5 task id, 6 lease token, 7 new deadline (epoch ms)
-- Returns 1 renewed, 0 the lease was not held.

local id, token = ARGV[5], ARGV[6]
if not held(id, token) then
  return 0
end
-- ZREM, then ZADD: at maxmemory Redis refuses a script's first write only when that write may grow
-- memory, and lets every later write through, so a full Redis still renews (and drains). The ZREM is
-- the first write: a broken key fails it and changes nothing.
if read("zset", "ZREM", INFLIGHT, id) == 1 then
  redis.call("ZADD", INFLIGHT, tonumber(ARGV[7]), id)
end
return 1
