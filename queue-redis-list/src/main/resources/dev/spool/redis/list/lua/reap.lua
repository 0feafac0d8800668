-- reap.lua: returns expired leases to the ready lists (or dead-letters them on their last
-- attempt) and promotes due delayed tasks, without leasing anything. fetch.lua does the same
-- on every call; this one serves housekeeping and tests.
--@include queue.lua
-- ARGV 5 reap limit, 6 promote limit
-- Returns {leases reaped, delayed tasks promoted}.

local expired, due = expired_and_due(tonumber(ARGV[5]), tonumber(ARGV[6]))
if #expired + #due > 0 then
  check_wake()
end
local reaped = reap(expired)
local promoted = promote(due)
if reaped + promoted > 0 then
  wake()
end
return {reaped, promoted}
