-- enqueue.lua: stores a batch of tasks in order, each after its unique-key check.
--@include queue.lua
-- ARGV 5 call id (random per call), 6 "1" when this call is a re-send after a failure, else "0",
--      7 the number of tasks n, then 2 per task: spec, stored task. The spec is
--        "<priority>" for a task with a generated id that is ready now and has no unique key (the
--        common case, kept to one character because every ARGV costs Redis a string; the id is
--        read from the stored task, where TaskCodec writes it first), else
--        "<priority>|<runAt ms, 0 = now>|<id>|<unique mode>|<lock end ms>|<lock TTL ms>|<chosen>|<unique key>"
--        where the mode is "h" (held until the task finishes) or "w" (a window from enqueue) or
--        empty (no unique key), the lock end is the key's logical end and the TTL the Redis
--        expiry, a memory safety net longer than that; chosen is "1" when the caller chose the id
--        (then a task of that id already in the queue refuses it), else "0"; the key comes last as
--        it may hold "|".
-- Each stored task goes into tasks under its id, and its id into its ready list or delayed.
-- Returns one entry per task, in order: "" when stored (or already stored by an earlier send of
-- the same call), else the id of the task that holds its unique key or its id.

local SENT_KEEP, SENT_TTL_MS = 1000, 600000
local call_id, resent, n = ARGV[5], ARGV[6] == "1", tonumber(ARGV[7])
local out = {}

local function parse(spec)
  return string.match(spec, "^(%d)|(%d+)|([^|]*)|(%a?)|(%d+)|(%d+)|(%d)|(.*)$")
end

local function holder_of(key)
  local v = read("string", "GET", PREFIX .. "unique:" .. key)
  return v and string.match(v, "^(.*)|%d+|%a$")
end

if resent and read("list", "LPOS", SENT, call_id) then
  -- the first send was stored and only its reply was lost: answer it again, store nothing
  for i = 1, n do
    local spec = ARGV[6 + 2 * i]
    local verdict = ""
    if #spec > 1 then
      local _, _, id, _, _, _, _, key = parse(spec)
      local holder = key ~= "" and holder_of(key) or nil
      if holder and holder ~= id then
        verdict = holder
      end
    end
    out[i] = verdict
  end
  return out
end

-- First every spec is parsed and every key this call will write is checked (the unique locks by
-- reading them), so that a key holding the wrong type changes nothing (see expect() in queue.lua).
local specs, levels, locks = {}, {}, {}
local any_delayed, any_unique, any_chosen = false, false, false
for i = 1, n do
  local spec = ARGV[6 + 2 * i]
  local s = {p = spec, run_at = 0, key = ""}
  if #spec > 1 then
    local run_at, chosen
    s.p, run_at, s.id, s.mode, s.lock_end, s.ttl, chosen, s.key = parse(spec)
    s.run_at = tonumber(run_at)
    s.chosen = chosen == "1"
    any_chosen = any_chosen or s.chosen
    if s.key ~= "" then
      any_unique = true
      local lock = PREFIX .. "unique:" .. s.key
      if locks[lock] == nil then
        locks[lock] = read("string", "GET", lock) -- false when there is none
      end
    end
  else
    s.id = string.match(ARGV[7 + 2 * i], '^{"id":"([%w_.:%-]+)"')
  end
  if not s.id or s.id == "" then
    return redis.error_reply("ERR enqueue.lua: task " .. i .. " of the call has no id in its spec or stored form")
  end
  if s.run_at > NOW then
    any_delayed = true
  else
    levels[tonumber(s.p)] = true
  end
  specs[i] = s
end
for p in pairs(levels) do
  expect(ready(p), "list")
end
if any_delayed then
  expect(DELAYED, "zset")
end
if any_unique then
  expect(UNIQ, "hash")
end
expect(SENT, "list")
check_wake()

local stored = 0
local taken = {} -- ids stored by this call
local bodies, pushes, delayed, lock_sets, held_keys, events = {}, {}, {}, {}, {}, {}
for i = 1, n do
  local s, body = specs[i], ARGV[7 + 2 * i]
  local verdict = ""
  local store = true
  if s.chosen and (taken[s.id] or read("hash", "HEXISTS", TASKS, s.id) == 1) then
    store = false -- a task of this id is in the queue: it is not stored twice
    verdict = s.id
  elseif s.key ~= "" then
    local lock = PREFIX .. "unique:" .. s.key
    local v = locks[lock]
    if v then
      local holder, ends, m = string.match(v, "^(.*)|(%d+)|(%a)$")
      -- a key held until its task finishes is free when the task is gone (purged, repaired)
      local alive = holder and tonumber(ends) > NOW
              and (m == "w" or taken[holder] or redis.call("HEXISTS", UNIQ, holder) == 1)
      if alive then
        store = false
        if holder ~= s.id then
          verdict = holder
        end
      end
    end
    if store then
      local value = s.id .. "|" .. s.lock_end .. "|" .. s.mode
      lock_sets[#lock_sets + 1] = {lock, value, s.ttl}
      locks[lock] = value -- a later task of this batch with the same key sees it taken
      if s.mode == "h" then
        held_keys[#held_keys + 1] = s.id
        held_keys[#held_keys + 1] = s.key
      end
    end
  end
  if store and s.id then
    taken[s.id] = true
    events[#events + 1] = s
    bodies[#bodies + 1] = s.id
    bodies[#bodies + 1] = body
    if s.run_at > NOW then
      delayed[#delayed + 1] = s.run_at
      delayed[#delayed + 1] = s.id
    else
      local list = pushes[s.p]
      if not list then
        list = {}
        pushes[s.p] = list
      end
      list[#list + 1] = s.id
    end
    stored = stored + 1
  end
  out[i] = verdict
end
if stored > 0 then
  bulk("HSET", TASKS, bodies) -- the first write: a tasks key of the wrong type fails it, changing nothing
end
for _, l in ipairs(lock_sets) do
  redis.call("SET", l[1], l[2], "PX", l[3])
end
if #held_keys > 0 then
  bulk("HSET", UNIQ, held_keys)
end
for p, list in pairs(pushes) do -- one RPUSH per priority keeps the batch's order within each
  bulk("RPUSH", ready(tonumber(p)), list)
end
if #delayed > 0 then
  bulk("ZADD", DELAYED, delayed)
end
local now_ready = {}
for _, e in ipairs(events) do
  if e.run_at > NOW then
    emit("enqueued", e.id, "run", e.run_at)
  else
    now_ready[#now_ready + 1] = e.id
  end
end
emit_all("enqueued", now_ready, nil)
redis.call("LPUSH", SENT, call_id)
redis.call("LTRIM", SENT, 0, SENT_KEEP - 1)
redis.call("PEXPIRE", SENT, SENT_TTL_MS)
if stored > 0 then
  wake()
end
return out
