-- wrk script: each request asks for /obj/<i>, i in 0 .. N-1, drawn from a Zipf distribution:
-- P(i) is proportional to 1 / (i + 1)^s, so /obj/0 is the most asked for. benchmarks/origin.py answers
-- every such path with a cacheable 1 KiB body.
--
--   wrk -t1 -c64 -d10s -H "Host: bench.local" -s zipf.lua http://127.0.0.1:PORT -- N [S] [SEED]
--
-- The cumulative distribution is computed once per wrk thread (N doubles); each request draws one
-- uniform number and finds its key by binary search (about log2(N) steps). With N = 1 every request
-- asks for /obj/0: the same client work on one key, the reference for the others.
local cdf, n

function init(args)
  n = tonumber(args[1]) or 10000
  local s = tonumber(args[2]) or 1.0
  math.randomseed(tonumber(args[3]) or 1)
  cdf = {}
  local total = 0
  for i = 1, n do
    total = total + i ^ -s
    cdf[i] = total
  end
  for i = 1, n do
    cdf[i] = cdf[i] / total
  end
end

function request()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return wrk.format(nil, "/obj/" .. (lo - 1))
end
