-- heartbeat.lua: records a worker as alive until its expiry, and drops workers whose heartbeat
-- ran out (by the clock).
-- KEYS 1 spool:{workers}:info HASH worker id -> WorkerInfo JSON
--      2 spool:{workers}:beat ZSET worker id -> expiry (epoch ms)
-- ARGV 1 now (epoch ms), 2 worker id, 3 expiry (epoch ms), 4 WorkerInfo JSON
-- Returns 1.

local gone = redis.call("ZRANGEBYSCORE", KEYS[2], "-inf", ARGV[1])
for _, id in ipairs(gone) do
  redis.call("ZREM", KEYS[2], id)
  redis.call("HDEL", KEYS[1], id)
end
redis.call("ZADD", KEYS[2], ARGV[3], ARGV[2])
redis.call("HSET", KEYS[1], ARGV[2], ARGV[4])
return 1
