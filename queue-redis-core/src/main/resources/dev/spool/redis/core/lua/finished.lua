-- finished.lua: tasks kept after they finished, for their retention, shared by both adapters (included
-- by their common prologue). The includer defines NOW, FINISHED and FINISHED_AT before the include:
--   FINISHED     HASH task id -> "<state> <finishedAt> <attempts> <result bytes>\n<result><stored task>"
--   FINISHED_AT  ZSET task id -> when its record expires (epoch ms, by the broker's clock)
-- A script that calls keep_finished checks both keys with expect() before its first write.
local FINISHED_TRIM = 100

-- Keeps task id as finished in state (succeeded, cancelled) with its result and stored task, for
-- retention ms from now, and forgets records whose time is up (at most FINISHED_TRIM per call).
local function keep_finished(id, state, attempts, retention, result, body)
  local old = redis.call('ZRANGEBYSCORE', FINISHED_AT, '-inf', NOW, 'LIMIT', 0, FINISHED_TRIM)
  for _, gone in ipairs(old) do
    redis.call('HDEL', FINISHED, gone)
    redis.call('ZREM', FINISHED_AT, gone)
  end
  redis.call('HSET', FINISHED, id, state .. ' ' .. NOW .. ' ' .. attempts .. ' ' .. #result .. '\n' .. result .. body)
  redis.call('ZADD', FINISHED_AT, NOW + retention, id)
end

-- The record of task id while its retention lasts: state, stored task, attempts, finishedAt (ms, as
-- text) and result ('' for none); nil when there is none (never kept, expired, or not a record).
local function finished_record(id)
  local expires = tonumber(redis.call('ZSCORE', FINISHED_AT, id))
  if not expires or expires <= NOW then
    return nil
  end
  local rec = redis.call('HGET', FINISHED, id)
  local state, at, a, n, rest = string.match(rec or '', '^(%a+) (%d+) (%d+) (%d+)\n(.*)$')
  if not state then
    return nil
  end
  n = tonumber(n)
  return state, string.sub(rest, n + 1), tonumber(a), at, string.sub(rest, 1, n)
end
