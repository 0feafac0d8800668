-- pause.lua: pauses or resumes fetching; resuming wakes an idle consumer.
--@include queue.lua
-- ARGV 5 "pause" or "resume"
-- Returns 1.

check_wake()
if ARGV[5] == "pause" then
  redis.call("SET", PAUSED, "1")
else
  redis.call("DEL", PAUSED)
  wake()
end
return 1
