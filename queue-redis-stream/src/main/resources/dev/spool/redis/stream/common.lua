-- common.lua: shared by every queue script (included where a script says "--@include common.lua").
-- Every queue script takes the same first four ARGV:
--   ARGV[1] key prefix of the queue, "spool:{<queue>}:" (all keys share the hash tag)
--   ARGV[2] now, epoch ms by the broker's clock: the server's time (ServerClock) or a test's fake clock
--   ARGV[3] the most dead letters kept per queue
--   ARGV[4] the oldest dead letter kept, in ms
-- Keys built from the prefix (none means something else in redis-list, so both backends can share
-- a server; stats, paused and unique:<key> mean the same in both):
--   stream:<p>        one stream per priority 0..9, consumer group "spool"; entry fields
--                     a (deliveries before this entry), u (unique key, only when set), uw ("1" when the
--                     key is held for a window), e (last error, only after a retry), task (TaskCodec form);
--                     the id, priority and maxAttempts are read from the task's header line (entries
--                     written by earlier versions also have fields id, p and m, which win when present)
--   cancel            HASH "<p>:<entryId>" -> when, for a delivery cancelled while it ran: every script that
--                     ends its attempt (settle, an expired lease) ends the task as cancelled; an ack leaves
--                     the flag (the entry id is never reused) and cancel.lua drops such stale ones
--   finished          HASH task id -> "<state> <finishedAt> <attempts> <result bytes>\n<result><task>" of a task that
--                     finished with a retention (only such tasks); finished:at ZSET task id -> its expiry
--   where             HASH task id -> "<p>:<entryId>" of every task on a stream (ready or in flight), so
--                     that a task is found by id and a caller-chosen id is stored once (with scheduled,
--                     which holds the delayed ones); it replaces the SET "ids" of earlier versions, which
--                     is no longer read
--   progress          HASH task id -> "<percent> <reportedAt>\n<detail JSON or nothing>", what its handler last
--                     reported, kept until the task ends (across retries)
--   leases            ZSET "<p>:<entryId>" -> lease deadline (0 = handed back, ready to be claimed)
--   tokens            HASH "<p>:<entryId>" -> "<deliveries counted>|<startedAt> <holder>|<lease token>" while
--                     leased, "<deliveries counted>|" when handed back (lease_of reads both)
--   scheduled         ZSET task id -> runAt;    scheduled:<id>   HASH of the entry fields
--   dead-letters      ZSET task id -> failedAt; dead-letter:<id> HASH of the entry fields + error, attempts, failedAt
--   unique:<key>      STRING "<task id> <held until>" with a PX safety TTL
--   stats             HASH processed, failed, dead_dropped, expired; and the throughput history's ring slots
--                     m:<i>, h:<i> (history_ring.lua, shared with redis-list)
--   paused            STRING, exists while paused
--   consumers         ZSET consumer -> last fetch by the clock (0 = closed)
--   settings, events  the queue's settings and event log (events.lua, shared with redis-list)
--   rate, rate:<t>, leased, leased:<t>  the limits' records (limits.lua, shared with redis-list)
--   wake              STREAM of at most one entry, added to when work becomes ready that no priority stream
--                     announces (a task scheduled, handed back, or left claimable): waiting fetches XREAD it too
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local DEAD_MAX = tonumber(ARGV[3])
local DEAD_AGE = tonumber(ARGV[4])
local G = 'spool'
local SETTINGS, EVENTS = P .. 'settings', P .. 'events'
local FINISHED, FINISHED_AT = P .. 'finished', P .. 'finished:at'
local RATE, LIMIT_PREFIX = P .. 'rate', P -- limits.lua; a lease there is "<p>:<entryId>"
--@include events.lua
--@include limits.lua
--@include finished.lua
--@include history_ring.lua
--@include expect.lua
--@include defaults.lua

local function skey(p)
    return P .. 'stream:' .. p
end

-- Creates the stream of priority p with its group when it does not exist yet.
local function ensure(s)
    if redis.call('EXISTS', s) == 0 then
        redis.call('XGROUP', 'CREATE', s, G, '0', 'MKSTREAM')
    end
end

-- Wakes waiting fetches (they block on XREAD of the priority streams and this one).
local function wake()
    redis.call('XADD', P .. 'wake', 'MAXLEN', '1', '*', 'w', '1')
end

-- A flat field list as a table.
local function totable(kv)
    local f = {}
    for i = 1, #kv, 2 do
        f[kv[i]] = kv[i + 1]
    end
    return f
end

