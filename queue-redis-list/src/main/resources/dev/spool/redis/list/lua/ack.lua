-- ack.lua: acknowledges deliveries: forgets each task whose lease the token still holds and
-- frees its unique key (unless the key has a window of its own).
--@include queue.lua
-- ARGV 5.. pairs of task id, lease token
-- Returns how many were acknowledged.

local acked = 0
for i = 5, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  if held(id, token) then
    settle(id)
    release_unique(id)
    acked = acked + 1
  end
end
count(acked, 0)
return acked
