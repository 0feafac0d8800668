-- enqueue.lua: stores a batch of tasks, taking unique keys first.
-- KEYS[1] spool:{q}:delayed (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] number of tasks; then 8 values per task:
--   id, priority, runAt (epoch ms, 0 = now), maxAttempts, unique key ("" = none),
--   "1" when the unique key is held for a window, unique held-until (epoch ms), body (TaskCodec form)
-- ARGV[6 + 8n] the safety TTL in ms of each unique key (one value after the tasks)
-- Returns per task: "A", "" (accepted) or "D", <id of the task holding the key>.
--! include common.lua
local n = tonumber(ARGV[5])
local ttl = ARGV[6 + 8 * n]
local out = {}
for i = 0, n - 1 do
    local b = 5 + 8 * i
    local id, p, run_at, m, u, uw, hold, body =
        ARGV[b + 1], ARGV[b + 2], tonumber(ARGV[b + 3]), ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7], ARGV[b + 8]
    local holder = nil
    if u ~= '' then
        local k = P .. 'unique:' .. u
        local v = redis.call('GET', k)
        if v then
            local who, till = string.match(v, '^(%S+) (%d+)$')
            if who and tonumber(till) > NOW then
                holder = who
            end
        end
        if not holder then
            redis.call('SET', k, id .. ' ' .. hold, 'PX', ttl)
        end
    end
    if holder then
        table.insert(out, 'D'); table.insert(out, holder)
    else
        local f = { id = id, p = p, m = m, u = u, uw = uw, task = body }
        if run_at > NOW then
            redis.call('HSET', P .. 'delayed:' .. id, unpack(entry(f, 0)))
            redis.call('ZADD', P .. 'delayed', run_at, id)
        else
            local s = skey(p)
            ensure(s)
            redis.call('XADD', s, '*', unpack(entry(f, 0)))
        end
        table.insert(out, 'A'); table.insert(out, '')
    end
end
return out
