-- fetch.lua: leases up to max ready tasks, after reaping expired leases and promoting due
-- delayed tasks. A popped entry moves into the in-flight structures in the same script, so a
-- task is never in no structure. The stored task stays in tasks (see queue.lua). Entries that are not tasks are leased too (under a made-up
-- id when they claim none): the caller decodes them, fails to, and dead-letters them with the
-- reason through fail.lua (should it die first, the reaper dead-letters them: such data has
-- maxAttempts 1).
--@include queue.lua
-- ARGV 5 max, 6 lease (ms), 7 lease-token prefix (random per call), 8 reap limit, 9 promote limit,
--      10 "1" when this call is a re-send after a failure, else "0": a re-send first looks for
--         leases of the first send (its reply may have been lost after it ran) and returns those;
--      11 the holder: the fetching broker's name, kept in the lease record with the start time
-- Returns {1, deadline, id1, body1, attempt1, token1, id2, ...} when it leased something (a body is
--         nil for an id whose stored task is gone);
--         {0, wait} when nothing is ready: wait = ms until the next delayed task is due or the
--                   next lease runs out (-1 when there is neither);
--         {0, wait} also when the queue's limits, or those of the types of the ready tasks it looked
--                   at (limits.lua), let it lease none now: wait = ms until one may be leased;
--         {-1} when the queue is paused.

local max = tonumber(ARGV[5])
local deadline = NOW + tonumber(ARGV[6])
local prefix = ARGV[7]
local holder = ARGV[11] or ""

if ARGV[10] == "1" then
  expect_keys({LEASE, TASKS, INFLIGHT}) -- read only, but a broken key is named
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

-- Everything is read and every key this call will write is checked before the first write, so
-- that a key holding the wrong type changes nothing (see expect() in queue.lua).
local expired, due = expired_and_due(tonumber(ARGV[8]), tonumber(ARGV[9]))
local housekeeping = #expired > 0 or #due > 0
if housekeeping then
  check_wake()
  reap(expired)
  promote(due)
end
if redis.call("EXISTS", PAUSED) == 1 then
  return {-1}
end
-- The queue's limits (limits.lua) lower max; none left: wait for the next slot.
local asked = max
local limit_wait
max, limit_wait = limit_room(max, function() return redis.call("ZCARD", INFLIGHT) end)
if max == 0 then
  return {0, limit_wait}
end
if EXPIRING then -- a popped task past its deadline is buried instead: its keys are checked before any pop
  expect_keys(EXPIRE_KEYS)
end
expect_type_keys()

