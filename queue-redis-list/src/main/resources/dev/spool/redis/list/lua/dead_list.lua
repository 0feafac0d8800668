-- dead_list.lua: a page of dead letters, newest first (read only).
--@include queue.lua
-- ARGV 5 offset, 6 limit
-- Returns {id1, data1, info1, id2, ...}; info is "<attempts> <failedAt> <error>".

local offset, limit = tonumber(ARGV[5]), tonumber(ARGV[6])
local ids = read("zset", "ZREVRANGE", DEAD, offset, offset + limit - 1)
expect_keys({DEADBODY, DEADINFO})
local out = {}
for _, id in ipairs(ids) do
  out[#out + 1] = id
  out[#out + 1] = redis.call("HGET", DEADBODY, id) or ""
  out[#out + 1] = redis.call("HGET", DEADINFO, id) or ("0 " .. NOW .. " (no record)")
end
return out
