-- info.lua: one task by id, in whatever state it is (read only).
--@include queue.lua
-- ARGV 5 task id
-- Returns {} when the queue holds no task of that id, else {state, stored data, attempts, at, error, result,
-- progress}:
--   "running"   at = lease deadline; attempts = the current attempt (from the lease record)
--   "scheduled" at = runAt; attempts = deliveries so far
--   "ready"     at = ""; attempts = deliveries so far
--   "dead"      at = failedAt; attempts as recorded; stored data = the dead letter's
--   "succeeded" at = when it was acknowledged; result = its handler's result ("" for none); only
--               while its retention lasts
-- error is the error of the last failed attempt, "" when none failed; progress the record kept in
-- progress ("<percent> <at>\n<detail>") of a scheduled, ready or running task, "" when none. A running
-- task adds when its attempt started and its holder (the broker that leased it), "" when unknown.

local id = ARGV[5]
local body = read("hash", "HGET", TASKS, id)
if body then
  local err = read("hash", "HGET", ERRORS, id) or ""
  local prog = read("hash", "HGET", PROGRESS, id) or ""
  local deadline = read("zset", "ZSCORE", INFLIGHT, id)
  if deadline then
    local m = read("hash", "HGET", LEASE, id) or ""
    local a, started, holder = string.match(m, "^%S+ (%d+) %d+ ?(%d*) ?(.*)$")
    return {"running", body, tonumber(a) or 1, deadline, err, "", prog, started or "", holder or ""}
  end
  local a = tonumber(read("hash", "HGET", ATTEMPTS, id)) or 0
  local run_at = read("zset", "ZSCORE", DELAYED, id)
  if run_at then
    return {"scheduled", body, a, run_at, err, "", prog}
  end
  return {"ready", body, a, "", err, "", prog}
end
if read("zset", "ZSCORE", DEAD, id) then
  local info = read("hash", "HGET", DEADINFO, id) or ("0 " .. NOW .. " (no record)")
  local a, at, e = string.match(info, "^(%d+) (%d+) ?(.*)$")
  return {"dead", read("hash", "HGET", DEADBODY, id) or "", tonumber(a) or 0, at or "0", e or "", "", ""}
end
expect_keys({FINISHED, FINISHED_AT}) -- read only, but a broken key is named
local state, task, a, at, result = finished_record(id)
if state then
  return {state, task, a, at, "", result, ""}
end
return {}
