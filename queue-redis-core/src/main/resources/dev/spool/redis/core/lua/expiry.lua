-- expiry.lua: the deadline of a stored task, read by both adapters' fetch (included after events.lua:
-- read_settings tells whether the queue ever had a task with one, EXPIRING). TaskCodec writes
-- "ex":<ms> (and ,"xd":1 for a task to drop) right after the type, so an anchored match reads it
-- from the first few hundred bytes, whatever the size of the payload.

-- The deadline (epoch ms, as text) of the stored task and whether it asks to be dropped; nil for none.
local function expiry_of(body)
  if not body then
    return nil
  end
  local ex, after = string.match(body, '^{"id":"[^"]*","t":"[^"]*","ex":(%d+)(.?.?.?)')
  return ex, after == ',"x'
end

-- True when the stored task has a deadline that NOW has reached; then also its deadline and drop flag.
local function expired_body(body)
  local ex, drop = expiry_of(body)
  if ex and tonumber(ex) <= NOW then
    return true, ex, drop
  end
  return false
end

-- The dead letter's reason (InMemory writes the same).
local function expired_reason(ex)
  return 'expired: not started before its deadline (expiresAt ' .. ex .. ' ms since the epoch)'
end
