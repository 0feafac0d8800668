-- workers.lua: the worker registry. Heartbeats expire by the broker's clock, not by key TTLs.
-- The same keys and JSON as redis-list's registry, so either backend lists every worker.
-- KEYS[1] spool:{workers}:beat   ZSET worker id -> heartbeat expiry (epoch ms)
-- KEYS[2] spool:{workers}:info   HASH worker id -> WorkerInfo as JSON
-- ARGV[1] what; ARGV[2] now (epoch ms):
--   "beat"  ARGV[3] id, ARGV[4] expiry, ARGV[5] JSON
--   "drop"  ARGV[3] id
--   "list"  drops expired workers; returns the JSON of the live ones
local what, now = ARGV[1], tonumber(ARGV[2])
if what == 'beat' then
    redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
    redis.call('HSET', KEYS[2], ARGV[3], ARGV[5])
    return 1
end
if what == 'drop' then
    redis.call('ZREM', KEYS[1], ARGV[3])
    return redis.call('HDEL', KEYS[2], ARGV[3])
end
if what == 'list' then
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
        redis.call('HDEL', KEYS[2], id)
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
    local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
    if #ids == 0 then
        return {}
    end
    local out = {}
    for _, v in ipairs(redis.call('HMGET', KEYS[2], unpack(ids))) do
        if v then table.insert(out, v) end
    end
    return out
end
return redis.error_reply('workers.lua: unknown operation ' .. tostring(what))