-- The consumer group's record of stream s (XINFO GROUPS as a table: last-delivered-id, pending, ...), or nil
-- when s has no such group or is not a stream.
local function group_of(s)
    local groups = redis.pcall('XINFO', 'GROUPS', s)
    if type(groups) == 'table' and not groups.err then
        for _, g in ipairs(groups) do
            local t = totable(g)
            if t.name == G then
                return t
            end
        end
    end
    return nil
end

-- The fields of one stream entry, or nil when it is gone.
local function fields(s, eid)
    local r = redis.call('XRANGE', s, eid, eid)
    if #r == 0 then
        return nil
    end
    return totable(r[1][2])
end

-- The header line of a stored task (its first line): only there are id, pr and ma looked for.
local function head(f)
    return string.match(f.task or '', '^([^\n]*)') or ''
end

-- The task id of entry fields f, or nil for data that is not a task. TaskCodec writes the id first,
-- and ids hold only letters, digits and _ . : - (no escapes).
local function tid(f)
    if f.id and f.id ~= '' then
        return f.id
    end
    return string.match(f.task or '', '^{"id":"([%w_.:%-]+)"')
end

-- The priority of entry fields f ("pr" in the header, left out at 0).
local function prio(f)
    if f.p then
        return f.p
    end
    return string.match(head(f), '[,{]"pr":(%d)[,}]') or '0'
end

-- The maxAttempts of entry fields f ("ma" in the header, left out at the default, 10); 1 for data
-- that is not a task. Header values are JSON strings, so '"ma":<digit>' can only be the field itself.
local function max_attempts(f)
    if f.m then
        return tonumber(f.m) or 1
    end
    if not tid(f) then
        return 1
    end
    return tonumber(string.match(head(f), '[,{]"ma":(%d+)[,}]') or DEFAULT_MAX_ATTEMPTS)
end

-- The entry fields in stored order, with a = deliveries so far.
local function entry(f, a)
    local out = { 'a', tostring(a) }
    if f.u and f.u ~= '' then
        table.insert(out, 'u'); table.insert(out, f.u)
        table.insert(out, 'uw'); table.insert(out, f.uw or '')
    end
    if f.e and f.e ~= '' then
        table.insert(out, 'e'); table.insert(out, f.e)
    end
    table.insert(out, 'task'); table.insert(out, f.task or '')
    return out
end

-- Frees the unique key of f if f's task still holds it (and, unless always, if it is held until finish only).
local function release_unique(f, always)
    if f.u and f.u ~= '' and (always or f.uw ~= '1') then
        local k = P .. 'unique:' .. f.u
        local v = redis.call('GET', k)
        if v and string.match(v, '^(%S+)') == tid(f) then
            redis.call('DEL', k)
        end
    end
end

-- Forgets the progress reported for task id (it ended). Deleting cannot grow memory or lose anything,
-- so a progress key of another type is passed over (pcall) instead of checked first.
local function forget_progress(id)
    if id then
        redis.pcall('HDEL', P .. 'progress', id)
    end
end

-- Records that task id is entry eid of priority p's stream.
local function index(id, p, eid)
    if id then
        redis.call('HSET', P .. 'where', id, p .. ':' .. eid)
    end
end

-- Adds the entry fields f to priority p's stream (created when missing) and indexes it under id.
local function append(p, f, a, id)
    local s = skey(p)
    ensure(s)
    index(id, p, redis.call('XADD', s, '*', unpack(entry(f, a))))
end

-- Forgets a delivered entry: out of the PEL, the stream and the lease records.
local function forget(s, eid, member)
    redis.call('XACK', s, G, eid)
    redis.call('XDEL', s, eid)
    redis.call('HDEL', P .. 'tokens', member)
    redis.call('ZREM', P .. 'leases', member)
    type_unlease(member)
end

-- Hands the delivered entry of member back unstarted, with counted deliveries: no lease (deadline 0), so a
-- later fetch claims it first.
local function hand_back(member, counted)
    redis.call('HSET', P .. 'tokens', member, counted .. '|')
    redis.call('ZADD', P .. 'leases', 0, member)
    type_unlease(member)
end

-- Ends task id (its entry or scheduled record already gone) as cancelled: frees its unique key (unless
-- held for a window) and, when the task has a retention, keeps a cancelled record. The caller has
-- checked finished and finished:at with expect() (expect_cancel).
local function end_cancelled(id, f, attempts)
    release_unique(f, false)
    forget_progress(id)
    local rt = retention_of(tonumber(string.match(head(f), '[,{]"rt":(%d+)[,}]') or ''))
    if id and rt > 0 then
        keep_finished(id, 'cancelled', attempts, rt, '', f.task or '')
    end
    if id then
        emit('cancelled', id, 'a', attempts)
    end
