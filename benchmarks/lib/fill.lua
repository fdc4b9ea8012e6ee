-- wrk script: asks for /obj/0 .. /obj/<N-1> in order, each once, then stops after N answers (run it
-- with -t1: the counter is the thread's). wrk's own summary says how many were not 2xx; a key whose
-- answer had not arrived when the thread stopped may be missing, so the caller checks the count of
-- stored entries and runs it again if some are.
--
--   wrk -t1 -c16 -d3600s -H "Host: bench.local" -s fill.lua http://127.0.0.1:PORT -- N
local n, sent, answered = 0, 0, 0

function init(args)
  n = tonumber(args[1])
end

function request()
  local i = sent % n
  sent = sent + 1
  return wrk.format(nil, "/obj/" .. i)
end

function response()
  answered = answered + 1
  if answered >= n then
    wrk.thread:stop()
  end
end
