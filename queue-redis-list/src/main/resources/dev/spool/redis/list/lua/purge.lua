-- purge.lua: deletes ready and delayed tasks (not those in flight, not dead letters), freeing the
-- unique keys they hold, in bounded steps: at most ARGV[5] tasks per call, so that purging a queue of
-- millions never holds the server for long; the caller calls again while the answer says more may
-- remain. When no task of the queue holds a unique key or a delivery count (no per-task work), the
-- lists are UNLINKed whole in one call: Redis frees them in a background thread.
--@include queue.lua
-- ARGV 5 the most tasks deleted one by one in this call
-- Returns {deleted, 1 when more may remain else 0}.

expect_ready_all()
expect_keys({DELAYED, UNIQ, ATTEMPTS})
local limit = tonumber(ARGV[5])
if redis.call("HLEN", UNIQ) == 0 and redis.call("HLEN", ATTEMPTS) == 0 then
  local n = redis.call("ZCARD", DELAYED)
  for p = 0, 9 do
    n = n + redis.call("LLEN", ready(p))
    redis.call("UNLINK", ready(p))
  end
  redis.call("UNLINK", DELAYED)
  return {n, 0}
end

-- A queued task leaves nothing behind: its unique key and its delivery count go with it.
local function forget_queued(body)
  local h = header(body)
  if h then
    release_unique(h.id)
    redis.call("HDEL", ATTEMPTS, h.id)
  end
end

local n = 0
for p = 0, 9 do
  if n >= limit then
    break
  end
  local bodies = redis.call("LPOP", ready(p), limit - n)
  if bodies then
    for _, body in ipairs(bodies) do
      forget_queued(body)
    end
    n = n + #bodies
  end
end
if n < limit then
  local bodies = redis.call("ZRANGE", DELAYED, 0, limit - n - 1)
  for _, body in ipairs(bodies) do
    forget_queued(body)
  end
  if #bodies > 0 then
    redis.call("ZREMRANGEBYRANK", DELAYED, 0, #bodies - 1)
  end
  n = n + #bodies
end
return {n, n >= limit and 1 or 0}
