-- cancel.lua: cancels one task by id. A scheduled or ready task is removed at once (its entry, index
-- record and unique key go with it; with a retention it is kept as cancelled); a running one is
-- flagged in cancel ("<p>:<entryId>" -> when), which its worker reads (cancelRequests) and every script that
-- settles it honours; a dead letter or a kept finished task is final and left as it is.
-- KEYS[1] spool:{q}:where (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] task id
-- Returns "cancelled", "requested", "final" or "unknown".
--@include common.lua
local id = ARGV[5]
expect_cancel()
if redis.call('ZSCORE', P .. 'scheduled', id) then
    local k = P .. 'scheduled:' .. id
    local f = totable(redis.call('HGETALL', k))
    redis.call('DEL', k)
    redis.call('ZREM', P .. 'scheduled', id)
    end_cancelled(id, f, tonumber(f.a or '0') or 0)
    return 'cancelled'
end
local member = redis.call('HGET', P .. 'where', id)
if member then
    local p, eid = string.match(member, '^(%d):(.+)$')
    local rec = redis.call('HGET', P .. 'tokens', member)
    local n, token = lease_of(rec)
    if token and token ~= '' then
        -- flags of deliveries that ended by an ack (their handler finished first) are left by ack.lua,
        -- which must stay cheap: they go here. An entry id is never reused, so a stale flag is harmless.
        local flags = redis.call('HGETALL', P .. 'cancel')
        for i = 1, #flags, 2 do
            if redis.call('HEXISTS', P .. 'tokens', flags[i]) == 0 then
                redis.call('HDEL', P .. 'cancel', flags[i])
            end
        end
        redis.call('HSET', P .. 'cancel', member, NOW)
        return 'requested'
    end
    local s = skey(p)
    local f = fields(s, eid) or {}
    forget(s, eid, member) -- an entry handed back is still in the PEL: XACK; a new one is only XDELed
    redis.call('HDEL', P .. 'where', id)
    end_cancelled(id, f, tonumber(n or f.a or '0') or 0)
    return 'cancelled'
end
if redis.call('ZSCORE', P .. 'dead-letters', id) then
    return 'final'
end
local expires = tonumber(redis.call('ZSCORE', P .. 'finished:at', id))
if expires and expires > NOW then
    return 'final'
end
return 'unknown'
