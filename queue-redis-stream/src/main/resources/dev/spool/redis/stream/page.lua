-- page.lua: the ids of a page of one queue's tasks in one state (read only), without scanning the
-- queue: the cost grows with offset + limit.
-- KEYS[1] spool:{q}:leases (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] state: "ready" (in the order a fetch takes them: by priority, 9 first,
-- the entries handed back before the new ones), "scheduled" (by runAt), "running" (by lease deadline) or
-- "dead" (newest first); ARGV[6] offset; ARGV[7] limit
-- Returns the task ids (an entry that is not a task is left out).
--@include common.lua
local state, offset, limit = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local ids = {}

-- Adds the task id of each entry eid of stream s, of a list of entry ids.
local function add_entries(s, eids)
    for _, eid in ipairs(eids) do
        local f = fields(s, eid)
        local id = f and tid(f)
        if id then
            ids[#ids + 1] = id
        end
    end
end

if state == 'ready' then
    local back = {} -- handed-back entries by priority, in claim order
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', 0, 0)) do
        local p, eid = string.match(member, '^(%d):(.+)$')
        if p then
            back[p] = back[p] or {}
            table.insert(back[p], eid)
        end
    end
    for p = 9, 0, -1 do
        if #ids >= limit then
            break
        end
        local s = skey(p)
        local handed = back[tostring(p)] or {}
        if offset >= #handed then
            offset = offset - #handed
        else
            add_entries(s, { unpack(handed, offset + 1, math.min(#handed, offset + limit - #ids)) })
            offset = 0
        end
        if #ids < limit and redis.call('EXISTS', s) == 1 then
            local g = group_of(s)
            local last, pending = g and g['last-delivered-id'] or '0-0', g and tonumber(g.pending) or 0
            local fresh = redis.call('XLEN', s) - pending -- entries not yet delivered (delivered ones are in the PEL until deleted)
            if offset >= fresh then
                offset = offset - fresh
            else
                local r = redis.call('XRANGE', s, '(' .. last, '+', 'COUNT', offset + limit - #ids)
                for i = offset + 1, #r do
                    local id = tid(totable(r[i][2]))
                    if id then
                        ids[#ids + 1] = id
                    end
                end
                offset = 0
            end
        end
    end
    return ids
elseif state == 'running' then
    local r = redis.call('ZRANGEBYSCORE', P .. 'leases', '(0', '+inf', 'LIMIT', offset, limit)
    for _, member in ipairs(r) do
        local p, eid = string.match(member, '^(%d):(.+)$')
        if p then
            add_entries(skey(p), { eid })
        end
    end
    return ids
elseif state == 'scheduled' then
    return redis.call('ZRANGE', P .. 'scheduled', offset, offset + limit - 1)
elseif state == 'dead' then
    return redis.call('ZREVRANGE', P .. 'dead-letters', offset, offset + limit - 1)
end
return redis.error_reply('ERR page.lua: state ' .. tostring(state) .. ' is not ready, scheduled, running or dead')
