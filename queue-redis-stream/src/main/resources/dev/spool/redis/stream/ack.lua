-- ack.lua: acknowledges deliveries whose lease the caller still holds: the entry leaves the
-- PEL (XACK) and the stream (XDEL), its lease records go, and its unique key is freed unless held
-- for a window. A task with a retention is kept as succeeded, with its result, until it expires.
-- KEYS[1] spool:{q}:tokens (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] k, the number of deliveries with a retention or a result, then k
-- triples of lease token, retention (ms; 0 for the queue's), result ("" for none); then lease tokens (kept
-- only when the queue has a retention)
-- Returns how many were acknowledged.
--@include common.lua
expect(P .. 'where', 'hash') -- written after the entry is gone: checked first (see expect.lua)
local k = tonumber(ARGV[5])
if k > 0 then
    expect(P .. 'finished', 'hash')
    expect(P .. 'finished:at', 'zset')
end
local acked = 0
local succeeded, succeeded_at = {}, {}
local queue_rt = retention_of(nil) -- the queue's retention, for the tasks that set none
if queue_rt > 0 then
    expect(P .. 'finished', 'hash')
    expect(P .. 'finished:at', 'zset')
end
local function ack(token, retention, result)
    local member = member_of(token)
    local n = member and held(member, token)
    if n then
        local p, eid = string.match(member, '^(%d):(.+)$')
        local s = skey(p)
        local f = fields(s, eid)
        forget(s, eid, member) -- a cancel flag of member (the handler finished first) is left to cancel.lua
        if f then
            release_unique(f, false)
            local id = tid(f)
            if id then
                redis.call('HDEL', P .. 'where', id)
                forget_progress(id)
                local rt = retention_of(retention)
                if rt > 0 then
                    keep_finished(id, 'succeeded', n, rt, result or '', f.task or '')
                end
                succeeded[#succeeded + 1] = id
                succeeded_at[#succeeded] = n
            end
        end
        acked = acked + 1
    end
end
for i = 0, k - 1 do
    local b = 6 + 3 * i
    ack(ARGV[b], tonumber(ARGV[b + 1]), ARGV[b + 2])
end
for i = 6 + 3 * k, #ARGV do
    ack(ARGV[i])
end
emit_all('succeeded', succeeded, succeeded_at)
count(acked, 0)
return acked
