-- fail.lua: dead-letters a delivery at once with an error, whatever attempts it had left.
--@include queue.lua
-- ARGV 5 task id, 6 lease token, 7 error
-- Returns 1 dead-lettered, 0 the lease was not held (nothing changed).

local id, token, err = ARGV[5], ARGV[6], ARGV[7]
local a = held(id, token)
if not a then
  return 0
end
local body = read("hash", "HGET", TASKS, id)
if cancel_requested(id) then -- cancelled while it ran: it ends as cancelled, not as a dead letter
  cancel_in_flight(id, body, a, true)
  return 1
end
expect_keys({INFLIGHT, STATS, DEAD, DEADBODY, DEADINFO, UNIQ, TASKS, ERRORS})
unlease(id)
bury(id, body or "", a, err)
count(1, 1)
return 1
