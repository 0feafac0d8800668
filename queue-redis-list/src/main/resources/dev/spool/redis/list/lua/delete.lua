-- delete.lua: deletes one task by id with everything it owns: a scheduled or ready task (its entry in
-- delayed or its ready list, stored task, delivery count, error and progress), a dead letter (its three
-- records), or the record of a task kept finished; and the unique key it still holds, whether held until
-- it finishes (uniq) or for a window (its lock names it). A task in flight is refused, nothing changed:
-- cancel it instead. No event: like purge and delete_dead, a deletion is not a step of the task's life.
--@include queue.lua
-- ARGV 5 task id
-- Returns "deleted", "running" or "unknown".

local id = ARGV[5]

-- The unique lock the stored task body names (its header's uk) when this task still holds it, else nil.
-- Read before any write: a lock key of another type fails the call with nothing changed.
local function held_lock(body)
  local h = body and header(body)
  if h and type(h.uk) == "string" then
    local lock = PREFIX .. "unique:" .. h.uk
    local v = read("string", "GET", lock)
    if v and string.sub(v, 1, #id + 1) == id .. "|" then
      return lock
    end
  end
  return nil
end

-- Frees that lock and the task's uniq record (release_unique: a key taken over by another task stays).
local function free_unique(lock)
  release_unique(id)
  if lock then
    redis.call("DEL", lock)
  end
end

local body = read("hash", "HGET", TASKS, id)
if body then
  if read("zset", "ZSCORE", INFLIGHT, id) then
    return "running"
  end
  expect_keys({DELAYED, TASKS, ATTEMPTS, ERRORS, UNIQ, CANCEL})
  expect_ready_all()
  local lock = held_lock(body)
  unqueue(id, body)
  free_unique(lock)
  redis.call("HDEL", TASKS, id)
  redis.call("HDEL", ATTEMPTS, id)
  redis.call("HDEL", ERRORS, id)
  redis.call("HDEL", CANCEL, id)
  forget_progress({id})
  return "deleted"
end
if read("zset", "ZSCORE", DEAD, id) then
  expect_keys({DEADBODY, DEADINFO, UNIQ})
  local lock = held_lock(redis.call("HGET", DEADBODY, id))
  forget_dead(id)
  free_unique(lock)
  return "deleted"
end
expect_keys({FINISHED, FINISHED_AT, UNIQ})
local state, task = finished_record(id)
local lock = state and held_lock(task)
if redis.call("ZREM", FINISHED_AT, id) + redis.call("HDEL", FINISHED, id) > 0 and state then
  free_unique(lock)
  return "deleted"
end
return "unknown" -- the remains of a record whose time was up go too
