#!/usr/bin/env python3
"""Turns one benchmarks/compare run directory into a table on stdout, a markdown report and an
SVG chart beside it. Standard library only.

  report.py RUN_DIR REPORT.md
"""
import glob
import json
import os
import re
import statistics
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
SERVERS = ["tiercache", "nginx", "nginx-stock", "varnish", "baseline"]
LABELS = {"tiercache": "tiercache", "nginx": "nginx proxy_cache", "nginx-stock": "nginx, stock sendfile+nopush",
          "varnish": "Varnish",
          "baseline": "plain Vert.x (constant body)"}
COLOURS = {"tiercache": "#2b6cb0", "nginx": "#2f855a", "nginx-stock": "#9ae6b4", "varnish": "#c05621", "baseline": "#718096"}
TITLES = {"hit1k": "Hits, 1 KiB object", "hit100k": "Hits, 100 KiB object",
          "expired": "Expired entry, 1 s origin (serve stale while one refresh runs)",
          "range": "Random 64 KiB ranges of a 100 MiB object (tiercache slices vs nginx slice + proxy_cache, 1 MiB slices)",
          "gzip": "A 100 KiB HTML page to gzip clients (tiercache compress, stored gzipped once, vs nginx gzip level 6 "
                  "on each response of its proxy_cache)"}
SHORT_TITLES = {"hit1k": "1 KiB hits", "hit100k": "100 KiB hits", "expired": "Expired entry, 1 s origin",
                "range": "64 KiB ranges of 100 MiB", "gzip": "100 KiB page, gzip"}
WRK_SCENARIOS = ("hit1k", "hit100k", "expired", "range", "gzip")


def millis(text):
    match = re.match(r"([\d.]+)(us|ms|s)$", text.strip())
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def parse_wrk(path):
    text = open(path).read()
    run = {"rps": None, "p50": None, "p99": None, "max": None, "errors": 0, "non2xx": 0}
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if match:
        run["rps"] = float(match.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        match = re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M)
        if match:
            run[key] = millis(match.group(1))
    match = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", text)
    if match:
        run["max"] = millis(match.group(1))
    match = re.search(r"(\d+) requests in", text)
    run["requests"] = int(match.group(1)) if match else None
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if match:
        run["errors"] = sum(int(g) for g in match.groups())
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if match:
        run["non2xx"] = int(match.group(1))
    return run


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def wrk_scenario(run_dir, scenario):
    rounds = {}
    for path in sorted(glob.glob(os.path.join(run_dir, "wrk", scenario, "r*-*.txt"))):
        name = os.path.basename(path)[:-4]
        server = name.split("-", 1)[1]
        run = parse_wrk(path)
        origin = path[:-4] + ".origin"
        run["origin"] = int(open(origin).read().strip()) if os.path.exists(origin) else None
        cpu = path[:-4] + ".cpu"
        run["cpu_us"] = None
        if os.path.exists(cpu) and run["requests"]:
            run["cpu_us"] = float(open(cpu).read().strip()) * 1e6 / run["requests"]
        rounds.setdefault(server, []).append(run)
    summary = {}
    for server, runs in rounds.items():
        summary[server] = {key: spread([r[key] for r in runs]) for key in ("rps", "p50", "p99", "max", "origin", "cpu_us")}
        summary[server]["errors"] = sum(r["errors"] for r in runs)
        summary[server]["non2xx"] = sum(r["non2xx"] for r in runs)
    return summary


def cold_scenario(run_dir):
    rounds = {}
    for path in sorted(glob.glob(os.path.join(run_dir, "cold", "r*-*.json"))):
        server = os.path.basename(path)[:-5].split("-", 1)[1]
        rounds.setdefault(server, []).append(json.load(open(path)))
    summary = {}
    for server, runs in rounds.items():
        summary[server] = {key: spread([r[key] for r in runs]) for key in ("origin_fetches", "p50_ms", "p99_ms", "max_ms")}
        summary[server]["failed"] = sum(r["clients"] - r["statuses"].get("200", 0) for r in runs)
    return summary


def fmt(value, digits=0):
    if value is None:
        return "-"
    if digits == 0:
        return "{:,.0f}".format(value)
    return "{:.{d}f}".format(value, d=digits)


def cell(stat, digits=0):
    if not stat:
        return "-"
    if stat["n"] == 1:
        return fmt(stat["median"], digits)
    return "%s (%s–%s)" % (fmt(stat["median"], digits), fmt(stat["min"], digits), fmt(stat["max"], digits))


