-- stats.lua: the figures of one queue (read only).
--@include queue.lua
-- Returns {ready, delayed, inFlight, dead, processed, failed, paused (0/1)}.

local ready_n = 0
for p = 0, 9 do
  ready_n = ready_n + redis.call("LLEN", ready(p))
end
local totals = redis.call("HMGET", STATS, "processed", "failed")
return {ready_n, redis.call("ZCARD", DELAYED), redis.call("ZCARD", INFLIGHT), redis.call("ZCARD", DEAD),
        tonumber(totals[1]) or 0, tonumber(totals[2]) or 0, redis.call("EXISTS", PAUSED)}
