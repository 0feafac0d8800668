-- renew.lua: moves the lease deadlines of the deliveries whose lease their token still holds.
--@include queue.lua
-- ARGV 5 new deadline (epoch ms), then pairs from 6: task id, lease token
-- Returns a table of 1 (renewed) or 0 (the lease was not held), one per pair, in order.

local deadline = tonumber(ARGV[5])
local out = {}
for i = 6, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local done = 0
  -- ZREM, then ZADD: at maxmemory Redis refuses a script's first write only when that write may grow
  -- memory, and lets every later write through, so a full Redis still renews (and drains). The ZREM is
  -- the first write: a broken key fails it and changes nothing.
  if held(id, token) then
    if read("zset", "ZREM", INFLIGHT, id) == 1 then
      redis.call("ZADD", INFLIGHT, deadline, id)
      type_renew(id, deadline)
    end
    done = 1
  end
  out[#out + 1] = done
end
return out
