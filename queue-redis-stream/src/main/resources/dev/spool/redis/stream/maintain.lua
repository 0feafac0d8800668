-- maintain.lua: removes consumers of workers that are gone from the consumer group of every
-- priority stream (XGROUP DELCONSUMER), once nothing is pending for them, so XINFO CONSUMERS does
-- not grow for ever. A consumer is gone when it said so on close (score 0 in consumers) or has not
-- fetched since ARGV[5] (by the clock). Also bounds the dead letters.
-- KEYS[1] spool:{q}:consumers (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] a consumer not seen since this (epoch ms) is gone;
-- ARGV[6] a consumer closing now ("" for none): marked gone first
-- Returns how many consumers were removed.
--@include common.lua
if ARGV[6] ~= '' and redis.call('ZSCORE', P .. 'consumers', ARGV[6]) then
    redis.call('ZADD', P .. 'consumers', 0, ARGV[6])
end
trim_dead()
local removed = 0
for _, c in ipairs(redis.call('ZRANGEBYSCORE', P .. 'consumers', '-inf', ARGV[5], 'LIMIT', 0, 100)) do
    local busy = false
    local streams = {}
    for p = 0, 9 do
        local s = skey(p)
        if redis.call('EXISTS', s) == 1 then
            local x = redis.pcall('XPENDING', s, G, '-', '+', 1, c)
            if type(x) == 'table' and not x.err then
                table.insert(streams, s)
                if #x > 0 then busy = true end
            end
        end
    end
    if not busy then
        for _, s in ipairs(streams) do
            redis.call('XGROUP', 'DELCONSUMER', s, G, c)
        end
        redis.call('ZREM', P .. 'consumers', c)
        removed = removed + 1
    end
end
return removed
