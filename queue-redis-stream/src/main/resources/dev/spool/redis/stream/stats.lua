-- stats.lua: the figures of one queue.
-- KEYS[1] spool:{q}:stats (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua
-- Returns {ready, delayed, inFlight, dead, processed, failed, paused (0/1), dead letters dropped by the bounds,
-- tasks expired}.
--@include common.lua
local stored, pending = 0, 0
for p = 0, 9 do
    local s = skey(p)
    if redis.call('EXISTS', s) == 1 then
        stored = stored + redis.call('XLEN', s)
        local x = redis.pcall('XPENDING', s, G)
        if type(x) == 'table' and not x.err then
            pending = pending + x[1]
        end
    end
end
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
    tonumber(st[4] or '0')
}
