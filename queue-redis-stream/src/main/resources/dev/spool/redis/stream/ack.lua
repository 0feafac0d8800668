-- ack.lua: acknowledges deliveries whose lease the caller still holds: the entry leaves the
-- PEL (XACK) and the stream (XDEL), its lease records go, and its unique key is freed unless held
-- for a window.
-- KEYS[1] spool:{q}:tokens (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5..] lease tokens
-- Returns how many were acknowledged.
--@include common.lua
expect(P .. 'where', 'hash') -- written after the entry is gone: checked first (see expect.lua)
local acked = 0
for i = 5, #ARGV do
    local token = ARGV[i]
    local member = member_of(token)
    if member and held(member, token) then
        local p, eid = string.match(member, '^(%d):(.+)$')
        local s = skey(p)
        local f = fields(s, eid)
        forget(s, eid, member)
        if f then
            release_unique(f, false)
            local id = tid(f)
            if id then redis.call('HDEL', P .. 'where', id) end
        end
        acked = acked + 1
    end
end
count(acked, 0)
return acked
