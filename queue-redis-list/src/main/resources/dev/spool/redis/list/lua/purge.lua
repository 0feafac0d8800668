-- purge.lua: deletes ready and delayed tasks (not those in flight, not dead letters), freeing the
-- unique keys they hold, in bounded steps: at most ARGV[5] tasks per call, so that purging a queue of
-- millions never holds the server for long; the caller calls again while the answer says more may
-- remain. When nothing of the queue is in flight and no queued task holds a unique key, a delivery
-- count or an error (no per-task work), the lists, the stored tasks and the progress reports (with
-- nothing in flight, every report left belongs to a queued task) are UNLINKed whole in one call: Redis
-- frees them in a background thread.
--@include queue.lua
-- ARGV 5 the most tasks deleted one by one in this call
-- Returns {deleted, 1 when more may remain else 0}.

expect_ready_all()
expect_keys({DELAYED, UNIQ, ATTEMPTS, TASKS, ERRORS, INFLIGHT})
local limit = tonumber(ARGV[5])
if redis.call("HLEN", UNIQ) == 0 and redis.call("HLEN", ATTEMPTS) == 0 and redis.call("ZCARD", INFLIGHT) == 0 then
  local n = redis.call("ZCARD", DELAYED)
  for p = 0, 9 do
    n = n + redis.call("LLEN", ready(p))
    redis.call("UNLINK", ready(p))
  end
  redis.call("UNLINK", DELAYED, TASKS, ERRORS, PROGRESS)
  return {n, 0}
end

-- A queued task leaves nothing behind: its stored task, unique key, delivery count and error go with it.
local function forget_queued(elements)
  local bodies, is_id = stored_of(elements)
  for i, e in ipairs(elements) do
    local id = e
    if is_id[i] then
      redis.call("HDEL", TASKS, id)
    else
      local h = header(e)
      id = h and h.id
    end
    if id then
      release_unique(id)
      redis.call("HDEL", ATTEMPTS, id)
      redis.call("HDEL", ERRORS, id)
      forget_progress({id})
    end
  end
end

local n = 0
for p = 0, 9 do
  if n >= limit then
    break
  end
  local elements = redis.call("LPOP", ready(p), limit - n)
  if elements then
    forget_queued(elements)
    n = n + #elements
  end
end
if n < limit then
  local elements = redis.call("ZRANGE", DELAYED, 0, limit - n - 1)
  if #elements > 0 then
    forget_queued(elements)
    redis.call("ZREMRANGEBYRANK", DELAYED, 0, #elements - 1)
  end
  n = n + #elements
end
return {n, n >= limit and 1 or 0}
