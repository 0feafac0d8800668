-- queue.lua: the shared prologue of every script that works on one queue (included by
-- "--@include queue.lua"; Scripts inlines it when loading). It names the keys and holds the
-- helpers that several scripts need, so each state change stays one atomic script.
--
-- KEYS, the same 31 for every queue script, all inside the queue's hash tag {q}:
--   1..10 ready:0 .. ready:9  LIST   task ids, FIFO, one list per priority
--   11    delayed             ZSET   task id -> runAt (epoch ms): new delayed tasks and retries
--   12    inflight            ZSET   task id -> lease deadline (epoch ms)
--   13    tasks               HASH   task id -> stored task (TaskCodec form), for every task in the queue
--                                    (ready, delayed or in flight), so that any of them is found by id
--   14    lease               HASH   task id -> "<token> <attempt> <priority> <startedAt> <holder>" (records
--                                    written before started and holder were kept end after the priority)
--   15    attempts            HASH   task id -> deliveries so far, for queued tasks delivered before
--   16    uniq                HASH   task id -> unique key, for tasks whose key is held until they finish
--   17    dead                ZSET   task id -> failedAt (epoch ms)
--   18    dead:body           HASH   task id -> stored data of the dead letter
--   19    dead:info           HASH   task id -> "<attempts> <failedAt> <error>"
--   20    stats               HASH   processed, failed, dead_dropped, expired; and the throughput history's ring
--                                    slots m:<i>, h:<i> (history_ring.lua, shared with redis-stream)
--   21    paused              STRING exists while the queue is paused
--   22    wake                LIST   at most one token, pushed when work arrives; idle consumers BLPOP it
--   23    sent                LIST   ids of the last 1000 enqueue calls, so that a call re-sent after a
--                                    lost reply is answered instead of stored twice (expires when idle)
--   24    errors              HASH   task id -> the error of its last failed attempt, while it waits for
--                                    the next one
--   25    finished            HASH   task id -> "<state> <finishedAt> <attempts> <result bytes>\n<result><stored task>"
--                                    for a task that finished with a retention (only such tasks)
--   26    finished:at         ZSET   task id -> when its finished record expires (epoch ms, by the clock)
--   27    cancel              HASH   task id -> when it was cancelled, for a task cancelled while in flight:
--                                    every script that ends its attempt ends it as cancelled
--   28    progress            HASH   task id -> "<percent> <reportedAt>\n<detail JSON or nothing>", what its
--                                    handler last reported, kept until the task ends
--   29    settings            HASH   the queue's settings (events.lua, shared with redis-stream)
--   30    events              STREAM the queue's event log (events.lua)
--   31    rate                ZSET   one member per task leased in the rate limit's period, by when (limits.lua)
-- Keys of a task type with limits of its own are built from the prefix (limits.lua); a lease there is the
-- task id.
-- An element of a ready list or of delayed that has no entry in tasks is itself the stored data (a
-- task stored by a version before tasks held every queued task, or garbage): fetch leases it as
-- such, and what is not a task becomes a dead letter with the reason.
-- ARGV, the same first four for every queue script:
--   1 the key prefix "spool:{q}:" (a unique lock is prefix .. "unique:" .. key)
--   2 now, epoch ms, read from the broker's clock: the server's time (ServerClock) or a test's fake clock
--   3 the most dead letters kept
--   4 the longest a dead letter is kept, ms
-- Script-specific arguments start at ARGV[5].

local DELAYED, INFLIGHT, TASKS, LEASE = KEYS[11], KEYS[12], KEYS[13], KEYS[14]
local ATTEMPTS, UNIQ, DEAD, DEADBODY, DEADINFO = KEYS[15], KEYS[16], KEYS[17], KEYS[18], KEYS[19]
local STATS, PAUSED, WAKE, SENT, ERRORS = KEYS[20], KEYS[21], KEYS[22], KEYS[23], KEYS[24]
local FINISHED, FINISHED_AT, CANCEL, PROGRESS = KEYS[25], KEYS[26], KEYS[27], KEYS[28]
local SETTINGS, EVENTS, RATE = KEYS[29], KEYS[30], KEYS[31]
local PREFIX = ARGV[1]
local NOW = tonumber(ARGV[2])
local LIMIT_PREFIX = PREFIX
--@include events.lua
--@include limits.lua
--@include finished.lua
--@include history_ring.lua
local DEAD_MAX = tonumber(ARGV[3])
local DEAD_AGE = tonumber(ARGV[4])
--@include defaults.lua
local TRIM_BATCH = 100

local function ready(p)
  return KEYS[p + 1]
end