def ratio(a, b):
    if not a or not b or not a["rps"] or not b["rps"]:
        return None
    return a["rps"]["median"] / b["rps"]["median"]


def noise(summary):
    """Spread of the rounds, as (max - min) / median of req/s, worst over servers."""
    worst = 0.0
    for stats in summary.values():
        rps = stats.get("rps")
        if rps and rps["median"]:
            worst = max(worst, (rps["max"] - rps["min"]) / rps["median"])
    return worst


# ---------------------------------------------------------------- SVG

def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bar_panel(x0, y0, width, title, rows, unit):
    """rows: (server, median, min, max). Horizontal bars with min–max whiskers."""
    label_w, bar_h, gap = 190, 18, 8
    scale_max = max([r[3] or r[1] for r in rows] + [1e-9]) * 1.1
    plot_w = width - label_w - 90
    parts = ['<text x="%d" y="%d" font-size="13" font-weight="bold">%s</text>' % (x0, y0 + 14, esc(title))]
    y = y0 + 26
    for server, median, low, high in rows:
        w = plot_w * median / scale_max
        parts.append('<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>'
                     % (x0 + label_w - 8, y + 13, esc(LABELS.get(server, server))))
        parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                     % (x0 + label_w, y, w, bar_h, COLOURS.get(server, "#555")))
        if low is not None and high is not None and high > low:
            lx = x0 + label_w + plot_w * low / scale_max
            hx = x0 + label_w + plot_w * high / scale_max
            cy = y + bar_h / 2
            parts.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1a202c" stroke-width="1.5"/>'
                         % (lx, cy, hx, cy))
            for x in (lx, hx):
                parts.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1a202c" stroke-width="1.5"/>'
                             % (x, cy - 5, x, cy + 5))
        parts.append('<text x="%.1f" y="%d" font-size="12">%s %s</text>'
                     % (x0 + label_w + max(w, plot_w * (high or median) / scale_max) + 6, y + 13,
                        fmt(median, 0 if unit == "req/s" else 2), unit))
        y += bar_h + gap
    return parts, y - y0 + 10


def svg_chart(scenarios):
    width = 760
    parts, y = [], 10
    for name in WRK_SCENARIOS:
        summary = scenarios.get(name)
        if not summary:
            continue
        order = [s for s in SERVERS if s in summary]
        rps_rows = [(s, summary[s]["rps"]["median"], summary[s]["rps"]["min"], summary[s]["rps"]["max"])
                    for s in order if summary[s]["rps"]]
        p99_rows = [(s, summary[s]["p99"]["median"], summary[s]["p99"]["min"], summary[s]["p99"]["max"])
                    for s in order if summary[s]["p99"]]
        cpu_rows = [(s, summary[s]["cpu_us"]["median"], summary[s]["cpu_us"]["min"], summary[s]["cpu_us"]["max"])
                    for s in order if summary[s].get("cpu_us")]
        title = SHORT_TITLES[name]
        panel, h = bar_panel(10, y, width, title + ": requests per second (median, min–max whiskers)", rps_rows, "req/s")
        parts += panel
        y += h
        panel, h = bar_panel(10, y, width, title + ": p99 latency (lower is better)", p99_rows, "ms")
        parts += panel
        y += h
        if cpu_rows:
            panel, h = bar_panel(10, y, width, title + ": server CPU per request (lower is better)", cpu_rows, "µs")
            parts += panel
            y += h
        y += 10
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">'
            '<rect width="100%%" height="100%%" fill="white"/>%s</svg>\n' % (width, y, "".join(parts)))


# ---------------------------------------------------------------- report

def range_origin(run_dir, summary, out):
    """What the range scenario cost the origin (slice requests over the whole scenario) and each server's memory."""
    out("What each server asked of the origin over the whole scenario (one full GET, warm-up and rounds; 100 slices "
        "of 1 MiB make the object), and its resident memory at the end:")
    out("")
    out("| server | origin requests | distinct ranges | most requests for one range | whole-object requests | RSS MiB |")
    out("|---|---|---|---|---|---|")
    lines = []
    for server in [s for s in SERVERS if s in summary]:
        slices_file = os.path.join(run_dir, "wrk", "range", server + ".slices")
        rss_file = os.path.join(run_dir, "wrk", "range", server + ".rss")
        if not os.path.exists(slices_file):
            continue
        asked = json.load(open(slices_file))
        rss = int(open(rss_file).read().strip()) / 1024 if os.path.exists(rss_file) else None
        out("| %s | %d | %d | %d | %d | %s |" % (LABELS[server], asked["requests"], asked["distinct"],
                                               asked["most_per_range"], asked["whole"], fmt(rss)))
        lines.append("%-9s %-10s origin requests %d (%d distinct ranges, at most %d each), RSS %s MiB" % (
            "range", server, asked["requests"], asked["distinct"], asked["most_per_range"], fmt(rss)))
    out("")
    return lines


