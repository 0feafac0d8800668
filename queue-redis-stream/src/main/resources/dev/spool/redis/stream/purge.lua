-- purge.lua: deletes ready and delayed tasks (not those in flight, not dead letters), freeing
-- their unique keys; at most ARGV[5] per call so a large queue does not stall the server.
-- KEYS[1] spool:{q}:scheduled (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] limit per call
-- Returns {deleted, 1 when more may remain else 0}.
--@include common.lua
expect(P .. 'where', 'hash')
local limit = tonumber(ARGV[5])
local n = 0
-- handed back entries are ready too
for _, member in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', 0, 0, 'LIMIT', 0, limit)) do
    local p, eid = string.match(member, '^(%d):(.+)$')
    if p then
        local f = fields(skey(p), eid)
        if f then
            release_unique(f, true)
            local id = tid(f)
            if id then redis.call('HDEL', P .. 'where', id); forget_progress(id) end
        end
        forget(skey(p), eid, member)
    else
        redis.call('ZREM', P .. 'leases', member)
    end
    n = n + 1
end
for p = 0, 9 do
    local s = skey(p)
    if n < limit and redis.call('EXISTS', s) == 1 then
        local g = group_of(s)
        local r = redis.call('XRANGE', s, '(' .. (g and g['last-delivered-id'] or '0-0'), '+', 'COUNT', limit - n)
        for _, e in ipairs(r) do
            local f = totable(e[2])
            release_unique(f, true)
            local id = tid(f)
            if id then redis.call('HDEL', P .. 'where', id); forget_progress(id) end
            redis.call('XDEL', s, e[1])
            n = n + 1
        end
    end
end
if n < limit then
    for _, id in ipairs(redis.call('ZRANGE', P .. 'scheduled', 0, limit - n - 1)) do
        local k = P .. 'scheduled:' .. id
        release_unique(totable(redis.call('HGETALL', k)), true)
        redis.call('DEL', k)
        redis.call('ZREM', P .. 'scheduled', id)
        forget_progress(id)
        n = n + 1
    end
end
return { n, n >= limit and 1 or 0 }
