-- fetch.lua: leases up to max tasks to a consumer, atomically:
--   1. reaps leases past their deadline (judged by ARGV now): on the last attempt the task is
--      dead-lettered with "lease expired", otherwise it is claimed again (XCLAIM) counting the attempt;
--      entries handed back (deadline 0) are claimed without counting;
--   2. moves due delayed tasks (runAt <= now) onto their priority's stream;
--   3. delivers by priority, 9 first: reclaimed entries of that priority, then new ones (XREADGROUP >);
--      an entry past its deadline (expiry.lua) is dead-lettered (or dropped) instead, not delivered.
-- KEYS[1] spool:{q}:leases (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] max; ARGV[6] lease ms; ARGV[7] consumer; ARGV[8] token prefix;
-- ARGV[9] most expired leases looked at per call; ARGV[10] most delayed tasks promoted per call
-- The queue's rate and concurrency limits (limits.lua) lower max; those of single types hold back their tasks.
-- Returns {"P"} when paused; {"L", ms} when the limits let it lease nothing now (ms: until one may be); {"D", then 6 values per delivery: priority, entry id, lease token,
-- attempt, task id field (empty but for entries of earlier versions), body}; or, when nothing is ready, {"E", next runAt or "", next lease
-- deadline or "", then the last delivered entry id of streams 9..0, then the last id of the wake
-- stream} for the caller's blocking wait.
--@include common.lua
--@include expiry.lua
local MAX = tonumber(ARGV[5])
local LEASE = tonumber(ARGV[6])
local CONSUMER = ARGV[7]
local TOKEN = ARGV[8]
if redis.call('EXISTS', P .. 'paused') == 1 then
    return { 'P' }
end
-- Delivering writes tokens and leases (and promoting, where) after XREADGROUP has taken entries into the group: a broken one
-- would fail the script half-way and leave those entries with no lease (lost), so both are checked first.
expect(P .. 'tokens', 'hash')
expect(P .. 'leases', 'zset')
expect(P .. 'where', 'hash') -- written when delayed tasks are promoted
expect_type_keys()
-- ZREM first: at maxmemory Redis refuses a script's first write only when that write may grow memory,
-- and lets every later write through, so a full Redis still hands out its tasks (and drains).
redis.call('ZREM', P .. 'consumers', CONSUMER)
redis.call('ZADD', P .. 'consumers', NOW, CONSUMER)

-- The queue's limits (limits.lua) lower MAX; at 0 expired leases are still reaped, and the reply tells
-- the caller when a slot may free up.
local limit_wait
MAX, limit_wait = limit_room(MAX, function() return redis.call('ZCOUNT', P .. 'leases', '(' .. NOW, '+inf') end)

if EXPIRING then -- expire_entry writes these after entries are taken: checked first (see expect.lua)
    expect(P .. 'dead-letters', 'zset')
    expect(P .. 'stats', 'hash')
end

local out = { 'D' }
local started, started_at = {}, {}
local got = 0
local seq = 0
local function deliver(p, eid, f, attempt)
    seq = seq + 1
    local member = p .. ':' .. eid
    local token = member .. '~' .. TOKEN .. seq
    redis.call('HSET', P .. 'tokens', member, attempt .. '|' .. NOW .. ' ' .. CONSUMER .. '|' .. token)
    redis.call('ZADD', P .. 'leases', NOW + LEASE, member)
    if TYPE_LIMITED then
        type_took(type_of(f.task), member, NOW + LEASE, token)
    end
    for _, v in ipairs({ tostring(p), eid, token, tostring(attempt), f.id or '', f.task or '' }) do
        table.insert(out, v)
    end
    started[#started + 1] = tid(f) or ('undecodable-' .. p .. '-' .. eid)
    started_at[#started] = attempt
    got = got + 1
end

-- Ends an entry taken from its stream and found past its deadline (expiry.lua): a dead letter with
-- the reason, or dropped when it asks; never delivered; counted in the stats (expired). True when it was.
local function expire_entry(p, s, eid, f, before)
    local gone, ex, drop = expired_body(f.task)
    if not gone then
        return false
    end
    local id = tid(f)
    forget(s, eid, p .. ':' .. eid)
    redis.call('HINCRBY', P .. 'stats', 'expired', 1)
    if drop and id then
        redis.call('HDEL', P .. 'where', id)
        forget_progress(id)
        release_unique(f, false)
        emit('expired', id, 'a', before)
    else
        bury(f, id or ('undecodable-' .. p .. '-' .. eid), expired_reason(ex), before)
    end
    return true
end

-- Under limits on single types (limits.lua): an entry whose type is full is handed back, unstarted and
-- its attempt not counted (as a release: claimed first by a later fetch), and the fetch goes on to the
-- entries behind it. Once reap.batch entries are held back in one call it reads no new ones, so that the
-- held-back entries stay few enough for every fetch to look at all of them.
local held = 0
local function admitted(p, eid, f, before)
    if not TYPE_LIMITED or type_admit(type_of(f.task)) then
        return true
    end
    hand_back(p .. ':' .. eid, before)
    held = held + 1
    return false
end

-- 1. reap
local claimable = {}
local processed, failed = 0, 0
local due = redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[9]))
for _, member in ipairs(due) do
    local p, eid = string.match(member, '^(%d):(.+)$')
    local s = skey(p)
    local rec = redis.call('HGET', P .. 'tokens', member)
    local f = rec and p and fields(s, eid)
    if not f then
        -- a record without its entry (or the reverse): nothing to deliver, drop the remains
        redis.call('ZREM', P .. 'leases', member)
        redis.call('HDEL', P .. 'tokens', member)
        type_unlease(member)
        if p then redis.pcall('XACK', s, G, eid) end
    else
        local n, token = lease_of(rec)
        n = tonumber(n)
        local m = max_attempts(f)
        if token ~= '' then
            processed = processed + 1
            failed = failed + 1
        end
        if token ~= '' and cancel_requested(member) then -- cancelled while it ran: it ends here
            cancel_delivered(s, eid, member, n)
        elseif token ~= '' and n >= m then
            forget(s, eid, member)
            bury(f, tid(f) or ('undecodable-' .. p .. '-' .. eid), 'lease expired after attempt ' .. n .. ' of ' .. m
                .. ' (the worker died or did not renew)', n)
        else
            -- the lease is over either way: an expired token must not act on the next delivery
            hand_back(member, n)
            if token ~= '' then
                emit('retried', tid(f) or ('undecodable-' .. p .. '-' .. eid), 'a', n, 'run', NOW, 'err', 'lease expired')
            end
            local list = claimable[p]
            if not list then
                list = {}
                claimable[p] = list
            end
            table.insert(list, { eid, f, n })
        end
    end
