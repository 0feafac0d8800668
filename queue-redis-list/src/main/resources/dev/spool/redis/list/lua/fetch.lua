-- fetch.lua: leases up to max ready tasks, after reaping expired leases and promoting due
-- delayed tasks. A popped entry moves into the in-flight structures in the same script, so a
-- task is never in no structure. Entries that are not tasks are leased too (under a made-up
-- id when they claim none): the caller decodes them, fails to, and dead-letters them with the
-- reason through fail.lua (should it die first, the reaper dead-letters them: such data has
-- maxAttempts 1).
--@include queue.lua
-- ARGV 5 max, 6 lease (ms), 7 lease-token prefix (random per call), 8 reap limit, 9 promote limit,
--      10 "1" when this call is a re-send after a failure, else "0": a re-send first looks for
--         leases of the first send (its reply may have been lost after it ran) and returns those
-- Returns {1, deadline, id1, body1, attempt1, token1, id2, ...} when it leased something;
--         {0, wait} when nothing is ready: wait = ms until the next delayed task is due or the
--                   next lease runs out (-1 when there is neither);
--         {-1} when the queue is paused.

local max = tonumber(ARGV[5])
local deadline = NOW + tonumber(ARGV[6])
local prefix = ARGV[7]

if ARGV[10] == "1" then
  local found = {}
  local leases = redis.call("HGETALL", LEASE)
  for i = 1, #leases, 2 do
    local m = leases[i + 1]
    if string.sub(m, 1, #prefix) == prefix then
      local token, a = string.match(m, "^(%S+) (%d+) ")
      local body = redis.call("HGET", TASKS, leases[i])
      if token and body then
        found[#found + 1] = {tonumber(string.sub(token, #prefix + 1)) or 0, leases[i], body, tonumber(a), token}
      end
    end
  end
  if #found > 0 then
    table.sort(found, function(x, y) return x[1] < y[1] end)
    local out = {1, tonumber(redis.call("ZSCORE", INFLIGHT, found[1][2])) or deadline}
    for _, f in ipairs(found) do
      out[#out + 1] = f[2]
      out[#out + 1] = f[3]
      out[#out + 1] = f[4]
      out[#out + 1] = f[5]
    end
    return out
  end
end

reap(tonumber(ARGV[8]))
promote(tonumber(ARGV[9]))
if redis.call("EXISTS", PAUSED) == 1 then
  return {-1}
end

local ids, bodies, ps = {}, {}, {}
local n = 0
for p = 9, 0, -1 do
  if n >= max then
    break
  end
  local got = redis.call("LPOP", ready(p), max - n)
  if got then
    for _, body in ipairs(got) do
      n = n + 1
      -- only the id is read here (TaskCodec writes it first); Java decodes and checks the rest
      ids[n] = string.match(body, '^{"id":"([%w_.:%-]+)"') or ("undecodable-" .. prefix .. n)
      bodies[n], ps[n] = body, p
    end
  end
end

local out = {1, deadline}
if n > 0 then
  local before = {}
  if redis.call("EXISTS", ATTEMPTS) == 1 then -- tasks delivered before: their count is kept here
    before = bulk("HMGET", ATTEMPTS, ids)
    bulk("HDEL", ATTEMPTS, ids)
  end
  local z, t, l = {}, {}, {}
  for i = 1, n do
    local a = (tonumber(before[i]) or 0) + 1
    local token = prefix .. i
    z[2 * i - 1] = deadline
    z[2 * i] = ids[i]
    t[2 * i - 1] = ids[i]
    t[2 * i] = bodies[i]
    l[2 * i - 1] = ids[i]
    l[2 * i] = token .. " " .. a .. " " .. ps[i]
    out[4 * i - 1] = ids[i]
    out[4 * i] = bodies[i]
    out[4 * i + 1] = a
    out[4 * i + 2] = token
  end
  bulk("ZADD", INFLIGHT, z)
  bulk("HSET", TASKS, t)
  bulk("HSET", LEASE, l)
end

if n > 0 then
  if n >= max then -- more may be ready: pass the wake-up on to the next idle consumer
    for p = 9, 0, -1 do
      if redis.call("LLEN", ready(p)) > 0 then
        wake()
        break
      end
    end
  end
  return out
end

local wait = -1
local nd = redis.call("ZRANGE", DELAYED, 0, 0, "WITHSCORES")
if nd[2] then
  wait = tonumber(nd[2]) - NOW
end
local nl = redis.call("ZRANGE", INFLIGHT, 0, 0, "WITHSCORES")
if nl[2] then
  local w = tonumber(nl[2]) - NOW
  if wait < 0 or w < wait then
    wait = w
  end
end
if wait ~= -1 and wait < 0 then
  wait = 0
end
return {0, wait}
