-- release.lua: hands a delivery back unstarted, the attempt not counted: to the front of its ready
-- list, or into delayed when it asks to run later (RetryLaterException).
--@include queue.lua
-- ARGV 5 task id, 6 lease token, 7 delay ms (0 or absent: at once)
-- Returns 1 released, 0 the lease was not held.

local id, token, delay = ARGV[5], ARGV[6], tonumber(ARGV[7] or "0") or 0
local a, p = held(id, token)
if not a then
  return 0
end
local body = read("hash", "HGET", TASKS, id)
if cancel_requested(id) then -- cancelled before it started: it ends here instead of going back
  cancel_in_flight(id, body, a - 1, false)
  return 1
end
expect_keys({INFLIGHT, ATTEMPTS, DELAYED, ready(p)})
check_wake()
unlease(id)
if body then
  if delay > 0 then
    redis.call("ZADD", DELAYED, NOW + delay, id)
  else
    redis.call("LPUSH", ready(p), id)
  end
  if a > 1 then
    redis.call("HSET", ATTEMPTS, id, a - 1)
  end
  if delay > 0 then
    emit("released", id, "a", a - 1, "run", NOW + delay)
  else
    emit("released", id, "a", a - 1)
  end
  wake()
end
return 1
