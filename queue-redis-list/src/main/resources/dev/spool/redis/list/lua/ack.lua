-- ack.lua: acknowledges deliveries: forgets each task whose lease the token still holds and
-- frees its unique key (unless the key has a window of its own) and the error of its last attempt.
-- A task with a retention is kept as succeeded, with its result, in finished until it expires.
--@include queue.lua
-- ARGV 5 k, the number of deliveries with a retention or a result, then k quadruples of task id, lease
--        token, retention (ms; 0 for the queue's), result ("" for none); then pairs of task id, lease
--        token (kept only when the queue has a retention)
-- Returns how many were acknowledged.

local k = tonumber(ARGV[5])
local ids, tokens, keep = {}, {}, {}
for i = 0, k - 1 do
  local b = 6 + 4 * i
  ids[#ids + 1] = ARGV[b]
  tokens[#tokens + 1] = ARGV[b + 1]
  local rt = retention_of(tonumber(ARGV[b + 2]))
  if rt > 0 then
    keep[#ids] = {rt, ARGV[b + 3]}
  end
end
local queue_rt = retention_of(nil) -- the queue's retention, for the tasks that set none
for i = 6 + 4 * k, #ARGV, 2 do
  ids[#ids + 1] = ARGV[i]
  tokens[#tokens + 1] = ARGV[i + 1]
  if queue_rt > 0 then
    keep[#ids] = {queue_rt, ""}
  end
end
if #ids == 0 then
  return 0
end
local leases = bulk("HMGET", LEASE, ids)
local done, seen, retried, kept, attempt_of = {}, {}, {}, {}, {}
for i, id in ipairs(ids) do
  local m = leases[i]
  if m and not seen[id] then
    local token, a = string.match(m, "^(%S+) (%d+)")
    if token == tokens[i] then
      seen[id] = true
      done[#done + 1] = id
      attempt_of[id] = a
      if a ~= "1" then -- only a task delivered before can have kept an error
        retried[#retried + 1] = id
      end
      if keep[i] then
        kept[#kept + 1] = {id, a, keep[i][1], keep[i][2]}
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
  local flags = expect(CANCEL, "hash") -- a task cancelled while it ran whose handler finished first: it succeeded
  if #kept > 0 then
    expect_keys({FINISHED, FINISHED_AT})
    for _, r in ipairs(kept) do
      r[5] = redis.call("HGET", TASKS, r[1]) or ""
    end
  end
  bulk("ZREM", INFLIGHT, done)
  bulk("HDEL", TASKS, done)
  forget_progress(done)
  bulk("HDEL", LEASE, done)
  type_unlease_all(done)
  if errors then
    bulk("HDEL", ERRORS, retried)
  end
  if flags then
    bulk("HDEL", CANCEL, done)
  end
  if unique then
    for _, id in ipairs(done) do
      release_unique(id)
    end
  end
  for _, r in ipairs(kept) do
    keep_finished(r[1], "succeeded", r[2], r[3], r[4], r[5])
  end
  local attempts = {}
  for i, id in ipairs(done) do
    attempts[i] = attempt_of[id]
  end
  emit_all("succeeded", done, attempts)
  count(#done, 0)
end
return #done
