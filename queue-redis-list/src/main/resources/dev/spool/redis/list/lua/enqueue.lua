-- enqueue.lua: stores a batch of tasks in order, each after its unique-key check.
--@include queue.lua
-- ARGV 5 call id (random per call), 6 "1" when this call is a re-send after a failure, else "0",
--      7 the number of tasks n, then 2 per task: spec, stored task. The spec is
--        "<priority>" for a task that is ready now and has no unique key (the common case, kept to
--        one character because every ARGV costs Redis a string), else
--        "<priority>|<runAt ms, 0 = now>|<id>|<unique mode>|<lock end ms>|<lock TTL ms>|<unique key>"
--        where the mode is "h" (held until the task finishes) or "w" (a window from enqueue) or
--        empty (no unique key), the lock end is the key's logical end and the TTL the Redis
--        expiry, a memory safety net longer than that; the key comes last as it may hold "|".
-- Returns one entry per task, in order: "" when stored (or already stored by an earlier send of
-- the same id), else the id of the task that holds its unique key.

local SENT_KEEP, SENT_TTL_MS = 1000, 600000
local call_id, resent, n = ARGV[5], ARGV[6] == "1", tonumber(ARGV[7])
local out = {}

local function parse(spec)
  return string.match(spec, "^(%d)|(%d+)|([^|]*)|(%a?)|(%d+)|(%d+)|(.*)$")
end

local function holder_of(key)
  local v = redis.call("GET", PREFIX .. "unique:" .. key)
  return v and string.match(v, "^(.*)|%d+|%a$")
end

if resent and redis.call("LPOS", SENT, call_id) then
  -- the first send was stored and only its reply was lost: answer it again, store nothing
  for i = 1, n do
    local spec = ARGV[6 + 2 * i]
    local verdict = ""
    if #spec > 1 then
      local _, _, id, _, _, _, key = parse(spec)
      local holder = key ~= "" and holder_of(key) or nil
      if holder and holder ~= id then
        verdict = holder
      end
    end
    out[i] = verdict
  end
  return out
end

local stored = 0
local pushes, delayed = {}, {}
for i = 1, n do
  local spec, body = ARGV[6 + 2 * i], ARGV[7 + 2 * i]
  local verdict = ""
  local p, run_at = spec, 0
  local store = true
  if #spec > 1 then
    local id, mode, lock_end, ttl, key
    p, run_at, id, mode, lock_end, ttl, key = parse(spec)
    run_at = tonumber(run_at)
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
  out[i] = verdict
end
for p, list in pairs(pushes) do -- one RPUSH per priority keeps the batch's order within each
  bulk("RPUSH", ready(tonumber(p)), list)
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
