-- renew.lua: moves the lease deadlines of the deliveries whose lease their token still holds.
-- KEYS[1] spool:{q}:tokens (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] lease ms from now; ARGV[6..] lease tokens
-- Returns a table of 1 (renewed) or 0 (the lease was not held), one per token, in order.
--@include common.lua
local deadline = NOW + tonumber(ARGV[5])
local out = {}
for i = 6, #ARGV do
    local token = ARGV[i]
    local member = member_of(token)
    local done = 0
    -- ZREM first: at maxmemory Redis refuses a script's first write only when that write may grow
    -- memory, and lets every later write through, so a full Redis still renews.
    if member and held(member, token) then
        redis.call('ZREM', P .. 'leases', member)
        redis.call('ZADD', P .. 'leases', deadline, member)
        type_renew(member, deadline)
        done = 1
    end
    out[#out + 1] = done
end
return out
