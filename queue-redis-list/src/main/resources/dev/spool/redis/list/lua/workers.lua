-- workers.lua: the live workers (expiry after now, by the clock); with "deregister", first
-- removes one worker.
-- KEYS 1 spool:{workers}:info HASH worker id -> WorkerInfo JSON
--      2 spool:{workers}:beat ZSET worker id -> expiry (epoch ms)
-- ARGV 1 now (epoch ms), 2 "list" or "deregister", 3 the worker id to deregister
-- Returns {json1, json2, ...} of the live workers.

if ARGV[2] == "deregister" then
  redis.call("ZREM", KEYS[2], ARGV[3])
  redis.call("HDEL", KEYS[1], ARGV[3])
end
local out = {}
local live = redis.call("ZRANGEBYSCORE", KEYS[2], "(" .. ARGV[1], "+inf")
for _, id in ipairs(live) do
  local info = redis.call("HGET", KEYS[1], id)
  if info then
    out[#out + 1] = info
  end
end
return out