-- Which priority lists to pop and how many from each, 9 first. A list exists only while it holds
-- tasks, so one EXISTS over levels 1..9 skips them all when only priority 0 is in use; each list
-- to be popped is measured (LLEN, which also checks its type) before anything is popped.
-- Under limits on single types (limits.lua) it takes up to TYPE_LOOKAHEAD more: it leases those whose
-- type has room and puts the others back in front of their lists, in order, so that a full type does
-- not hold back the tasks of other types behind it.
local TYPE_LOOKAHEAD = 200
local want = TYPE_LIMITED and max + TYPE_LOOKAHEAD or max
local plan, planned, more = {}, 0, false
local higher = redis.call("EXISTS", unpack(KEYS, 2, 10))
for p = 9, 0, -1 do
  if planned >= want then
    more = more or higher > 0 or redis.call("EXISTS", ready(0)) == 1
    break
  end
  if p == 0 or higher > 0 then
    local len = read("list", "LLEN", ready(p))
    if len > 0 then
      if p > 0 then
        higher = higher - 1
      end
      local take = math.min(len, want - planned)
      plan[#plan + 1] = {p, take}
      planned = planned + take
      more = more or len > take
    end
  end
end

local out, held = {1, deadline}, 0
if planned > 0 then
  if not housekeeping then
    expect_keys({TASKS, LEASE})
    if planned >= want then
      check_wake()
    end
  end
  local delivered_before = expect(ATTEMPTS, "hash") -- the count of tasks delivered before is kept there
  local elements, ps = {}, {}
  for _, step in ipairs(plan) do
    local p = step[1]
    for _, e in ipairs(redis.call("LPOP", ready(p), step[2])) do
      elements[#elements + 1] = e
      ps[#elements] = p
    end
  end
  local n = #elements
  local bodies, is_id = stored_of(elements)
  if EXPIRING then -- tasks past their deadline are not delivered (expire in queue.lua)
    local ke, kp, kb, ki = {}, {}, {}, {}
    for i = 1, n do
      local gone, ex, drop = false
      if is_id[i] then
        gone, ex, drop = expired_body(bodies[i])
      end
      if gone then
        expire(elements[i], bodies[i], ex, drop)
      else
        local k = #ke + 1
        ke[k], kp[k], kb[k], ki[k] = elements[i], ps[i], bodies[i], is_id[i]
      end
    end
    if #ke == 0 then
      return {0, 0} -- all of them expired: the caller looks again at once
    end
    elements, ps, bodies, is_id, n = ke, kp, kb, ki, #ke
  end
  if TYPE_LIMITED then -- up to max tasks whose type has room; the rest go back in front, in order
    local ke, kp, kb, ki, back = {}, {}, {}, {}, {}
    for i = 1, n do
      if #ke < max and type_admit(type_of(bodies[i])) then
        local k = #ke + 1
        ke[k], kp[k], kb[k], ki[k] = elements[i], ps[i], bodies[i], is_id[i]
      else
        back[#back + 1] = i
      end
    end
    for j = #back, 1, -1 do
      redis.call("LPUSH", ready(ps[back[j]]), elements[back[j]])
    end
    held = #back
    if #ke == 0 then
      return {0, TYPE_WAIT >= 0 and TYPE_WAIT or LIMIT_POLL_MS}
    end
    elements, ps, bodies, is_id, n = ke, kp, kb, ki, #ke
  end
  local ids, t = {}, {}
  for i = 1, n do
    if is_id[i] then
      ids[i] = elements[i]
    elseif id_like(elements[i]) then
      ids[i], bodies[i] = elements[i], false -- a task id whose stored task is gone (nil in the reply): dead-lettered by the caller
    else
      -- stored data in the list itself: only the id is read here (TaskCodec writes it first); Java
      -- decodes and checks the rest. It is kept in tasks like any task in flight.
      ids[i] = string.match(bodies[i], '^{"id":"([%w_.:%-]+)"') or ("undecodable-" .. prefix .. i)
      t[#t + 1] = ids[i]
      t[#t + 1] = bodies[i]
    end
  end
  local before = {}
  if delivered_before then
    before = bulk("HMGET", ATTEMPTS, ids)
    bulk("HDEL", ATTEMPTS, ids)
  end
  local z, l = {}, {}
  for i = 1, n do
    local a = (tonumber(before[i]) or 0) + 1
    local token = prefix .. i
    z[2 * i - 1] = deadline
    z[2 * i] = ids[i]
    l[2 * i - 1] = ids[i]
    l[2 * i] = token .. " " .. a .. " " .. ps[i] .. " " .. NOW .. " " .. holder
    out[4 * i - 1] = ids[i]
    out[4 * i] = bodies[i]
    out[4 * i + 1] = a
    out[4 * i + 2] = token
    if TYPE_LIMITED then
      type_took(type_of(bodies[i]), ids[i], deadline, token)
    end
  end
  bulk("ZADD", INFLIGHT, z)
  if #t > 0 then
    bulk("HSET", TASKS, t)
  end
  bulk("HSET", LEASE, l)
  local attempts = {}
  for i = 1, n do
    attempts[i] = out[4 * i + 1]
  end
  emit_all("started", ids, attempts)
  limit_took(n, prefix .. "r")
  if planned >= max and more and max == asked and held == 0 then -- more is ready (and not held back by a limit): pass
    -- the wake-up on to the next idle consumer
    wake()
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
