-- release.lua: hands a delivery back unstarted: to the front of its ready list, the attempt
-- not counted.
--@include queue.lua
-- ARGV 5 task id, 6 lease token
-- Returns 1 released, 0 the lease was not held.

local id, token = ARGV[5], ARGV[6]
local a, p = held(id, token)
if not a then
  return 0
end
local body = read("hash", "HGET", TASKS, id)
if cancel_requested(id) then -- cancelled before it started: it ends here instead of going back
  cancel_in_flight(id, body, a - 1, false)
  return 1
end
expect_keys({INFLIGHT, ATTEMPTS, ready(p)})
check_wake()
unlease(id)
if body then
  redis.call("LPUSH", ready(p), id)
  if a > 1 then
    redis.call("HSET", ATTEMPTS, id, a - 1)
  end
  emit("released", id, "a", a - 1)
  wake()
end
return 1
