-- delete.lua: deletes one task by id with everything it owns: a scheduled task (its record), a task on a
-- stream (its entry, index record, lease records and cancel flag: forgotten as cancel.lua forgets a ready
-- one, so an entry the group has not read yet is XDELed and no fetch reads it, and one handed back leaves
-- the PEL too), a dead letter, or the record of a task kept finished; with its progress and the unique key
-- it still holds, whether held until it finishes or for a window. A task in flight is refused, nothing
-- changed: cancel it instead. No event: like purge and dead-letter deletes, a deletion is not a step of
-- the task's life.
-- KEYS[1] spool:{q}:where (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] task id
-- Returns "deleted", "running" or "unknown".
--@include common.lua
local id = ARGV[5]

-- The unique lock named by entry fields f (u, or the uk of the stored task's header) when this task still
-- holds it, else nil. Read before any write.
local function held_lock(f)
    local u = f.u
    if (not u or u == '') and f.task then
        local ok, h = pcall(cjson.decode, head(f))
        u = ok and type(h) == 'table' and type(h.uk) == 'string' and h.uk or nil
    end
    if u and u ~= '' then
        local k = P .. 'unique:' .. u
        local v = redis.call('GET', k)
        if v and string.match(v, '^(%S+)') == id then
            return k
        end
    end
    return nil
end

local function free(lock)
    if lock then
        redis.call('DEL', lock)
    end
    forget_progress(id)
end

-- A task kept whole in the hash k and listed in the sorted set (the scheduled tasks, the dead letters).
local function drop_record(set, k)
    local lock = held_lock(totable(redis.call('HGETALL', k)))
    redis.call('ZREM', set, id)
    redis.call('DEL', k)
    free(lock)
    return 'deleted'
end

if redis.call('ZSCORE', P .. 'scheduled', id) then
    return drop_record(P .. 'scheduled', P .. 'scheduled:' .. id)
end
expect(P .. 'where', 'hash')
local member = redis.call('HGET', P .. 'where', id)
if member then
    local p, eid = string.match(member, '^(%d):(.+)$')
    local _, token = lease_of(redis.call('HGET', P .. 'tokens', member))
    if token and token ~= '' then
        return 'running'
    end
    expect(P .. 'cancel', 'hash')
    local lock = held_lock(p and fields(skey(p), eid) or {})
    if p then
        forget(skey(p), eid, member) -- XACK (an entry handed back is in the PEL), XDEL, its lease records
    end
    redis.call('HDEL', P .. 'cancel', member)
    redis.call('HDEL', P .. 'where', id)
    free(lock)
    return 'deleted'
end
if redis.call('ZSCORE', P .. 'dead-letters', id) then
    return drop_record(P .. 'dead-letters', P .. 'dead-letter:' .. id)
end
expect(FINISHED, 'hash')
expect(FINISHED_AT, 'zset')
local state, task = finished_record(id)
local lock = state and held_lock({ task = task })
if redis.call('ZREM', FINISHED_AT, id) + redis.call('HDEL', FINISHED, id) > 0 and state then
    free(lock)
    return 'deleted'
end
return 'unknown' -- the remains of a record whose time was up go too
