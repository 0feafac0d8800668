-- delete_dead.lua: deletes dead letters by id, or all of them.
--@include queue.lua
-- ARGV 5 "all" to delete every dead letter, else "ids"; 6.. the task ids
-- Returns how many were deleted.

if ARGV[5] == "all" then
  local n = redis.call("ZCARD", DEAD)
  redis.call("UNLINK", DEAD, DEADBODY, DEADINFO) -- freed in the background: at most dead.max-count each
  return n
end
expect_keys({DEAD, DEADBODY, DEADINFO})
local n = 0
for i = 6, #ARGV do
  if redis.call("ZSCORE", DEAD, ARGV[i]) then
    forget_dead(ARGV[i])
    n = n + 1
  end
end
return n
