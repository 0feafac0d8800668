-- purge.lua: deletes every ready and delayed task (not those in flight, not dead letters) and
-- frees the unique keys the deleted tasks held.
--@include queue.lua
-- Returns how many tasks were deleted.

expect_ready_all()
expect_keys({DELAYED, UNIQ, LEASE})
local n = redis.call("ZCARD", DELAYED)
for p = 0, 9 do
  n = n + redis.call("LLEN", ready(p))
  redis.call("DEL", ready(p))
end
redis.call("DEL", DELAYED, ATTEMPTS)
local uniq = redis.call("HGETALL", UNIQ)
for i = 1, #uniq, 2 do
  local id = uniq[i]
  if redis.call("HEXISTS", LEASE, id) == 0 then
    release_unique(id)
  end
end
return n
