-- history.lua: the slots of one ring of the queue's throughput history (read only; history_ring.lua of
-- queue-redis-core describes them).
-- KEYS[1] spool:{q}:stats (for routing; every key is built from the prefix)
-- ARGV[1..4] see common.lua; ARGV[5] the ring's field prefix ("m:" by minute, "h:" by hour)
-- Returns the values of its slots in slot order (nil for an empty slot).
--@include common.lua
expect(P .. 'stats', 'hash') -- read only, but a broken key is named
return history_slots(P .. 'stats', ARGV[5])
