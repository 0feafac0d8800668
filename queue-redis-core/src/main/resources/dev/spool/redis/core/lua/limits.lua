-- limits.lua: a queue's rate and concurrency limits, applied by both adapters' fetch (included after
-- events.lua, whose read_settings reads them). The includer defines NOW and RATE, the key of the
-- queue's rate window: a ZSET of one member per task leased in the last period, scored by when.
-- The limits hold across every consumer because every lease goes through one fetch script.

-- How many of max tasks this fetch may lease; in_flight() counts the live leases (called only under a
-- concurrency limit). When none, also the ms
-- until one may be (a poll interval when only the concurrency limit holds them back: a slot frees when
-- a lease ends, which no script announces).
local LIMIT_POLL_MS = 50
local function limit_room(max, in_flight)
  read_settings()
  local room, wait = max, -1
  if CONCURRENCY > 0 then
    room = math.max(0, math.min(room, CONCURRENCY - in_flight()))
    if room == 0 then
      wait = LIMIT_POLL_MS
    end
  end
  if RATE_COUNT > 0 and room > 0 then
    local t = redis.call('TYPE', RATE).ok
    if t ~= 'none' and t ~= 'zset' then
      error('SPOOL-WRONGTYPE ' .. t .. ' zset ' .. RATE, 0)
    end
    redis.call('ZREMRANGEBYSCORE', RATE, '-inf', NOW - RATE_MS)
    room = math.max(0, math.min(room, RATE_COUNT - redis.call('ZCARD', RATE)))
    if room == 0 then
      local oldest = redis.call('ZRANGE', RATE, 0, 0, 'WITHSCORES')
      wait = math.max(1, (tonumber(oldest[2]) or NOW) + RATE_MS - NOW)
    end
  end
  return room, wait
end

-- Records n leases taken now in the rate window (members: member_prefix .. 1..n, unique per call);
-- the window's key expires a minute after its period (by the server's time: only to free memory).
local LIMIT_CHUNK = 1000 -- members per ZADD: unpack() has a bound, and a fetch may lease thousands
local function limit_took(n, member_prefix)
  if RATE_COUNT > 0 and n > 0 then
    for from = 1, n, LIMIT_CHUNK do
      local z = {}
      for i = from, math.min(n, from + LIMIT_CHUNK - 1) do
        z[#z + 1] = NOW
        z[#z + 1] = member_prefix .. i
      end
      redis.call('ZADD', RATE, unpack(z))
    end
    redis.pcall('PEXPIRE', RATE, RATE_MS + 60000) -- memory hygiene only: an ACL without PEXPIRE leaves the key
  end
end
