-- ack.lua: acknowledges deliveries: forgets each task whose lease the token still holds and
-- frees its unique key (unless the key has a window of its own) and the error of its last attempt.
--@include queue.lua
-- ARGV 5.. pairs of task id, lease token
-- Returns how many were acknowledged.

local ids, tokens = {}, {}
for i = 5, #ARGV, 2 do
  ids[#ids + 1] = ARGV[i]
  tokens[#tokens + 1] = ARGV[i + 1]
end
if #ids == 0 then
  return 0
end
local leases = bulk("HMGET", LEASE, ids)
local done, seen, retried = {}, {}, {}
for i, id in ipairs(ids) do
  local m = leases[i]
  if m and not seen[id] then
    local token, a = string.match(m, "^(%S+) (%d+)")
    if token == tokens[i] then
      seen[id] = true
      done[#done + 1] = id
      if a ~= "1" then -- only a task delivered before can have kept an error
        retried[#retried + 1] = id
      end
    end
  end
end
if #done > 0 then
  -- checked before the first write (the lease hash was read above; ZREM, the first write, names
  -- inflight itself should it fail): a broken key changes nothing
  expect_keys({TASKS, STATS})
  local unique = expect(UNIQ, "hash")
  local errors = #retried > 0 and expect(ERRORS, "hash")
  bulk("ZREM", INFLIGHT, done)
  bulk("HDEL", TASKS, done)
  bulk("HDEL", LEASE, done)
  if errors then
    bulk("HDEL", ERRORS, retried)
  end
  if unique then
    for _, id in ipairs(done) do
      release_unique(id)
    end
  end
  count(#done, 0)
end
return #done
