-- history_ring.lua: a queue's throughput history, shared by both adapters (included by their common
-- prologue, which defines NOW). It lives in ring slots of the queue's stats hash, so that it adds no key
-- (nothing outside the queue's hash slot) and a queue never holds more than 1440 + 720 slots, whatever
-- its age. HISTORY_RINGS (defaults.lua, written from Java's HistoryScale) lists each ring as {field
-- prefix, step ms, slots}:
--   m:<i>  by minute, the last 24 hours: i = minute % 1440, minute = NOW // 60000 (since the epoch)
--   h:<i>  by hour, the last 30 days:    i = hour % 720,    hour = NOW // 3600000
-- each slot "<bucket> <processed> <failed>", bucket being the minute (hour) its counts belong to. A slot
-- holding another bucket holds counts of a full ring ago: it starts again from zero when written. Read
-- by Java's HistoryRecords, which drops slots whose bucket is not in the window.
--@include defaults.lua

-- Adds processed deliveries settled now, failed of them not succeeded, to the current slot of every
-- ring of the stats hash key. Called where the processed/failed totals are counted (count() of each
-- adapter), once per script call with the call's sums: two commands, one HMGET of both slots and one HSET
-- of both, however many tasks the call settled. (HINCRBY on a field named by its bucket would skip the
-- read, but leaves a field behind per bucket: deleting the old ones needs their names, which a queue idle
-- for a while cannot know without scanning the hash. The stamp in the slot bounds it for one read.)
-- Written after the script's first write, as count() always is: at maxmemory it does not stop a script
-- that frees memory.
local function history_add(key, processed, failed)
  local fields, buckets = {}, {}
  for i, ring in ipairs(HISTORY_RINGS) do
    buckets[i] = math.floor(NOW / ring[2])
    fields[i] = ring[1] .. (buckets[i] % ring[3])
  end
  local old = redis.call('HMGET', key, unpack(fields))
  local set = {}
  for i = 1, #fields do
    local b, p, f = string.match(old[i] or '', '^(%d+) (%d+) (%d+)$')
    if tonumber(b) ~= buckets[i] then
      p, f = 0, 0
    end
    set[#set + 1] = fields[i]
    set[#set + 1] = string.format('%d %d %d', buckets[i], tonumber(p) + processed, tonumber(f) + failed)
  end
  redis.call('HSET', key, unpack(set))
end

-- The values of the slots of the ring with field prefix, in slot order (false where a slot is empty):
-- for the adapters' history.lua, read only.
local function history_slots(key, prefix)
  for _, ring in ipairs(HISTORY_RINGS) do
    if ring[1] == prefix then
      local fields = {}
      for i = 0, ring[3] - 1 do
        fields[#fields + 1] = prefix .. i
      end
      return redis.call('HMGET', key, unpack(fields))
    end
  end
  return redis.error_reply('ERR history_ring.lua: no history ring has the field prefix ' .. tostring(prefix))
end
