-- progress.lua: records how far a running task has come, while the caller's lease holds.
-- KEYS[1] spool:{q}:progress (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] task id, 6 lease token, 7 percent (0..100), 8 detail JSON ("" for none)
-- Returns 1 when recorded, 0 when the lease was not held (nothing changed).
--@include common.lua
local id, token = ARGV[5], ARGV[6]
local member = member_of(token)
local n = member and held(member, token)
if not n or redis.call('HGET', P .. 'where', id) ~= member then
    return 0
end
expect(P .. 'progress', 'hash')
redis.call('HSET', P .. 'progress', id, ARGV[7] .. ' ' .. NOW .. '\n' .. ARGV[8])
emit('progress', id, 'a', n, 'p', ARGV[7])
return 1
