-- info.lua: one task by id, in whatever state it is (read only).
-- KEYS[1] spool:{q}:where (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] task id
-- Returns {} when the queue holds no task of that id, else {state, stored task, attempts, at, error, result,
-- progress}:
--   "running"   at = lease deadline; attempts = the current attempt
--   "scheduled" at = runAt; attempts = deliveries so far
--   "ready"     at = ""; attempts = deliveries so far (an entry handed back or whose lease ran out too)
--   "dead"      at = failedAt; attempts as recorded
--   "succeeded" at = when it was acknowledged; result = its handler's result ("" for none); only while
--               its retention lasts
-- error is the error of the last failed attempt, "" when none failed; progress the record kept in
-- progress ("<percent> <at>\n<detail>") of a scheduled, ready or running task, "" when none. A running
-- task adds when its attempt started and its holder (the broker that leased it), "" when unknown.
--@include common.lua
local id = ARGV[5]
local prog = redis.call('HGET', P .. 'progress', id) or ''
local run_at = redis.call('ZSCORE', P .. 'scheduled', id)
if run_at then
    local f = totable(redis.call('HGETALL', P .. 'scheduled:' .. id))
    return { 'scheduled', f.task or '', tonumber(f.a or '0') or 0, run_at, f.e or '', '', prog }
end
local member = redis.call('HGET', P .. 'where', id)
if member then
    local p, eid = string.match(member, '^(%d):(.+)$')
    local f = p and fields(skey(p), eid)
    if f then
        local rec = redis.call('HGET', P .. 'tokens', member)
        local n, token, started, holder = lease_of(rec)
        if token and token ~= '' then
            return { 'running', f.task or '', n, redis.call('ZSCORE', P .. 'leases', member), f.e or '', '', prog,
                     started or '', holder or '' }
        end
        return { 'ready', f.task or '', tonumber(n or f.a or '0') or 0, '', f.e or '', '', prog }
    end
end
if redis.call('ZSCORE', P .. 'dead-letters', id) then
    local d = redis.call('HMGET', P .. 'dead-letter:' .. id, 'task', 'error', 'attempts', 'failedAt')
    return { 'dead', d[1] or '', tonumber(d[3] or '0') or 0, d[4] or '0', d[2] or '', '', '' }
end
local state, task, a, at, result = finished_record(id)
if state then
    return { state, task, a, at, '', result, '' }
end
return {}
