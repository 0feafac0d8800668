-- enqueue.lua: stores a batch of tasks in order, each after its unique-key check.
--@include queue.lua
-- ARGV 5 call id (random per call), 6 "1" when this call is a re-send after a failure, else "0",
--      7 the number of tasks n, then 8 per task:
--   id, stored task, priority, runAt (epoch ms; 0 = now), unique key ("" = none),
--   unique mode ("h" = held until the task finishes, "w" = a window from enqueue),
--   unique lock's logical end (epoch ms), unique lock's Redis TTL (ms, a memory safety net
--   longer than the logical end)
-- Returns one entry per task, in order: "" when stored (or already stored by an earlier send of
-- the same id), else the id of the task that holds its unique key.

local SENT_KEEP, SENT_TTL_MS = 1000, 600000
local call_id, resent, n = ARGV[5], ARGV[6] == "1", tonumber(ARGV[7])
local out = {}

local function holder_of(key)
  local v = redis.call("GET", PREFIX .. "unique:" .. key)
  return v and string.match(v, "^(.*)|%d+|%a$")
end

if resent and redis.call("LPOS", SENT, call_id) then
  -- the first send was stored and only its reply was lost: answer it again, store nothing
  for i = 0, n - 1 do
    local b = 8 + i * 8
    local id, key = ARGV[b], ARGV[b + 4]
    local holder = key ~= "" and holder_of(key) or nil
    out[i + 1] = (holder and holder ~= id) and holder or ""
  end
  return out
end

local stored = 0
local pushes, delayed = {}, {}
for i = 0, n - 1 do
  local b = 8 + i * 8
  local id, body, p, run_at = ARGV[b], ARGV[b + 1], tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3])
  local key, mode, lock_end, ttl = ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7]
  local verdict = ""
  local store = true
  if key ~= "" then
    local lock = PREFIX .. "unique:" .. key
    local v = redis.call("GET", lock)
    if v then
      local holder, ends, m = string.match(v, "^(.*)|(%d+)|(%a)$")
      -- a key held until its task finishes is free when the task is gone (purged, repaired)
      local alive = holder and tonumber(ends) > NOW
              and (m == "w" or redis.call("HEXISTS", UNIQ, holder) == 1)
      if alive then
        store = false
        if holder ~= id then
          verdict = holder
        end
      end
    end
    if store then
      redis.call("SET", lock, id .. "|" .. lock_end .. "|" .. mode, "PX", ttl)
      if mode == "h" then
        redis.call("HSET", UNIQ, id, key)
      end
    end
  end
  if store then
    if run_at > NOW then
      delayed[#delayed + 1] = run_at
      delayed[#delayed + 1] = body
    else
      local list = pushes[p]
      if not list then
        list = {}
        pushes[p] = list
      end
      list[#list + 1] = body
    end
    stored = stored + 1
  end
  out[i + 1] = verdict
end
for p, list in pairs(pushes) do -- one RPUSH per priority keeps the batch's order within each
  bulk("RPUSH", ready(p), list)
end
if #delayed > 0 then
  bulk("ZADD", DELAYED, delayed)
end
redis.call("LPUSH", SENT, call_id)
redis.call("LTRIM", SENT, 0, SENT_KEEP - 1)
redis.call("PEXPIRE", SENT, SENT_TTL_MS)
if stored > 0 then
  wake()
end
return out
