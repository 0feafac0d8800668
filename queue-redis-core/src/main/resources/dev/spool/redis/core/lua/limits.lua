-- limits.lua: a queue's rate and concurrency limits, and those of single task types within it (shared
-- by both adapters' prologues, included after events.lua, whose read_settings reads them). The includer
-- defines NOW, RATE (the key of the queue's rate window: a ZSET of one member per task leased in the last
-- period, scored by when) and LIMIT_PREFIX (the queue's key prefix, "spool:{q}:"). The limits hold
-- across every consumer because every lease goes through one fetch script.
-- Keys of a type t with limits of its own, built from LIMIT_PREFIX (inside the queue's hash tag):
--   rate:<t>    ZSET   its rate window, as RATE
--   leased:<t>  ZSET   lease -> deadline, of its tasks in flight: what its concurrency limit counts (a lease
--                      is the adapter's name of one delivery); a lease whose deadline passed counts no more
--   leased      HASH   lease -> t, for every lease in a leased:<t>, so that the script that ends or renews
--                      a lease finds the set it is in

-- The room left under one set of limits, at most max: concurrency (0 for none) less in_flight() (called
-- only under a concurrency limit); rate_count per rate_ms (0 for none) in the window rate_key. When none,
-- also the ms until one may be (a poll interval when only the concurrency limit holds them back: a slot
-- frees when a lease ends, which no script announces), else -1.
local LIMIT_POLL_MS = 50
local function room_under(max, concurrency, in_flight, rate_count, rate_ms, rate_key)
  local room, wait = max, -1
  if concurrency > 0 then
    room = math.max(0, math.min(room, concurrency - in_flight()))
    if room == 0 then
      wait = LIMIT_POLL_MS
    end
  end
  if rate_count > 0 and room > 0 then
    local t = redis.call('TYPE', rate_key).ok
    if t ~= 'none' and t ~= 'zset' then
      error('SPOOL-WRONGTYPE ' .. t .. ' zset ' .. rate_key, 0)
    end
    redis.call('ZREMRANGEBYSCORE', rate_key, '-inf', NOW - rate_ms)
    room = math.max(0, math.min(room, rate_count - redis.call('ZCARD', rate_key)))
    if room == 0 then
      local oldest = redis.call('ZRANGE', rate_key, 0, 0, 'WITHSCORES')
      wait = math.max(1, (tonumber(oldest[2]) or NOW) + rate_ms - NOW)
    end
  end
  return room, wait
end

-- How many of max tasks this fetch may lease under the queue's own limits; in_flight() counts its live
-- leases. When none, also the ms until one may be.
local function limit_room(max, in_flight)
  read_settings()
  return room_under(max, CONCURRENCY, in_flight, RATE_COUNT, RATE_MS, RATE)
end

-- Records n leases taken now in the rate window rate_key (members: member_prefix .. 1..n, unique per
-- call); the window's key expires a minute after its period (by the server's time: only to free memory).
local LIMIT_CHUNK = 1000 -- members per ZADD: unpack() has a bound, and a fetch may lease thousands
local function window_took(rate_key, rate_ms, n, member_prefix)
  for from = 1, n, LIMIT_CHUNK do
    local z = {}
    for i = from, math.min(n, from + LIMIT_CHUNK - 1) do
      z[#z + 1] = NOW
      z[#z + 1] = member_prefix .. i
    end
    redis.call('ZADD', rate_key, unpack(z))
  end
  redis.pcall('PEXPIRE', rate_key, rate_ms + 60000) -- memory hygiene only: an ACL without PEXPIRE leaves the key
end

-- Records n leases taken now under the queue's rate limit.
local function limit_took(n, member_prefix)
  if RATE_COUNT > 0 and n > 0 then
    window_took(RATE, RATE_MS, n, member_prefix)
  end
end

-- Checks the type of every key of the limited types before a fetch's first write (a key of another
-- type would otherwise fail the script half-way, after tasks were taken).
local function expect_type_keys()
  read_settings()
  if not TYPE_LIMITED then
    return
  end
  local function check(key, want)
    local t = redis.call('TYPE', key).ok
    if t ~= 'none' and t ~= want then
      error('SPOOL-WRONGTYPE ' .. t .. ' ' .. want .. ' ' .. key, 0)
    end
  end
  check(LIMIT_PREFIX .. 'leased', 'hash')
  for t in pairs(TYPE_LIMITS) do
    check(LIMIT_PREFIX .. 'rate:' .. t, 'zset')
    check(LIMIT_PREFIX .. 'leased:' .. t, 'zset')
  end
end

-- The type of a stored task (TaskCodec writes the id, then the type, first), or nil.
local function type_of(body)
  return body and string.match(body, '^{"id":"[^"]*","t":"([%w_.:%-]+)"')
end

-- Per fetch: the room left of each limited type met so far, and the shortest wait of a type found full.
local type_room, TYPE_WAIT = {}, -1

-- True when one more task of type t may be leased by this fetch (counting it), false when t is at its
-- limit (TYPE_WAIT then tells when it may have room). A type without limits of its own always may.
local function type_admit(t)
  read_settings()
  local lim = t and TYPE_LIMITS[t]
  if not lim then
    return true
  end
  local room = type_room[t]
  if room == nil then
    local wait
    local leased = LIMIT_PREFIX .. 'leased:' .. t
    room, wait = room_under(math.huge, lim[3], function()
      redis.call('ZREMRANGEBYSCORE', leased, '-inf', NOW)
      return redis.call('ZCARD', leased)
    end, lim[1], lim[2], LIMIT_PREFIX .. 'rate:' .. t)
    if room == 0 and (TYPE_WAIT < 0 or wait < TYPE_WAIT) then
      TYPE_WAIT = wait
    end
  end
  type_room[t] = math.max(0, room - 1)
  return room > 0
end

-- Whether the leased hash exists, looked up once per script call (nil until then): a queue without
-- type concurrency limits pays one EXISTS per settling script, not a lookup per lease.
local LEASED_ANY

-- Records the lease (deadline) of a task of type t just leased, under t's limits; token (the lease's
-- token, unique) names it in the rate window.
local function type_took(t, lease, deadline, token)
  local lim = t and TYPE_LIMITS[t]
  if not lim then
    return
  end
  if lim[1] > 0 then
    window_took(LIMIT_PREFIX .. 'rate:' .. t, lim[2], 1, token)
  end
  if lim[3] > 0 then
    redis.call('ZADD', LIMIT_PREFIX .. 'leased:' .. t, deadline, lease)
    redis.call('HSET', LIMIT_PREFIX .. 'leased', lease, t)
    LEASED_ANY = true
  end
end

-- True when some lease may hold a type's slot (see LEASED_ANY).
local function any_leased()
  if LEASED_ANY == nil then
    LEASED_ANY = redis.call('EXISTS', LIMIT_PREFIX .. 'leased') == 1
  end
  return LEASED_ANY
end

-- Frees the concurrency slot of lease, if it holds one (called wherever a lease ends). These records
-- are written with pcall: a key of another type leaves a slot to run out with its lease's deadline,
-- and never fails the settling script half-way.
local function type_unlease(lease)
  if not any_leased() then
    return
  end
  local t = redis.pcall('HGET', LIMIT_PREFIX .. 'leased', lease)
  if type(t) == 'string' then
    redis.pcall('ZREM', LIMIT_PREFIX .. 'leased:' .. t, lease)
    redis.pcall('HDEL', LIMIT_PREFIX .. 'leased', lease)
  end
end

-- type_unlease for every lease of a list (an acknowledged batch): one HMGET per LIMIT_CHUNK leases.
local function type_unlease_all(leases)
  if not any_leased() then
    return
  end
  for from = 1, #leases, LIMIT_CHUNK do
    local chunk = {unpack(leases, from, math.min(#leases, from + LIMIT_CHUNK - 1))}
    local ts = redis.pcall('HMGET', LIMIT_PREFIX .. 'leased', unpack(chunk))
    if type(ts) == 'table' and not ts.err then
      for i, lease in ipairs(chunk) do
        if ts[i] then
          redis.pcall('ZREM', LIMIT_PREFIX .. 'leased:' .. ts[i], lease)
          redis.pcall('HDEL', LIMIT_PREFIX .. 'leased', lease)
        end
      end
    end
  end
end

-- Moves the deadline of lease's concurrency slot, if it holds one (called where a lease is renewed).
local function type_renew(lease, deadline)
  if not any_leased() then
    return
  end
  local t = redis.pcall('HGET', LIMIT_PREFIX .. 'leased', lease)
  if type(t) == 'string' then
    redis.pcall('ZADD', LIMIT_PREFIX .. 'leased:' .. t, 'XX', deadline, lease)
  end
end
