-- events.lua: a queue's settings and its event log, shared by both adapters (included by their
-- common prologue). The includer defines NOW, SETTINGS (the settings hash) and EVENTS (the event
-- stream) before the include.
--
-- SETTINGS HASH, written by QueueInspector.configure (absent fields take their default):
--   events     the most events kept in EVENTS, trimmed with MAXLEN ~; "0" keeps no event log (default 10000)
--   retention  ms a finished task is kept when it sets no retention of its own (default 0: not kept)
--   rate       "<count> <period ms>": at most count tasks leased per period (limits.lua); "0" or absent: none
--   concurrency at most so many tasks leased at once (limits.lua); "0" or absent: none
--   expiring   "1" once a task with a deadline was enqueued: fetch then looks for expired tasks (expiry.lua)
--   types      the limits of single task types (limits.lua), a line each: "<type> <rate count> <rate period
--              ms> <concurrency>" (0 for no such limit); empty or absent: none
-- EVENTS STREAM, written by the script that makes the change (so the log never tells of a change that
-- did not happen). An entry is one event: e = enqueued, started, progress, succeeded, retried, released,
-- dead or cancelled; id = the task id; at = when, by the broker's clock; then, where they apply, a = the
-- attempt, p = the percentage, run = when a retried or delayed task is due (ms), err = the error. Or an
-- entry is the same event of up to 20 tasks of one call (emit_all: a batch enqueued, fetched or
-- acknowledged): ids = the task ids and as = their attempts, space-separated, so that a batch costs one
-- XADD per 20 tasks, not one per task. A key of another type drops events (pcall), never the state change.
-- TYPE_LIMITS: type -> {rate count, rate period ms, concurrency}; TYPE_LIMITED: true when it has any.
local EVENTS_MAX, QUEUE_RETENTION, RATE_COUNT, RATE_MS, CONCURRENCY, EXPIRING, TYPE_LIMITS, TYPE_LIMITED
local function read_settings()
  if EVENTS_MAX == nil then
    EVENTS_MAX, QUEUE_RETENTION, RATE_COUNT, RATE_MS, CONCURRENCY = 10000, 0, 0, 0, 0
    TYPE_LIMITS, TYPE_LIMITED = {}, false
    local v = redis.pcall('HMGET', SETTINGS, 'events', 'retention', 'rate', 'concurrency', 'expiring', 'types')
    if type(v) == 'table' and not v.err then
      EVENTS_MAX = tonumber(v[1]) or EVENTS_MAX
      QUEUE_RETENTION = tonumber(v[2]) or QUEUE_RETENTION
      local n, ms = string.match(v[3] or '', '^(%d+) (%d+)$')
      if n and tonumber(n) > 0 and tonumber(ms) > 0 then
        RATE_COUNT, RATE_MS = tonumber(n), tonumber(ms)
      end
      CONCURRENCY = tonumber(v[4]) or 0
      EXPIRING = v[5] == '1'
      for t, n, ms, c in string.gmatch(v[6] or '', '([%w_.:%-]+) (%d+) (%d+) (%d+)') do
        n, ms, c = tonumber(n), tonumber(ms), tonumber(c)
        if ms == 0 then
          n = 0
        end
        if n > 0 or c > 0 then
          TYPE_LIMITS[t], TYPE_LIMITED = {n, ms, c}, true
        end
      end
    end
  end
end

-- Appends one event about task id; the rest are field/value pairs.
local function emit(kind, id, ...)
  read_settings()
  if EVENTS_MAX > 0 then
    redis.pcall('XADD', EVENTS, 'MAXLEN', '~', EVENTS_MAX, '*', 'e', kind, 'id', id, 'at', NOW, ...)
  end
end

-- Appends the event kind of every task in ids (attempts: the attempt of each, or nil for none), up to
-- EVENTS_PER_ENTRY tasks per entry, so that an entry stays small and the log's length (in entries)
-- bounds its memory; a single task gets the one-event form.
local EVENTS_PER_ENTRY = 20
local function emit_all(kind, ids, attempts)
  if #ids == 1 then
    if attempts then
      emit(kind, ids[1], 'a', attempts[1])
    else
      emit(kind, ids[1])
    end
    return
  end
  read_settings()
  if EVENTS_MAX == 0 then
    return
  end
  for i = 1, #ids, EVENTS_PER_ENTRY do
    local j = math.min(i + EVENTS_PER_ENTRY - 1, #ids)
    if attempts then
      redis.pcall('XADD', EVENTS, 'MAXLEN', '~', EVENTS_MAX, '*', 'e', kind, 'ids', table.concat(ids, ' ', i, j),
              'at', NOW, 'as', table.concat(attempts, ' ', i, j))
    else
      redis.pcall('XADD', EVENTS, 'MAXLEN', '~', EVENTS_MAX, '*', 'e', kind, 'ids', table.concat(ids, ' ', i, j),
              'at', NOW)
    end
  end
end

-- How long a finished task is kept: its own retention rt (ms) when it has one, else the queue's.
local function retention_of(rt)
  if rt and rt > 0 then
    return rt
  end
  read_settings()
  return QUEUE_RETENTION
end
