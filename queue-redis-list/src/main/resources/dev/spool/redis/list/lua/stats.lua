-- stats.lua: the figures of one queue (read only).
--@include queue.lua
-- Returns {ready, delayed, inFlight, dead, processed, failed, paused (0/1), dead letters dropped by the bounds,
-- tasks expired}.

local ready_n = 0
for p = 0, 9 do
  ready_n = ready_n + read("list", "LLEN", ready(p))
end
local totals = read("hash", "HMGET", STATS, "processed", "failed", "dead_dropped", "expired")
return {ready_n, read("zset", "ZCARD", DELAYED), read("zset", "ZCARD", INFLIGHT), read("zset", "ZCARD", DEAD),
        tonumber(totals[1]) or 0, tonumber(totals[2]) or 0, redis.call("EXISTS", PAUSED), tonumber(totals[3]) or 0,
        tonumber(totals[4]) or 0}