def gzip_sizes(run_dir, summary, out):
    """What each server sends a gzip client for the 100 KiB page (checked to decode to it byte for byte)."""
    lines = []
    page = os.path.join(run_dir, "wrk", "gzip", "origin.body")
    out("| server | bytes per response | page bytes |")
    out("|---|---|---|")
    for server in [s for s in SERVERS if s in summary]:
        sizes = os.path.join(run_dir, "wrk", "gzip", server + ".bytes")
        if not os.path.exists(sizes):
            continue
        size = int(open(sizes).read().strip())
        out("| %s | %s | %s |" % (LABELS[server], fmt(size), fmt(os.path.getsize(page))))
        lines.append("%-9s %-10s %d bytes per response" % ("gzip", server, size))
    out("")
    return lines


def stale_section(stale, out, table):
    out("## Stale as cheap as fresh (3 tiercache nodes)")
    out("")
    out("%d clients, each on its own keep-alive connection to one of the %d nodes, released at once for one "
        "request each; %d bursts of each kind per round, %d rounds (after unmeasured ones). Fresh: a fresh "
        "hit. Stale: an entry inside its stale-while-revalidate window while its one refresh (a 3 s origin) runs "
        "(%d stale bursts met the new copy and are left out). Load average: %s."
        % (stale["clients"], stale["nodes"], stale["bursts_per_round"], stale["rounds"],
           stale["stale_bursts_after_refresh"], stale["load"]))
    out("")
    out("| burst | p50 ms | p99 ms | max ms |")
    out("|---|---|---|---|")
    for kind in ("fresh", "stale"):
        out("| %s | %s | %s | %s |" % (kind, fmt(stale[kind + "_p50_ms"], 2), fmt(stale[kind + "_p99_ms"], 2),
                                       fmt(stale[kind + "_max_ms"], 2)))
    out("")
    out("Origin fetches per round while its stale bursts ran (one refresh in the cluster expected): %s. Problems: %s."
        % (stale["refreshes_per_round"], "; ".join(stale["failures"]) or "none"))
    out("")
    table.append("%-9s fresh p99 %s ms, stale p99 %s ms (%.2f×)" % (
        "stale", fmt(stale["fresh_p99_ms"], 2), fmt(stale["stale_p99_ms"], 2), stale["p99_ratio"] or 0))


