-- dead.lua: reads and administers dead letters.
-- KEYS[1] spool:{q}:dead-letters (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] what:
--   "list"    ARGV[6] offset, ARGV[7] limit: newest first, 5 values each: id, body, error, attempts, failedAt
--   "requeue" ARGV[6] id, ARGV[7] unique hold ms, ARGV[8] unique key safety TTL ms: back on its stream
--             with attempt 0; its unique key is taken again when free. Returns 1, or 0 when there is no such dead letter
--             (or a task in the queue has its id)
--   "delete"  ARGV[6] id: returns 1, or 0 when there is no such dead letter
--   "clear"   ARGV[6] limit: deletes up to limit dead letters; returns how many
--@include common.lua
local what = ARGV[5]
if what == 'list' then
    local off = tonumber(ARGV[6])
    local ids = redis.call('ZREVRANGE', P .. 'dead-letters', off, off + tonumber(ARGV[7]) - 1)
    local out = {}
    for _, id in ipairs(ids) do
        local v = redis.call('HMGET', P .. 'dead-letter:' .. id, 'task', 'error', 'attempts', 'failedAt')
        for _, x in ipairs({ id, v[1] or '', v[2] or '', v[3] or '0', v[4] or '0' }) do
            table.insert(out, x)
        end
    end
    return out
end
if what == 'requeue' then
    local id = ARGV[6]
    expect(P .. 'where', 'hash')
    if redis.call('HEXISTS', P .. 'where', id) == 1 or redis.call('ZSCORE', P .. 'scheduled', id) then
        return 0 -- a task in the queue has taken its id since: it stays a dead letter
    end
    local k = P .. 'dead-letter:' .. id
    local f = totable(redis.call('HGETALL', k))
    redis.call('ZREM', P .. 'dead-letters', id)
    if not f.task then
        return 0
    end
    redis.call('DEL', k)
    local p = prio(f)
    f.id = nil
    f.p = nil
    f.m = nil
    f.e = nil
    if f.u and f.u ~= '' then
        local uk = P .. 'unique:' .. f.u
        local v = redis.call('GET', uk)
        local till = v and tonumber(string.match(v, ' (%d+)$'))
        if not till or till <= NOW then
            redis.call('SET', uk, id .. ' ' .. (NOW + tonumber(ARGV[7])), 'PX', ARGV[8])
        end
    end
    append(p, f, 0, id)
    emit('enqueued', id)
    return 1
end
if what == 'delete' then
    local id = ARGV[6]
    local gone = redis.call('ZREM', P .. 'dead-letters', id)
    redis.call('DEL', P .. 'dead-letter:' .. id)
    return gone
end
if what == 'clear' then
    local ids = redis.call('ZRANGE', P .. 'dead-letters', 0, tonumber(ARGV[6]) - 1)
    for _, id in ipairs(ids) do
        redis.call('DEL', P .. 'dead-letter:' .. id)
        redis.call('ZREM', P .. 'dead-letters', id)
    end
    return #ids
end
return redis.error_reply('dead.lua: unknown operation ' .. tostring(what))
