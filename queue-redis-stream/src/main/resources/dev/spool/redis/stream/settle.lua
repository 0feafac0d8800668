-- settle.lua: ends a delivery other than by ack, if the caller still holds its lease.
-- KEYS[1] spool:{q}:tokens (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] lease token; ARGV[6] what:
--   "retry"   ARGV[7] delay ms, ARGV[8] error: dead-letters on the last attempt, else schedules
--             the next one (ready at once when the delay is 0); counted as processed and failed
--   "fail"    ARGV[8] error: dead-letters at once; counted as processed and failed
--   "bury"    ARGV[7] dead letter id, ARGV[8] error: data that is not a task; not counted
--   "release" ARGV[7] delay ms: hands the entry back unstarted, the attempt not counted: claimed by the
--             next fetch, or scheduled when the delay is positive (RetryLaterException)
-- Returns 0 when the lease was not held; 1 done (scheduled, released); 2 dead-lettered; 3 ended as
-- cancelled (a retry of a delivery cancelled while it ran; fail and release answer 1 then).
-- (renew.lua renews.)
--@include common.lua
local token, what = ARGV[5], ARGV[6]
local member = member_of(token)
local n = member and held(member, token)
if not n then
    return 0
end
if what ~= 'bury' and cancel_requested(member) then -- cancelled while it ran: it ends here, never retried
    local p, eid = string.match(member, '^(%d):(.+)$')
    cancel_delivered(skey(p), eid, member, what == 'release' and n - 1 or n)
    if what == 'release' then
        return 1
    end
    count(1, 1)
    return what == 'retry' and 3 or 1
end
-- release writes ZREM first: at maxmemory Redis refuses a script's first write only when that write
-- may grow memory, and lets every later write through, so a full Redis still runs it.
local later = what == 'release' and (tonumber(ARGV[7]) or 0) or 0
if later > 0 then
    expect(P .. 'where', 'hash')
    local p, eid = string.match(member, '^(%d):(.+)$')
    local s = skey(p)
    local f = fields(s, eid)
    local id = f and tid(f)
    if id then -- an entry of an earlier version without its id is handed back at once, below
        forget(s, eid, member)
        redis.call('HDEL', P .. 'where', id)
        redis.call('HSET', P .. 'scheduled:' .. id, unpack(entry(f, n - 1)))
        redis.call('ZADD', P .. 'scheduled', NOW + later, id)
        wake()
        emit('released', id, 'a', n - 1, 'run', NOW + later)
        return 1
    end
end
if what == 'release' then
    redis.call('ZREM', P .. 'leases', member)
    hand_back(member, n - 1)
    wake()
    local f = fields(skey(string.match(member, '^(%d)')), string.match(member, '^%d:(.+)$')) or {}
    if tid(f) then
        emit('released', tid(f), 'a', n - 1)
    end
    return 1
end
expect(P .. 'where', 'hash') -- written after the entry is gone: checked first (see expect.lua)
local p, eid = string.match(member, '^(%d):(.+)$')
local s = skey(p)
local f = fields(s, eid) or {}
forget(s, eid, member)
if what == 'bury' then
    bury(f, ARGV[7], ARGV[8], n)
    return 2
end
count(1, 1)
local id = tid(f)
if what == 'fail' or n >= max_attempts(f) or not id then
    bury(f, id or ('undecodable-' .. p .. '-' .. eid), ARGV[8], n)
    return 2
end
f.e = ARGV[8]
local delay = tonumber(ARGV[7])
if delay > 0 then
    redis.call('HDEL', P .. 'where', id)
    redis.call('HSET', P .. 'scheduled:' .. id, unpack(entry(f, n)))
    redis.call('ZADD', P .. 'scheduled', NOW + delay, id)
    wake()
else
    append(p, f, n, id)
end
emit('retried', id, 'a', n, 'run', NOW + math.max(delay, 0), 'err', ARGV[8])
return 1
