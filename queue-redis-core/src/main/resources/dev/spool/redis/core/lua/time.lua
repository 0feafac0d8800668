-- time.lua: the server's clock, for ServerClock. KEYS[1] only routes the call (any key of the
-- namespace: on a Cluster the clock of the node that serves it answers).
-- Returns TIME: { seconds, microseconds } as strings.
return redis.call("TIME")