-- What each key must hold (or be absent): every script that writes calls expect() (expect.lua,
-- shared with redis-stream) for the keys it will write BEFORE its first write, and reads through
-- read(), so that a broken key changes nothing and the error names it (security finding F6).
--@include expect.lua

-- The type key must hold (a function, not a table built on every call of every script).
local function kind_of(key)
  if key == TASKS or key == LEASE or key == ATTEMPTS or key == UNIQ or key == DEADBODY or key == DEADINFO
          or key == STATS or key == ERRORS or key == FINISHED or key == CANCEL or key == PROGRESS then
    return "hash"
  elseif key == DELAYED or key == INFLIGHT or key == DEAD or key == FINISHED_AT then
    return "zset"
  elseif key == PAUSED then
    return "string"
  end
  return "list" -- ready:0..9, wake, sent
end

-- expect() for several queue keys, each with the type it must hold.
local function expect_keys(list)
  for _, key in ipairs(list) do
    expect(key, kind_of(key))
  end
end

-- expect() for all ten ready lists.
local function expect_ready_all()
  for i = 1, 10 do
    expect(KEYS[i], "list")
  end
end

-- redis.call(cmd, key, ...) that names key when it holds the wrong type (no extra command when it
-- does not). Safe for a script's first write too: a failing command changes nothing.
local function read(kind, cmd, key, ...)
  local r = redis.pcall(cmd, key, ...)
  if type(r) == "table" and r.err then
    expect(key, kind)
    error(r.err, 0)
  end
  return r
end

