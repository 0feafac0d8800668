-- page.lua: the ids of a page of one queue's tasks in one state (read only), without scanning the
-- queue: the cost grows with offset + limit.
--@include queue.lua
-- ARGV 5 state: "ready" (in the order a fetch takes them: priority 9 first, then FIFO), "scheduled" (by
--        runAt), "running" (by lease deadline) or "dead" (newest first); 6 offset; 7 limit
-- Returns the task ids. A ready element that is stored data rather than an id (see queue.lua) is left out.

local state, offset, limit = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local ids = {}
if state == "ready" then
  for p = 9, 0, -1 do
    if #ids >= limit then
      break
    end
    local len = read("list", "LLEN", ready(p))
    if offset >= len then
      offset = offset - len
    else
      for _, e in ipairs(redis.call("LRANGE", ready(p), offset, offset + limit - #ids - 1)) do
        if id_like(e) then
          ids[#ids + 1] = e
        end
      end
      offset = 0
    end
  end
  return ids
end
local key = ({scheduled = DELAYED, running = INFLIGHT, dead = DEAD})[state]
if not key then
  return redis.error_reply("ERR page.lua: state " .. tostring(state) .. " is not ready, scheduled, running or dead")
end
if state == "dead" then
  return read("zset", "ZREVRANGE", key, offset, offset + limit - 1)
end
return read("zset", "ZRANGE", key, offset, offset + limit - 1)
