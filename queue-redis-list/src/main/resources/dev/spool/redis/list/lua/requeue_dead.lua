-- requeue_dead.lua: moves dead letters back to the back of their ready list with fresh attempts.
-- The caller has decoded each one (data that is not a task cannot be requeued) and passes it
-- re-encoded with attempt 0.
--@include queue.lua
-- ARGV 5.. triples of task id, stored task, priority
-- Returns how many were requeued (an id that is no longer a dead letter is skipped).

expect_keys({DEAD, DEADBODY, DEADINFO, ATTEMPTS})
expect_ready_all()
check_wake()
local moved = 0
for i = 5, #ARGV, 3 do
  local id, body, p = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  if redis.call("ZSCORE", DEAD, id) then
    forget_dead(id)
    redis.call("HDEL", ATTEMPTS, id)
    redis.call("RPUSH", ready(p), body)
    moved = moved + 1
  end
end
if moved > 0 then
  wake()
end
return moved
