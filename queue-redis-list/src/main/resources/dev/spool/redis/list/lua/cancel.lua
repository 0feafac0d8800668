-- cancel.lua: cancels one task by id. A scheduled or ready task is removed at once (its stored task,
-- delivery count, error and unique key go with it; with a retention it is kept as cancelled); a
-- running one is flagged in cancel, which its worker reads (cancelRequests) and every script that
-- settles it honours; a dead letter or a kept finished task is final and left as it is.
--@include queue.lua
-- ARGV 5 task id
-- Returns "cancelled", "requested", "final" or "unknown".

local id = ARGV[5]
local body = read("hash", "HGET", TASKS, id)
if body then
  if read("zset", "ZSCORE", INFLIGHT, id) then
    expect(CANCEL, "hash")
    redis.call("HSET", CANCEL, id, NOW)
    return "requested"
  end
  expect_keys({DELAYED, unpack(CANCEL_KEYS)})
  expect_ready_all()
  unqueue(id, body)
  end_cancelled(id, body, tonumber(redis.call("HGET", ATTEMPTS, id)) or 0)
  return "cancelled"
end
if read("zset", "ZSCORE", DEAD, id) then
  return "final"
end
local expires = tonumber(read("zset", "ZSCORE", FINISHED_AT, id))
if expires and expires > NOW then
  return "final"
end
return "unknown"