-- Runs cmd on key with the flat argument list items in as few calls as Lua's stack allows
-- (pairs are never split: BULK is even). Returns the concatenated replies for HMGET-like reads.
local BULK = 4000
local function bulk(cmd, key, items)
  local replies = {}
  for i = 1, #items, BULK do
    local r = read(kind_of(key), cmd, key, unpack(items, i, math.min(i + BULK - 1, #items)))
    if type(r) == "table" then
      for _, v in ipairs(r) do
        replies[#replies + 1] = v
      end
    end
  end
  return replies
end

-- The header line of a stored task as a table, or nil when it is not a task's header.
local function header(body)
  local nl = string.find(body, "\n", 1, true)
  if not nl then
    return nil
  end
  local ok, h = pcall(cjson.decode, string.sub(body, 1, nl - 1))
  if ok and type(h) == "table" and type(h.id) == "string" and h.id ~= "" then
    return h
  end
  return nil
end

local function priority_of(h)
  local p = h and tonumber(h.pr) or 0
  if p ~= p or p < 0 or p > 9 or p ~= math.floor(p) then
    return 0
  end
  return p
end

-- Takes a waiting task (scheduled or ready) out of the delayed set or its ready list, looking in every
-- list when it is not where its header says (a header repaired by hand); returns 1 if it was there.
-- The caller has checked the keys' types (expect_ready_all).
local function unqueue(id, body)
  local removed = redis.call("ZREM", DELAYED, id)
  if removed == 0 then
    removed = redis.call("LREM", ready(priority_of(header(body))), 1, id)
  end
  for q = 0, 9 do
    if removed > 0 then
      break
    end
    removed = redis.call("LREM", ready(q), 1, id)
  end
  return removed
end

local function max_attempts_of(h)
  local ma = h and tonumber(h.ma) or DEFAULT_MAX_ATTEMPTS
  if ma ~= ma or ma < 1 then
    return 1
  end
  return math.floor(ma)
end

-- Leaves one wake-up token for an idle consumer; the list never holds more than one. A script
-- that wakes calls check_wake() before its first write (TYPE tells whether the token is there).
local wake_token = false
local function check_wake()
  wake_token = expect(WAKE, "list")
end
local function wake()
  if not wake_token then
    redis.call("LPUSH", WAKE, "1")
    wake_token = true
  end
end

-- The maxAttempts of a stored task (1 for data that is not a task: it is not retried). Read from
-- the stored form only where it decides something (retry, reaping), so that fetch need not.
local function max_attempts(body)
  local h = body and header(body)
  return h and max_attempts_of(h) or 1
end

-- The attempt and priority of id's lease when token holds it; nil otherwise.
local function held(id, token)
  local m = read("hash", "HGET", LEASE, id)
  if not m then
    return nil
  end
  local t, a, p = string.match(m, "^(%S+) (%d+) (%d+)")
  if t == nil or t ~= token then
    return nil
  end
  return tonumber(a), tonumber(p)
end

-- Forgets the progress reported for ids (tasks that ended). Deleting cannot grow memory or lose
-- anything, so a progress key of another type is passed over (pcall) instead of checked first.
local function forget_progress(ids)
  for i = 1, #ids, BULK do
    redis.pcall("HDEL", PROGRESS, unpack(ids, i, math.min(i + BULK - 1, #ids)))
  end
end

-- Forgets the lease of id; its stored task stays (it goes back to the queue).
local function unlease(id)
  redis.call("ZREM", INFLIGHT, id)
  redis.call("HDEL", LEASE, id)
  type_unlease(id)
end

-- Forgets everything that marks id as in flight, its stored task included.
local function settle(id)
  unlease(id)
  redis.call("HDEL", TASKS, id)
  forget_progress({id})
end

-- True when element e of a ready list or of delayed can be a task id (else it is stored data, see the
-- KEYS notes above).
local function id_like(e)
  return #e <= 128 and string.match(e, "^[%w_.:%-]+$") ~= nil
end

-- The stored task of each element of a ready list or of delayed (read in one HMGET): for an id, its
-- entry in tasks; for an element that has none, the element itself (see the KEYS notes above).
-- Returns the stored data and, per element, true when it is an id.
local function stored_of(elements)
  local found = bulk("HMGET", TASKS, elements)
  local bodies, is_id = {}, {}
  for i, e in ipairs(elements) do
    if found[i] then
      bodies[i], is_id[i] = found[i], true
    else
      bodies[i], is_id[i] = e, false
    end
  end
  return bodies, is_id
end

-- Frees id's unique key if id still holds it (a key taken over by another task stays; so does a
-- lock key that holds another type, which no task holds: enqueue names it).
local function release_unique(id)
  local key = redis.call("HGET", UNIQ, id)
  if key then
    local lock = PREFIX .. "unique:" .. key
    local v = redis.pcall("GET", lock)
    if type(v) == "string" and string.sub(v, 1, #id + 1) == id .. "|" then
      redis.call("DEL", lock)
    end
    redis.call("HDEL", UNIQ, id)
  end
end

local function forget_dead(id)
  redis.call("ZREM", DEAD, id)
  redis.call("HDEL", DEADBODY, id)
  redis.call("HDEL", DEADINFO, id)
end

-- Keeps the dead-letter set within its age and count bounds (a bounded amount of work per call),
-- counting what it drops in the stats (dead_dropped): no dead letter goes unaccounted.
local function trim_dead()
  local old = redis.call("ZRANGEBYSCORE", DEAD, "-inf", "(" .. (NOW - DEAD_AGE), "LIMIT", 0, TRIM_BATCH)
  for _, id in ipairs(old) do
    forget_dead(id)
  end
  local dropped = #old
  local excess = redis.call("ZCARD", DEAD) - DEAD_MAX
  if excess > 0 then
    local oldest = redis.call("ZRANGE", DEAD, 0, math.min(excess, TRIM_BATCH) - 1)
    for _, id in ipairs(oldest) do
      forget_dead(id)
    end
    dropped = dropped + #oldest
  end
  if dropped > 0 then
    redis.call("HINCRBY", STATS, "dead_dropped", dropped)
  end
end

-- Files id as a dead letter with its data and error, and frees its stored task and unique key.
local function bury(id, body, attempts, err)
  redis.call("HDEL", TASKS, id)
  forget_progress({id})
  redis.call("HDEL", ERRORS, id)
  redis.call("ZADD", DEAD, NOW, id)
  redis.call("HSET", DEADBODY, id, body)
  redis.call("HSET", DEADINFO, id, attempts .. " " .. NOW .. " " .. err)
  release_unique(id)
  trim_dead()
  emit("dead", id, "a", attempts, "err", err)
end

--@include expiry.lua
-- Ends id, taken from its ready list and found past its deadline (expiry.lua): a dead letter with
-- the reason, or dropped when it asks; never delivered; counted in the stats (expired). The caller
-- checked EXPIRE_KEYS.
local EXPIRE_KEYS = {DEAD, DEADBODY, DEADINFO, STATS, UNIQ, ERRORS, ATTEMPTS}
local function expire(id, body, ex, drop)
  local before = tonumber(redis.call("HGET", ATTEMPTS, id)) or 0
  redis.call("HDEL", ATTEMPTS, id)
  redis.call("HINCRBY", STATS, "expired", 1)
  if drop then
    redis.call("HDEL", TASKS, id)
    forget_progress({id})
    redis.call("HDEL", ERRORS, id)
    release_unique(id)
    emit("expired", id, "a", before)
  else
    bury(id, body, before, expired_reason(ex))
  end
end

-- True when the in-flight task id was cancelled while it ran.
local function cancel_requested(id)
  return read("hash", "HEXISTS", CANCEL, id) == 1
end

-- Ends id as cancelled: forgets its stored task, delivery count, error and cancel flag, frees its
-- unique key, and keeps a cancelled record when the task has a retention. The caller took it out of
-- its ready list, delayed or in flight, and checked the keys this writes (CANCEL_KEYS).
local CANCEL_KEYS = {TASKS, ATTEMPTS, ERRORS, UNIQ, CANCEL, FINISHED, FINISHED_AT}
local function end_cancelled(id, body, attempts)
  redis.call("HDEL", TASKS, id)
  forget_progress({id})
  redis.call("HDEL", ATTEMPTS, id)
  redis.call("HDEL", ERRORS, id)
  redis.call("HDEL", CANCEL, id)
  release_unique(id)
  local h = body and header(body)
  local rt = retention_of(h and tonumber(h.rt))
  if rt > 0 then
    keep_finished(id, "cancelled", attempts, rt, "", body or "")
  end
  emit("cancelled", id, "a", attempts)
end

-- Counts deliveries settled by this call (processed, failed of them not succeeded) in the totals and
-- the history (history_ring.lua). A script calls it once, with the sums of everything it settled.
local function count(processed, failed)
  if processed > 0 then
    redis.call("HINCRBY", STATS, "processed", processed)
    history_add(STATS, processed, failed)
  end
  if failed > 0 then
    redis.call("HINCRBY", STATS, "failed", failed)
  end
end

-- Ends the in-flight id, cancelled while it ran, as cancelled instead of settling it the usual way
-- (retry, fail, release); counted as processed and failed when the attempt ran (counted).
local function cancel_in_flight(id, body, attempts, counted)
  expect_keys({INFLIGHT, STATS, unpack(CANCEL_KEYS)})
  unlease(id)
  if counted then
    count(1, 1)
  end
  end_cancelled(id, body, attempts)
end

-- The in-flight ids whose lease ran out and the delayed tasks whose runAt has come (by the
-- clock), read without writing; when there are any, every key reap() and promote() may write is
-- checked, so that they cannot fail half-way.
local function expired_and_due(reap_limit, promote_limit)
  local ids = read("zset", "ZRANGEBYSCORE", INFLIGHT, "-inf", NOW, "LIMIT", 0, reap_limit)
  local due = read("zset", "ZRANGEBYSCORE", DELAYED, "-inf", NOW, "LIMIT", 0, promote_limit)
  if #ids > 0 or #due > 0 then
    -- every key reaping and promotion may write
    expect_keys({TASKS, LEASE, ATTEMPTS, UNIQ, DEAD, DEADBODY, DEADINFO, STATS, DELAYED, INFLIGHT, ERRORS, CANCEL,
                 FINISHED, FINISHED_AT})
    expect_ready_all()
  end
  return ids, due
end

-- Returns tasks whose lease ran out (ids from expired_and_due) to the front of their ready list,
-- counting the attempt, or dead-letters them with "lease expired" on their last attempt. Also
-- repairs an in-flight entry that lost its lease record (its attempt is then read from the stored
-- task), and dead-letters one that lost its stored task (raw data empty, the reason says so).
local function reap(ids)
  for i = #ids, 1, -1 do -- oldest last, so that LPUSH leaves the oldest in front
    local id = ids[i]
    local body = redis.call("HGET", TASKS, id)
    local m = redis.call("HGET", LEASE, id)
    unlease(id)
    local a, p
    if m then
      a, p = string.match(m, "^%S+ (%d+) (%d+)")
      a, p = tonumber(a), tonumber(p)
    end
    if not body then
      bury(id, "", a or 1, "in-flight task " .. id .. " lost its stored body")
    elseif redis.call("HEXISTS", CANCEL, id) == 1 then -- cancelled while it ran: it ends here, not retried
      end_cancelled(id, body, a or 1)
    else
      if not a then -- the lease record was lost: count this delivery, find the priority in the task
        a, p = 1, priority_of(header(body))
      end
      if a >= max_attempts(body) then
        bury(id, body, a, "lease expired")
      else
        redis.call("LPUSH", ready(p), id)
        redis.call("HSET", ATTEMPTS, id, a)
        emit("retried", id, "a", a, "run", NOW, "err", "lease expired")
      end
    end
  end
  count(#ids, #ids)
  return #ids
end

-- Moves delayed tasks whose runAt has come (from expired_and_due) to the back of their ready list.
local function promote(due)
  if #due == 0 then
    return 0
  end
  local bodies = stored_of(due)
  for i, e in ipairs(due) do
    redis.call("ZREM", DELAYED, e)
    redis.call("RPUSH", ready(priority_of(header(bodies[i]))), e)
  end
  return #due
end
