-- schedules.lua: the schedules both Redis adapters share (ScheduleRecords). One hash holds them all.
-- KEYS 1 <base>{schedules}  HASH  "d:<name>" -> definition (JSON written by Schedules)
--                                 "s:<name>" -> state "<last tick ms> <last fired ms, 0 = none> <paused 0|1>"
-- ARGV 1 what, 2 name (except for "list"):
--   "put"     3 definition, 4 now (epoch ms): a new schedule starts at now; a changed one keeps its
--             state; returns 0 created, 1 updated, 2 unchanged
--   "list"    returns the hash as HGETALL does
--   "remove"  returns 1 when the schedule was there, else 0
--   "pause"   3 "1" pause or "0" resume, 4 now: resuming moves the last tick up to now; returns 1, or 0
--             when there is no such schedule
--   "advance" 3 from, 4 to (ms), 5 "1" when the tick was fired: moves the last tick from "from" to
--             "to" when the schedule exists, is not paused and still has "from"; returns 1 when moved
--@include expect.lua
local H = KEYS[1]
local what, name = ARGV[1], ARGV[2]
expect(H, "hash")

local function state()
  local s = redis.call("HGET", H, "s:" .. name)
  if not s then
    return nil
  end
  return string.match(s, "^(%d+) (%d+) ([01])$")
end

if what == "list" then
  return redis.call("HGETALL", H)
end
if what == "put" then
  local old = redis.call("HGET", H, "d:" .. name)
  if old == ARGV[3] and state() then
    return 2
  end
  redis.call("HSET", H, "d:" .. name, ARGV[3])
  if old and state() then
    return 1
  end
  redis.call("HSET", H, "s:" .. name, ARGV[4] .. " 0 0")
  return 0
end
if what == "remove" then
  return redis.call("HDEL", H, "d:" .. name, "s:" .. name) > 0 and 1 or 0
end
local last, fired, paused = state()
if not last or redis.call("HEXISTS", H, "d:" .. name) == 0 then
  return 0
end
if what == "pause" then
  if ARGV[3] == "0" and paused == "1" and tonumber(ARGV[4]) > tonumber(last) then
    last = ARGV[4]
  end
  redis.call("HSET", H, "s:" .. name, last .. " " .. fired .. " " .. ARGV[3])
  return 1
end
if what == "advance" then
  if paused == "1" or last ~= ARGV[3] then
    return 0
  end
  redis.call("HSET", H, "s:" .. name, ARGV[4] .. " " .. (ARGV[5] == "1" and ARGV[4] or fired) .. " 0")
  return 1
end
return redis.error_reply("schedules.lua: unknown operation " .. tostring(what))