end

-- expect() for every key ending a task as cancelled writes.
local function expect_cancel()
    expect(P .. 'cancel', 'hash')
    expect(P .. 'finished', 'hash')
    expect(P .. 'finished:at', 'zset')
end

-- True when the delivery member ("<p>:<entryId>") was cancelled while it ran.
local function cancel_requested(member)
    return redis.call('HEXISTS', P .. 'cancel', member) == 1
end

-- Ends the delivered entry member as cancelled: out of the stream, the PEL, the lease records, the
-- index and the cancel flags; then end_cancelled. Returns nothing; the caller counts it.
local function cancel_delivered(s, eid, member, attempts)
    expect_cancel()
    local f = fields(s, eid) or {}
    forget(s, eid, member)
    redis.call('HDEL', P .. 'cancel', member)
    local id = tid(f)
    if id then
        redis.call('HDEL', P .. 'where', id)
    end
    end_cancelled(id, f, attempts)
end

-- Counts deliveries settled by this call (processed, failed of them not succeeded) in the totals and
-- the history (history_ring.lua). A script calls it once, with the sums of everything it settled.
local function count(processed, failed)
    if processed > 0 then
        redis.call('HINCRBY', P .. 'stats', 'processed', processed)
        history_add(P .. 'stats', processed, failed)
    end
    if failed > 0 then redis.call('HINCRBY', P .. 'stats', 'failed', failed) end
end

-- Drops dead letters past the age and count bounds, oldest first, a bounded number per call,
-- counting what it drops in the stats (dead_dropped): no dead letter goes unaccounted.
local function trim_dead()
    local old = redis.call('ZRANGEBYSCORE', P .. 'dead-letters', '-inf', '(' .. (NOW - DEAD_AGE), 'LIMIT', 0, 100)
    for _, id in ipairs(old) do
        redis.call('DEL', P .. 'dead-letter:' .. id)
        redis.call('ZREM', P .. 'dead-letters', id)
    end
    local dropped = #old
    local excess = redis.call('ZCARD', P .. 'dead-letters') - DEAD_MAX
    if excess > 0 then
        local ids = redis.call('ZRANGE', P .. 'dead-letters', 0, math.min(excess, 100) - 1)
        for _, id in ipairs(ids) do
            redis.call('DEL', P .. 'dead-letter:' .. id)
            redis.call('ZREM', P .. 'dead-letters', id)
        end
        dropped = dropped + #ids
    end
    if dropped > 0 then
        redis.call('HINCRBY', P .. 'stats', 'dead_dropped', dropped)
    end
end

-- Files f (already forgotten elsewhere) as dead letter id with error after attempts deliveries.
local function bury(f, id, err, attempts)
    local k = P .. 'dead-letter:' .. id
    redis.call('DEL', k)
    local e = entry(f, 0)
    redis.call('HSET', k, unpack(e))
    redis.call('HSET', k, 'id', id, 'error', err, 'attempts', tostring(attempts), 'failedAt', tostring(NOW))
    redis.call('ZADD', P .. 'dead-letters', NOW, id)
    local own = tid(f)
    if own then
        redis.call('HDEL', P .. 'where', own)
        forget_progress(own)
    end
    release_unique(f, false)
    trim_dead()
    emit('dead', id, 'a', attempts, 'err', err)
end

-- A lease record of tokens, "<deliveries>|<startedAt> <holder>|<token>" (or "<deliveries>|<token>", as
-- an entry handed back has it, with an empty token, and as earlier versions wrote it): the deliveries
-- counted (a number), the token ('' when handed back), the start of the attempt (ms) and the holder
-- (the fetching broker's name), these two nil when not recorded. Nil for what is not a lease record.
local function lease_of(rec)
    local n, rest = string.match(rec or '', '^(%d+)|(.*)$')
    if not n then
        return nil
    end
    local meta, token = string.match(rest, '^(.*)|([^|]*)$')
    if not meta then
        return tonumber(n), rest
    end
    local started, holder = string.match(meta, '^(%d+) (.*)$')
    return tonumber(n), token, tonumber(started), holder
end

-- The lease record of member if token holds it: deliveries counted, or nil.
local function held(member, token)
    if token == nil or token == '' then
        return nil
    end
    local rec = redis.call('HGET', P .. 'tokens', member)
    if not rec then
        return nil
    end
    local n, t = lease_of(rec)
    if t ~= token then
        return nil
    end
    return tonumber(n)
end

-- "<p>:<entryId>" from a lease token "<p>:<entryId>~<random>".
local function member_of(token)
    return string.match(token, '^(%d:[%d]+%-[%d]+)~')
end
