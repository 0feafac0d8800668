-- run_now.lua: makes a scheduled task (delayed, or waiting for a retry) ready now, exactly as if its runAt
-- had come: its record leaves scheduled and is appended to its priority's stream, as fetch.lua's promotion
-- does (so it is read after the entries already there); its deliveries, error and unique key stay as they
-- are. A task in any other state is left as it is.
-- KEYS[1] spool:{q}:where (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] task id
-- Returns "ready", "not_scheduled" (the task is ready, in flight, dead or kept finished) or "unknown".
--@include common.lua
local id = ARGV[5]
if redis.call('ZSCORE', P .. 'scheduled', id) then
    expect(P .. 'where', 'hash') -- written after the XADD: checked first (see expect.lua)
    local k = P .. 'scheduled:' .. id
    local kv = redis.call('HGETALL', k)
    redis.call('ZREM', P .. 'scheduled', id)
    redis.call('DEL', k)
    if #kv == 0 then
        return 'unknown' -- a record lost by hand: dropped, as a fetch would drop it
    end
    local f = totable(kv)
    local p = prio(f)
    f.id, f.p, f.m = nil, nil, nil -- (fields of earlier versions: the header line holds them)
    append(p, f, tonumber(f.a or '0') or 0, id)
    return 'ready'
end
if redis.call('HEXISTS', P .. 'where', id) == 1 or redis.call('ZSCORE', P .. 'dead-letters', id)
        or finished_record(id) then
    return 'not_scheduled'
end
return 'unknown'
