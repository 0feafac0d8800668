-- workers.lua: the worker registry both Redis adapters share (WorkerRecords). Heartbeats expire by
-- the broker's clock, never by key TTLs.
-- KEYS 1 <base>{workers}:info     HASH   worker id -> WorkerInfo as JSON
--      2 <base>{workers}:beat     ZSET   worker id -> heartbeat expiry (epoch ms)
--      3 <base>{workers}:dataset  STRING a random marker of this data set, written by the first beat
--                                        after it was lost (DataSetWatch: a marker gone or replaced
--                                        means the server lost its data)
-- ARGV 1 what, 2 now (epoch ms):
--   "beat"  3 worker id, 4 expiry (epoch ms), 5 JSON: alive until the expiry; 6 a fresh marker, kept
--           when there is none; returns {the marker found ("" when none), the server's run id ("" when
--           INFO is not allowed)}
--   "drop"  3 worker id: removes the worker; returns 1 when it was there, else 0
--   "list"  returns the JSON of the live workers
-- Every operation first drops the workers whose heartbeat ran out (expiry <= now).
--@include expect.lua
local INFO, BEAT, DATASET = KEYS[1], KEYS[2], KEYS[3]
local what, now = ARGV[1], tonumber(ARGV[2])
expect(INFO, "hash")
expect(BEAT, "zset")
expect(DATASET, "string")
for _, id in ipairs(redis.call("ZRANGEBYSCORE", BEAT, "-inf", now)) do
  redis.call("HDEL", INFO, id)
end
redis.call("ZREMRANGEBYSCORE", BEAT, "-inf", now)
if what == "beat" then
  redis.call("ZADD", BEAT, ARGV[4], ARGV[3])
  redis.call("HSET", INFO, ARGV[3], ARGV[5])
  local marker = redis.call("GET", DATASET)
  if not marker then
    redis.call("SET", DATASET, ARGV[6])
  end
  local ok, info = pcall(redis.call, "INFO", "server")
  local run = ok and type(info) == "string" and string.match(info, "run_id:(%x+)") or ""
  return {marker or "", run}
end
if what == "drop" then
  redis.call("ZREM", BEAT, ARGV[3])
  return redis.call("HDEL", INFO, ARGV[3])
end
if what == "list" then
  local ids = redis.call("ZRANGE", BEAT, 0, -1)
  if #ids == 0 then
    return {}
  end
  local out = {}
  for _, v in ipairs(redis.call("HMGET", INFO, unpack(ids))) do
    if v then
      out[#out + 1] = v
    end
  end
  return out
end
return redis.error_reply("workers.lua: unknown operation " .. tostring(what))
