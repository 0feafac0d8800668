-- stats.lua: the figures of one queue.
-- KEYS[1] spool:{q}:stats (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua
-- Returns {ready, delayed, inFlight, dead, processed, failed, paused (0/1), dead letters dropped by the bounds,
-- tasks expired, latency ms}.
-- The latency is how long the oldest ready task has waited, judged without a scan: from the first entry
-- handed back (claimed first), the first entry of each priority stream the group has not read yet, and the
-- first scheduled task whose runAt has come (a fetch has not moved it yet). An entry became ready when it
-- was written: its id's time (the server's clock, which NOW follows), or its task's ca/ra when later (a
-- test's clock; a runAt still ahead, as a task run now ahead of it has, is passed over). For an entry
-- handed back this is an upper bound (when it was handed back is not stored).
--@include common.lua
local stored, pending = 0, 0
local since = nil
local function older(t)
    if t and t > 0 and t <= NOW and (not since or t < since) then
        since = t
    end
end
-- When the entry eid of stream s became ready (see above); nil when it is gone.
local function ready_since(s, eid, f)
    f = f or fields(s, eid)
    if not f then
        return nil
    end
    local h = head(f)
    local ra = tonumber(string.match(h, '[,{]"ra":(%d+)[,}]') or '')
    return math.max(tonumber(string.match(eid, '^(%d+)')) or 0, tonumber(string.match(h, '[,{]"ca":(%d+)[,}]') or '') or 0,
        (ra and ra <= NOW) and ra or 0)
end
for p = 0, 9 do
    local s = skey(p)
    if redis.call('EXISTS', s) == 1 then
        stored = stored + redis.call('XLEN', s)
        local x = redis.pcall('XPENDING', s, G)
        if type(x) == 'table' and not x.err then
            pending = pending + x[1]
        end
        local g = group_of(s)
        local r = redis.pcall('XRANGE', s, '(' .. (g and g['last-delivered-id'] or '0-0'), '+', 'COUNT', 1)
        if type(r) == 'table' and r[1] then
            older(ready_since(s, r[1][1], totable(r[1][2])))
        end
    end
end
local back = redis.call('ZRANGEBYSCORE', P .. 'leases', 0, 0, 'LIMIT', 0, 1)
if back[1] then
    local p, eid = string.match(back[1], '^(%d):(.+)$')
    if p then
        older(ready_since(skey(p), eid))
    end
end
local due = redis.call('ZRANGE', P .. 'scheduled', 0, 0, 'WITHSCORES')
older(tonumber(due[2]))
local handed_back = redis.call('ZCOUNT', P .. 'leases', 0, 0)
local st = redis.call('HMGET', P .. 'stats', 'processed', 'failed', 'dead_dropped', 'expired')
return {
    stored - pending + handed_back,
    redis.call('ZCARD', P .. 'scheduled'),
    pending - handed_back,
    redis.call('ZCARD', P .. 'dead-letters'),
    tonumber(st[1] or '0'),
    tonumber(st[2] or '0'),
    redis.call('EXISTS', P .. 'paused'),
    tonumber(st[3] or '0'),
    tonumber(st[4] or '0'),
    since and NOW - since or 0
}
