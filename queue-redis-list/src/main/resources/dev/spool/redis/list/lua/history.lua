-- history.lua: the slots of one ring of the queue's throughput history (read only; history_ring.lua of
-- queue-redis-core describes them).
--@include queue.lua
-- ARGV 5 the ring's field prefix ("m:" by minute, "h:" by hour)
-- Returns the values of its slots in slot order (nil for an empty slot).

expect(STATS, "hash") -- read only, but a broken key is named
return history_slots(STATS, ARGV[5])