end
count(processed, failed)

-- 2. promote
local ids = redis.call('ZRANGEBYSCORE', P .. 'scheduled', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[10]))
for _, id in ipairs(ids) do
    local k = P .. 'scheduled:' .. id
    local kv = redis.call('HGETALL', k)
    if #kv > 0 then
        local f = totable(kv)
        local p = prio(f)
        f.id, f.p, f.m = nil, nil, nil -- (fields of earlier versions: the header line holds them)
        append(p, f, tonumber(f.a or '0') or 0, id)
    end
    redis.call('DEL', k)
    redis.call('ZREM', P .. 'scheduled', id)
end

-- held back by a limit: the caller sleeps until a slot may be free (blocking on the streams would
-- return at once, as they hold entries)
if MAX == 0 then
    return { 'L', tostring(limit_wait) }
end

-- 3. deliver
for p = 9, 0, -1 do
    if got >= MAX then
        break
    end
    local s = skey(p)
    local list = claimable[tostring(p)]
    if list then
        for _, c in ipairs(list) do
            if got >= MAX then
                break
            end
            redis.call('XCLAIM', s, G, CONSUMER, 0, c[1], 'JUSTID')
            if not (EXPIRING and expire_entry(p, s, c[1], c[2], c[3])) and admitted(p, c[1], c[2], c[3]) then
                deliver(p, c[1], c[2], c[3] + 1)
            end
        end
    end
    if got < MAX and held < tonumber(ARGV[9]) and redis.call('EXISTS', s) == 1 then
        local r = redis.pcall('XREADGROUP', 'GROUP', G, CONSUMER, 'COUNT', MAX - got, 'STREAMS', s, '>')
        if type(r) == 'table' and r.err then
            if string.find(r.err, 'NOGROUP') then
                -- a stream written by someone else: adopt it, delivering what it holds
                redis.call('XGROUP', 'CREATE', s, G, '0')
                r = redis.call('XREADGROUP', 'GROUP', G, CONSUMER, 'COUNT', MAX - got, 'STREAMS', s, '>')
            else
                return redis.error_reply(r.err)
            end
        end
        if r then
            for _, e in ipairs(r[1][2]) do
                local f = totable(e[2])
                local before = tonumber(f.a or '0') or 0
                if not (EXPIRING and expire_entry(p, s, e[1], f, before)) and admitted(p, e[1], f, before) then
                    deliver(p, e[1], f, before + 1)
                end
            end
        end
    end
end
if got > 0 then
    emit_all('started', started, started_at)
    limit_took(got, TOKEN .. 'r')
    if held == 0 and (#due >= tonumber(ARGV[9]) or redis.call('ZCOUNT', P .. 'leases', 0, 0) > 0) then
        wake() -- taken-over work is left for the others
    end
    return out
end

-- held back by the limits of their types: the caller sleeps until one may have room
if held > 0 then
    return { 'L', tostring(TYPE_WAIT >= 0 and TYPE_WAIT or LIMIT_POLL_MS) }
end

-- nothing: tell the caller how long it may block, and from where
local empty = { 'E', '', '' }
local nd = redis.call('ZRANGE', P .. 'scheduled', 0, 0, 'WITHSCORES')
if #nd > 0 then empty[2] = nd[2] end
local nl = redis.call('ZRANGE', P .. 'leases', 0, 0, 'WITHSCORES')
if #nl > 0 then empty[3] = nl[2] end
for p = 9, 0, -1 do
    local s = skey(p)
    local g = redis.call('EXISTS', s) == 1 and group_of(s)
    table.insert(empty, g and g['last-delivered-id'] or '0-0')
end
local w = redis.call('XREVRANGE', P .. 'wake', '+', '-', 'COUNT', 1)
table.insert(empty, #w > 0 and w[1][1] or '0-0')
return empty
