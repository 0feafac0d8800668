-- enqueue.lua: stores a batch of tasks, taking unique keys first.
-- KEYS[1] spool:{q}:scheduled (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] number of tasks; then 8 values per task:
--   id, priority, runAt (epoch ms, 0 = now), "1" when the caller chose the id ("" when generated), unique key ("" = none),
--   "1" when the unique key is held for a window, unique held-until (epoch ms), body (TaskCodec form)
-- ARGV[6 + 8n] the safety TTL in ms of each unique key (one value after the tasks)
-- ARGV[7 + 8n] the id of this call; ARGV[8 + 8n] how long (ms, real time) its reply is remembered, so a
--              call sent again after its reply was lost gets the same answer and stores nothing twice
-- Returns per task: "A", "" (accepted) or "D", <id of the task holding the key> (its own id when a
-- task of that id is already stored). Only caller-chosen ids are checked (in where and scheduled): a
-- generated id (a ULID) cannot collide, and a call sent again after its reply was lost is answered
-- from the memo above. Every task on a stream is indexed in where.
--@include common.lua
local n = tonumber(ARGV[5])
local ttl = ARGV[6 + 8 * n]
local memo = P .. 'sent:' .. ARGV[7 + 8 * n]
local before = redis.call('GET', memo)
if before then
    local again = {}
    for v in string.gmatch(before .. '\n', '([^\n]*)\n') do
        table.insert(again, v)
    end
    return again
end
expect(P .. 'where', 'hash') -- written after each XADD: checked first (see expect.lua)
local out = {}
local now_ready = {}
for i = 0, n - 1 do
    local b = 5 + 8 * i
    local id, p, run_at, chosen, u, uw, hold, body =
        ARGV[b + 1], ARGV[b + 2], tonumber(ARGV[b + 3]), ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7], ARGV[b + 8]
    local holder = nil
    if chosen == '1' and (redis.call('HEXISTS', P .. 'where', id) == 1
            or redis.call('ZSCORE', P .. 'scheduled', id)) then
        holder = id
    elseif u ~= '' then
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
        local f = { u = u, uw = uw, task = body }
        if run_at > NOW then
            redis.call('HSET', P .. 'scheduled:' .. id, unpack(entry(f, 0)))
            redis.call('ZADD', P .. 'scheduled', run_at, id)
            wake() -- waiting fetches look again at when the next delayed task is due
            emit('enqueued', id, 'run', run_at)
        else
            append(p, f, 0, id)
            now_ready[#now_ready + 1] = id
        end
        table.insert(out, 'A'); table.insert(out, '')
    end
end
emit_all('enqueued', now_ready, nil)
redis.call('SET', memo, table.concat(out, '\n'), 'PX', ARGV[8 + 8 * n])
return out
