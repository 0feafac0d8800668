-- retry.lua: schedules the next attempt of a delivery at runAt, or dead-letters it with the
-- error when it was its last permitted attempt. The error is kept until the next attempt ends.
--@include queue.lua
-- ARGV 5 task id, 6 lease token, 7 runAt (epoch ms), 8 error
-- Returns 1 scheduled, 2 dead-lettered, 3 ended as cancelled (it was cancelled while it ran), 0 the
-- lease was not held (nothing changed).

local id, token, run_at, err = ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
local a, p = held(id, token)
if not a then
  return 0
end
local body = read("hash", "HGET", TASKS, id)
if cancel_requested(id) then -- cancelled while it ran: it ends as cancelled, never retried
  cancel_in_flight(id, body, a, true)
  return 3
end
expect_keys({INFLIGHT, STATS, DEAD, DEADBODY, DEADINFO, UNIQ, DELAYED, ATTEMPTS, ERRORS, ready(p)})
check_wake()
unlease(id)
count(1, 1)
if not body or a >= max_attempts(body) then
  bury(id, body or "", a, err)
  return 2
end
if run_at > NOW then
  redis.call("ZADD", DELAYED, run_at, id)
else
  redis.call("RPUSH", ready(p), id)
end
redis.call("HSET", ATTEMPTS, id, a)
redis.call("HSET", ERRORS, id, err)
emit("retried", id, "a", a, "run", math.max(run_at, NOW), "err", err)
wake()
return 1