def main():
    run_dir, report_path = sys.argv[1], sys.argv[2]
    meta = json.load(open(os.path.join(run_dir, "meta.json")))
    scenarios = {name: wrk_scenario(run_dir, name) for name in WRK_SCENARIOS}
    scenarios = {k: v for k, v in scenarios.items() if v}
    cold = cold_scenario(run_dir)
    purge_file = os.path.join(run_dir, "purge.json")
    purge = json.load(open(purge_file)) if os.path.exists(purge_file) else None
    stale_file = os.path.join(run_dir, "stale.json")
    stale = json.load(open(stale_file)) if os.path.exists(stale_file) else None

    lines = []
    out = lines.append
    out("# tiercache vs nginx vs Varnish — %s" % meta["stamp"])
    out("")
    out("Same machine, same run, one origin (`benchmarks/origin.py`). %d interleaved rounds of %d s per "
        "scenario, server order rotating each round; %d s of unmeasured warm-up per server first. "
        "Cells are **median (min–max over rounds)**." % (meta["rounds"], meta["duration"], meta["warmup"]))
    out("")
    out("## Setup")
    out("")
    out("| | |")
    out("|---|---|")
    out("| machine | %s CPUs,%s, Linux %s |" % (meta["cpus"], meta["cpu_model"], meta["kernel"]))
    for tool, version in meta["versions"].items():
        out("| %s | `%s` |" % (tool, version.replace("|", "/")))
    pin = ("servers pinned to CPU 0 with `taskset -c 0`, wrk pinned to CPU 1 (`taskset -c 1`, one thread)"
           if meta["pin"] == "on" else "no CPU pinning; worker counts only")
    out("| cores (hit, expired) | %s |" % pin)
    out("| workers | tiercache `node.event-loops: 1` (JVM: `%s`), nginx `worker_processes 1`, Varnish "
        "`thread_pools=1` (100–1000 threads: one per connection), plain Vert.x: 1 event loop |" % meta["tiercache_jvm"])
    out("| nginx file sending | \"nginx\" is tuned per object size: `sendfile off` for the 1 KiB and expired scenarios, "
        "`sendfile on; tcp_nopush off` for 100 KiB, each nginx's best here (with `sendfile on; tcp_nopush on` a 100 KiB "
        "hit stalls 40 ms on loopback). \"nginx, stock\" (1 KiB only) keeps Debian's `sendfile on; tcp_nopush on`. "
        "All: `open_file_cache`, `keepalive_requests 1000000`, access log off |")
    out("| load | wrk `-t1 -c%d --latency`, `Host: bench.local`, keep-alive |" % meta["connections"])
    out("| cold, purge | 3 tiercache nodes in one cluster (256 MB heap each) and 3 independent nginx, each fleet behind "
        "one HAProxy (round robin); not pinned |")
    out("| load average | before %s; after %s |" % (meta["load_before"], meta.get("load_after", "-")))
    out("")

    table = ["%-9s %-10s %-28s %-22s %-24s %-18s %s" % ("scenario", "server", "req/s", "p50 ms", "p99 ms",
                                                       "CPU us/req", "origin fetches")]
    for name, summary in scenarios.items():
        out("## %s" % TITLES[name])
        out("")
        out("| server | req/s | p50 ms | p99 ms | max ms | server CPU µs per request | origin fetches per run | errors |")
        out("|---|---|---|---|---|---|---|---|")
        for server in [s for s in SERVERS if s in summary]:
            st = summary[server]
            out("| %s | %s | %s | %s | %s | %s | %s | %s |" % (LABELS[server], cell(st["rps"]), cell(st["p50"], 2),
                                                        cell(st["p99"], 2), cell(st["max"], 1), cell(st["cpu_us"], 1),
                                                        cell(st["origin"]),
                                                        st["errors"] + st["non2xx"]))
            table.append("%-9s %-10s %-28s %-22s %-24s %-18s %s" % (name, server, cell(st["rps"]), cell(st["p50"], 2),
                                                                  cell(st["p99"], 2), cell(st["cpu_us"], 1),
                                                                  cell(st["origin"])))
        out("")
        ratios = []
        for other in ("nginx", "nginx-stock", "varnish", "baseline"):
            r = ratio(summary.get("tiercache"), summary.get(other))
            if r:
                ratios.append("tiercache/%s **%.2f×**" % (other, r))
        if "baseline" in summary and "nginx" in summary:
            ratios.append("plain Vert.x/nginx %.2f×" % ratio(summary["baseline"], summary["nginx"]))
        if ratios:
            out("Throughput ratios (median req/s): " + ", ".join(ratios) + ".")
            table.append("%-9s ratios: %s" % (name, ", ".join(r.replace("**", "") for r in ratios)))
        out("")
        out("Round-to-round spread of req/s (worst server): %.0f%%. Server CPU per request is the CPU time of the "
            "server's processes during a run divided by the requests it answered; other load on the machine moves "
            "it much less than it moves req/s." % (100 * noise(summary)))
        out("")
        if name == "range":
            table += range_origin(run_dir, summary, out)
        if name == "gzip":
            table += gzip_sizes(run_dir, summary, out)

    if cold:
        out("## Cold key, %d concurrent clients, 3 nodes" % meta["stampede"])
        out("")
        out("Each round asks for a new key that takes 1 s at the origin; all clients are released at once "
            "through HAProxy (round robin over three nodes), after unmeasured stampedes that warm the JVMs' miss "
            "path. nginx runs `proxy_cache_lock on` on each instance.")
        out("")
        out("| fleet | origin fetches per key | p50 ms | p99 ms | max ms | failed requests |")
        out("|---|---|---|---|---|---|")
        for server in [s for s in SERVERS if s in cold]:
            st = cold[server]
            label = "tiercache, 3 nodes" if server == "tiercache" else "nginx, 3 independent instances"
            out("| %s | %s | %s | %s | %s | %d |" % (label, cell(st["origin_fetches"]), cell(st["p50_ms"], 0),
                                                    cell(st["p99_ms"], 0), cell(st["max_ms"], 0), st["failed"]))
            table.append("%-9s %-10s origin fetches per key %s, p99 %s ms" % ("cold", server, cell(st["origin_fetches"]),
                                                                             cell(st["p99_ms"], 0)))
        out("")

    if purge:
        out("## Purge propagation, 3 nodes")
        out("")
        out("%d purges of one URL (after 20 unmeasured ones, which run the paths cold) through `POST /purge` on the "
            "admin API (rotating over the nodes), each after every "
            "node served the URL from its hot tier. The call answers after every member acknowledged; from that "
            "answer a probe per node asks at once (`Cache-Control: only-if-cached`, so no origin fetch) until "
            "it misses. The time includes the probe's own round trips." % purge["purges"])
        out("")
        out("| measure | p50 ms | p99 ms |")
        out("|---|---|---|")
        out("| acknowledgement → every node misses | %s | %s |" % (fmt(purge["ack_to_all_miss_p50_ms"], 2),
                                                                 fmt(purge["ack_to_all_miss_p99_ms"], 2)))
        out("| the purge call itself (send → acknowledgement) | %s | %s |" % (fmt(purge["purge_call_p50_ms"], 2),
                                                                             fmt(purge["purge_call_p99_ms"], 2)))
        out("| send → every node misses | %s | %s |" % (fmt(purge["send_to_all_miss_p50_ms"], 2),
                                                       fmt(purge["send_to_all_miss_p99_ms"], 2)))
        if purge.get("never_cached_all_miss_p50_ms") is not None:
            out("| floor: the same probes on a key no node ever held | %s | %s |" % (
                fmt(purge["never_cached_all_miss_p50_ms"], 2), fmt(purge["never_cached_all_miss_p99_ms"], 2)))
        out("")
        out("Failed purges: %d. Probe answers that still served the purged URL after the acknowledgement: %s "
            "(each one would break invariant 2). The acknowledgement → miss time is therefore the probes' own miss "
            "path (a hot-tier miss, then a shared-map lookup through Hazelcast); compare it with the floor." % (
                purge["failures"], purge.get("served_after_ack", "-")))
        out("")
        table.append("%-9s ack→all nodes miss p50 %s ms, p99 %s ms; purge call p99 %s ms" % (
            "purge", fmt(purge["ack_to_all_miss_p50_ms"], 2), fmt(purge["ack_to_all_miss_p99_ms"], 2),
            fmt(purge["purge_call_p99_ms"], 2)))

    if stale:
        stale_section(stale, out, table)

    targets = []
    hit = scenarios.get("hit1k", {})
    for other, name in (("nginx", "nginx (sendfile off)"), ("nginx-stock", "nginx (stock sendfile+nopush)"),
                        ("varnish", "Varnish")):
        r = ratio(hit.get("tiercache"), hit.get(other))
        if r:
            targets.append("1 KiB hit throughput ≥ 1.25× %s: %.2f× — %s" % (name, r, "met" if r >= 1.25 else "NOT met"))
    for other, name in (("nginx", "nginx (sendfile off)"), ("nginx-stock", "nginx (stock)")):
        if hit.get("tiercache") and hit.get(other) and hit["tiercache"]["p99"] and hit[other]["p99"]:
            a, b = hit["tiercache"]["p99"]["median"], hit[other]["p99"]["median"]
            targets.append("1 KiB hit p99 no worse than %s: %.2f ms vs %.2f ms — %s"
                           % (name, a, b, "met" if a <= b else "NOT met"))
    if purge and purge["ack_to_all_miss_p99_ms"] is not None:
        p = purge["ack_to_all_miss_p99_ms"]
        targets.append("purge propagation p99 < 10 ms (3 nodes): %.2f ms — %s" % (p, "met" if p < 10 else "NOT met"))
    if stale and stale["p99_ratio"] is not None:
        r = stale["p99_ratio"]
        targets.append("stale burst p99 ≤ 1.2× fresh burst p99 (3 nodes): %.2f× — %s, refreshes per round %s"
                       % (r, "met" if r <= 1.2 else "NOT met", stale["refreshes_per_round"]))
    if targets:
        out("## Targets")
        out("")
        for line in targets:
            out("- " + line)
        out("")
        table += targets

    chart = os.path.splitext(report_path)[0] + ".svg"
    if scenarios:
        with open(chart, "w") as handle:
            handle.write(svg_chart(scenarios))
        out("![req/s and p99 per server](%s)" % os.path.basename(chart))
        out("")
    with open(report_path, "w") as handle:
        handle.write("\n".join(lines))
    print("\n".join(table))


if __name__ == "__main__":
    main()
