-- run_now.lua: makes a scheduled task (delayed, or waiting for a retry) ready now, exactly as if its runAt
-- had come: out of delayed and to the back of its ready list, as promote() (queue.lua) moves it; its
-- delivery count, error and unique key stay as they are. A task in any other state is left as it is.
--@include queue.lua
-- ARGV 5 task id
-- Returns "ready", "not_scheduled" (the task is ready, in flight, dead or kept finished) or "unknown".

local id = ARGV[5]
if read("zset", "ZSCORE", DELAYED, id) then
  local bodies = stored_of({id})
  local p = priority_of(header(bodies[1]))
  expect(ready(p), "list")
  check_wake()
  redis.call("ZREM", DELAYED, id)
  redis.call("RPUSH", ready(p), id)
  wake()
  return "ready"
end
if read("hash", "HEXISTS", TASKS, id) == 1 or read("zset", "ZSCORE", DEAD, id) then
  return "not_scheduled"
end
expect_keys({FINISHED, FINISHED_AT}) -- read only, but a broken key is named
if finished_record(id) then
  return "not_scheduled"
end
return "unknown"
