-- requeue_dead.lua: moves dead letters back to the back of their ready list with fresh attempts.
-- The caller has decoded each one (data that is not a task cannot be requeued) and passes it
-- re-encoded with attempt 0.
--@include queue.lua
-- ARGV 5.. triples of task id, stored task, priority
-- Returns how many were requeued (an id that is no longer a dead letter is skipped, and so is one
-- whose id a task in the queue has taken since: it stays a dead letter).

expect_keys({DEAD, DEADBODY, DEADINFO, ATTEMPTS, TASKS})
expect_ready_all()
check_wake()
local moved = 0
for i = 5, #ARGV, 3 do
  local id, body, p = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  if redis.call("ZSCORE", DEAD, id) and redis.call("HEXISTS", TASKS, id) == 0 then
    forget_dead(id)
    redis.call("HDEL", ATTEMPTS, id)
    redis.call("HSET", TASKS, id, body)
    redis.call("RPUSH", ready(p), id)
    emit("enqueued", id)
    moved = moved + 1
  end
end
if moved > 0 then
  wake()
end
return moved
