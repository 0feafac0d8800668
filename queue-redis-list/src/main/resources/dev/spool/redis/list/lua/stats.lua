-- stats.lua: the figures of one queue (read only).
--@include queue.lua
-- Returns {ready, delayed, inFlight, dead, processed, failed, paused (0/1), dead letters dropped by the bounds,
-- tasks expired, latency ms}.
-- The latency is how long the oldest ready task has waited, judged without a scan: from the head of each
-- ready list (what a fetch takes first) and the first delayed task whose runAt has come (a fetch has not
-- moved it yet). A head became ready when its task was enqueued or its runAt came (ca, ra in its stored
-- header; a runAt still ahead, as a task run now ahead of it has, is passed over); for a task that ran
-- before and went back to the queue this is an upper bound (when it went back is not stored). Its reads
-- use pcall: a broken tasks hash leaves the latency at 0 instead of failing the figures.

local ready_n, since = 0, nil
local function older(t)
  if t and t > 0 and t <= NOW and (not since or t < since) then
    since = t
  end
end
for p = 0, 9 do
  local len = read("list", "LLEN", ready(p))
  ready_n = ready_n + len
  if len > 0 then
    local head = redis.pcall("LRANGE", ready(p), 0, 0)
    local e = type(head) == "table" and head[1]
    if e then
      local body = redis.pcall("HGET", TASKS, e)
      local h = header(type(body) == "string" and body or e)
      if h then
        local ca, ra = tonumber(h.ca), tonumber(h.ra)
        older(math.max(ca or 0, (ra and ra <= NOW) and ra or 0))
      end
    end
  end
end
local due = read("zset", "ZRANGE", DELAYED, 0, 0, "WITHSCORES")
older(tonumber(due[2]))
local totals = read("hash", "HMGET", STATS, "processed", "failed", "dead_dropped", "expired")
return {ready_n, read("zset", "ZCARD", DELAYED), read("zset", "ZCARD", INFLIGHT), read("zset", "ZCARD", DEAD),
        tonumber(totals[1]) or 0, tonumber(totals[2]) or 0, redis.call("EXISTS", PAUSED), tonumber(totals[3]) or 0,
        tonumber(totals[4]) or 0, since and NOW - since or 0}
