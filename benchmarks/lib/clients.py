#!/usr/bin/env python3
"""Load clients for benchmarks/compare that wrk cannot be: a stampede of N clients released at
once on one cold key, the purge-propagation probe, bursts of stale against fresh hits, and small
helpers (wait for a hit, origin counters, the ranges the origin was asked, CPU time, resident
memory, what the scheduler made a process group wait). Standard library only; every loop is
bounded in count and time. benchmarks/scale imports the helpers.
"""
import argparse
import http.client
import json
import math
import os
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

BENCH_HOST = "bench.local"


def connect(base, timeout=30.0):
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def get(conn, path, headers=None):
    conn.request("GET", path, headers={"Host": BENCH_HOST, **(headers or {})})
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("X-Cache-Status", "")


def origin_counts(origin):
    conn = connect(origin, 5)
    conn.request("GET", "/__stats")
    counts = json.loads(conn.getresponse().read())
    conn.close()
    return counts


def percentile(values, p):
    """Nearest rank: the smallest value that at least p% of the values do not exceed."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100.0 * len(ordered)) - 1))
    return ordered[rank]


def stampede(args):
    """N clients connect, wait at a barrier, then all ask for the same cold key at once."""
    bases = args.frontend
    barrier = threading.Barrier(args.clients)
    results = [None] * args.clients

    def client(i):
        try:
            conn = connect(bases[i % len(bases)], args.timeout)
            conn.connect()
        except OSError as failure:
            results[i] = ("connect", str(failure), None)
            barrier.abort()
            return
        try:
            barrier.wait(timeout=args.timeout)
            started = time.perf_counter()
            status, cache = get(conn, args.path)
            results[i] = (status, cache, (time.perf_counter() - started) * 1000)
        except Exception as failure:  # a stampede reports failures; it does not stop at the first
            results[i] = ("error", repr(failure), None)
        finally:
            conn.close()

    before = origin_counts(args.origin).get(args.path, 0)
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.timeout + 5)
    time.sleep(0.2)
    fetches = origin_counts(args.origin).get(args.path, 0) - before
    latencies = [r[2] for r in results if r and r[2] is not None]
    statuses = {}
    for r in results:
        key = "none" if r is None else str(r[0])
        statuses[key] = statuses.get(key, 0) + 1
    out = {"path": args.path, "clients": args.clients, "origin_fetches": fetches, "statuses": statuses,
           "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
           "max_ms": max(latencies) if latencies else None}
    json.dump(out, sys.stdout)
    print()
    return 0 if statuses.get("200", 0) == args.clients else 1


def wait_hit(args):
    """Asks until the response says HIT (the object is cached), at most --tries times."""
    conn = connect(args.url)
    path = urlsplit(args.url).path or "/"
    query = urlsplit(args.url).query
    if query:
        path += "?" + query
    last = None
    for _ in range(args.tries):
        try:
            status, cache = get(conn, path)
            last = (status, cache)
            if status == 200 and cache.upper().startswith("HIT"):
                return 0
        except (OSError, http.client.HTTPException) as failure:
            last = failure
            conn.close()
            conn = connect(args.url)
        time.sleep(0.05)
    print("no cache hit from %s after %d tries; last answer: %s" % (args.url, args.tries, last), file=sys.stderr)
    return 1


def purge_probe(args):
    """
    For each of --count purges: make every node hold the object in its hot tier, purge it through
    one node's admin API, and from the acknowledgement on ask every node (only-if-cached, so no
    origin fetch) until each one misses.
    """
    nodes = [connect(base, 5) for base in args.node]
    probes = MissProbes(args.node, args.path)
    admins = [urlsplit(base) for base in args.admin]
    admin_conns = [http.client.HTTPConnection(admin.hostname, admin.port, timeout=10) for admin in admins]
    # origin.py tags each /p/ object with its last path segment, so a tag purge covers exactly it.
    body = json.dumps({"urls": [args.path]} if args.kind == "url" else {"tags": [args.path.rsplit("/", 1)[1]]})
    acks, propagation, round_trips, server_millis = [], [], [], []
    failures = 0
    # The first purges run the purge and miss paths cold (interpreted, not yet compiled): unmeasured.
    for i in range(-args.warmup, args.count):
        for conn in nodes:
            for _ in range(50):
                status, cache = get(conn, args.path)
                if status == 200 and cache.upper() == "HIT":
                    break
            else:
                print("node never served %s as a HIT before purge %d" % (args.path, i), file=sys.stderr)
                return 1
        # One keep-alive connection per admin listener, as a purging client (the CLI, a CMS) keeps.
        conn = admin_conns[i % len(admins)]
        sent = time.perf_counter()
        conn.request("POST", "/purge", body=body, headers={
            "Authorization": "Bearer " + args.token, "Content-Type": "application/json"})
        answer = conn.getresponse()
        answered = answer.read()
        acked = time.perf_counter()
        if answer.status != 200:
            print("purge %d answered %d" % (i, answer.status), file=sys.stderr)
            failures += 1
            continue
        missed_all = probes.run(acked + 2.0)
        if missed_all is None:
            failures += 1
            continue
        if i < 0:
            continue
        round_trips.append((acked - sent) * 1000)
        server_millis.append(json.loads(answered)["millis"])
        propagation.append((missed_all - acked) * 1000)
        acks.append((missed_all - sent) * 1000)
    out = {"purges": args.count, "kind": args.kind, "failures": failures, "nodes": len(nodes),
           "ack_to_all_miss_p50_ms": percentile(propagation, 50), "ack_to_all_miss_p99_ms": percentile(propagation, 99),
           "ack_to_all_miss_max_ms": max(propagation) if propagation else None,
           "purge_call_p50_ms": percentile(round_trips, 50), "purge_call_p99_ms": percentile(round_trips, 99),
           "purge_call_max_ms": max(round_trips) if round_trips else None,
           "server_millis_p50": percentile(server_millis, 50), "server_millis_p99": percentile(server_millis, 99),
           "send_to_all_miss_p50_ms": percentile(acks, 50), "send_to_all_miss_p99_ms": percentile(acks, 99),
           "mean_ack_to_all_miss_ms": statistics.mean(propagation) if propagation else None,
           "served_after_ack": probes.served_after_ack}
    # The floor: the same probes on a key no node ever held, so the time is the miss path's own.
    floor = []
    for i in range(args.count):
        probes.path = "%s-never-%d" % (args.path, i)
        started = time.perf_counter()
        missed_all = probes.run(started + 2.0)
        if missed_all is not None:
            floor.append((missed_all - started) * 1000)
    for conn in admin_conns:
        conn.close()
    out["never_cached_all_miss_p50_ms"] = percentile(floor, 50)
    out["never_cached_all_miss_p99_ms"] = percentile(floor, 99)
    probes.close()
    json.dump(out, sys.stdout)
    print()
    return 0 if failures == 0 and probes.served_after_ack == 0 else 1


class MissProbes:
    """One thread per node, each on its own connection, asking (only-if-cached) until its node misses."""

    def __init__(self, bases, path):
        self.path = path
        self.bases = bases
        self.go = [threading.Event() for _ in bases]
        self.done = [threading.Event() for _ in bases]
        self.missed_at = [None] * len(bases)
        self.served_after_ack = 0
        self.deadline = 0.0
        self.closing = False
        self.threads = [threading.Thread(target=self.probe, args=(i,), daemon=True) for i in range(len(bases))]
        for thread in self.threads:
            thread.start()

    def probe(self, i):
        conn = connect(self.bases[i], 5)
        while True:
            self.go[i].wait()
            self.go[i].clear()
            if self.closing:
                conn.close()
                return
            self.missed_at[i] = None
            while time.perf_counter() < self.deadline:
                status, _ = get(conn, self.path, {"Cache-Control": "only-if-cached"})
                if status == 504:
                    self.missed_at[i] = time.perf_counter()
                    break
                # A node that still serves the purged URL after the acknowledgement breaks invariant 2.
                self.served_after_ack += 1
            self.done[i].set()

    def run(self, deadline):
        """Starts every probe now; the time by which all nodes missed, or None."""
        self.deadline = deadline
        for i in range(len(self.bases)):
            self.done[i].clear()
            self.go[i].set()
        for event in self.done:
            event.wait()
        if any(t is None for t in self.missed_at):
            return None
        return max(self.missed_at)

    def close(self):
        self.closing = True
        for event in self.go:
            event.set()


class Burst:
    """N clients, each on its own keep-alive connection to one of the nodes, released at once for one request each."""

    def __init__(self, bases, clients, timeout=30.0):
        self.conns = [connect(bases[i % len(bases)], timeout) for i in range(clients)]
        self.start = threading.Barrier(clients + 1)
        self.end = threading.Barrier(clients + 1)
        self.path = None
        self.results = [None] * clients
        self.closing = False
        self.threads = [threading.Thread(target=self.client, args=(i,), daemon=True) for i in range(clients)]
        for thread in self.threads:
            thread.start()

    def client(self, i):
        while True:
            self.start.wait()
            if self.closing:
                self.conns[i].close()
                return
            try:
                started = time.perf_counter()
                status, cache = get(self.conns[i], self.path)
                self.results[i] = (status, cache, (time.perf_counter() - started) * 1000)
            except Exception as failure:  # reported with the burst, never hidden
                self.results[i] = ("error", repr(failure), None)
            self.end.wait()

    def run(self, path):
        """One request per client for path, all at once; their (status, X-Cache-Status, ms)."""
        self.path = path
        self.start.wait()
        self.end.wait()
        return list(self.results)

    def close(self):
        self.closing = True
        self.start.wait()


def stale_burst(args):
    """
    Stale as cheap as fresh: the same burst of --clients requests over the nodes, for a fresh hit
    and for an entry inside its stale-while-revalidate window while its one refresh runs (origin.py
    answers /stale/ after 3 s). Each round: the stale path is stored and held by every node, fresh
    bursts are timed, and once the entry is stale, stale bursts until the refresh lands (a burst
    that meets the new copy is left out). The origin must see exactly one refresh per round.
    """
    # A node in service has run its refresh path many times; a fresh JVM runs it interpreted. Every
    # request after the first for a /swr/ path is stale and starts a refresh when none runs.
    for base in args.node:
        conn = connect(base, 30)
        for _ in range(args.warm_refreshes):
            get(conn, "/swr/%s-warm" % args.stamp)
        conn.close()
    burst = Burst(args.node, args.clients)
    fresh, stale, refreshes, failures, late = [], [], [], [], 0
    # What the stale tail is made of: answers by X-Cache-Status, and by the burst's place in its round.
    stale_by_status, stale_by_burst = {}, {}
    # Unmeasured rounds first: the connections open and the hit, stale and refresh paths run compiled.
    for i in range(-args.warmup, args.rounds):
        path = "/stale/%s-%d" % (args.stamp, i)
        for base in args.node:
            conn = connect(base, 30)
            for _ in range(100):
                status, cache = get(conn, path)
                if status == 200 and cache.upper() == "HIT":
                    break
                time.sleep(0.02)
            conn.close()
        stored = time.perf_counter()
        before = origin_counts(args.origin).get(path, 0)
        fresh_round = []
        for _ in range(args.bursts):
            fresh_round.extend(burst.run("/obj/1k"))
        # The entry is fresh for 3 s; the stale bursts start once it is surely stale everywhere.
        time.sleep(max(0.0, stored + 3.3 - time.perf_counter()))
        stale_round = []
        for n in range(args.bursts):
            answers = burst.run(path)
            if any(r[1].upper() == "HIT" for r in answers if r[0] == 200):
                late += 1 if i >= 0 else 0
                break
            stale_round.extend(answers)
            if i >= 0:
                for r in answers:
                    if r[2] is not None:
                        stale_by_status.setdefault(r[1].upper(), []).append(r[2])
                        stale_by_burst.setdefault(n, []).append(r[2])
        time.sleep(3.5)
        fetched = origin_counts(args.origin).get(path, 0) - before
        bad = [r for r in fresh_round if r[0] != 200 or r[1].upper() != "HIT"]
        bad += [r for r in stale_round if r[0] != 200 or r[1].upper() not in ("STALE", "UPDATING")]
        if bad:
            failures.append("round %d: %d unexpected answers, e.g. %s" % (i, len(bad), bad[0]))
        if i < 0:
            continue
        refreshes.append(fetched)
        fresh.extend(r[2] for r in fresh_round if r[2] is not None)
        stale.extend(r[2] for r in stale_round if r[2] is not None)
    burst.close()
    fresh_p99, stale_p99 = percentile(fresh, 99), percentile(stale, 99)
    out = {"rounds": args.rounds, "bursts_per_round": args.bursts, "clients": args.clients, "nodes": len(args.node),
           "fresh_answers": len(fresh), "stale_answers": len(stale), "stale_bursts_after_refresh": late,
           "fresh_p50_ms": percentile(fresh, 50), "fresh_p99_ms": fresh_p99, "fresh_max_ms": max(fresh, default=None),
           "stale_p50_ms": percentile(stale, 50), "stale_p99_ms": stale_p99, "stale_max_ms": max(stale, default=None),
           "p99_ratio": stale_p99 / fresh_p99 if fresh_p99 and stale_p99 else None,
           "stale_by_status": {k: {"answers": len(v), "p50_ms": percentile(v, 50), "p99_ms": percentile(v, 99),
                                   "max_ms": max(v)} for k, v in sorted(stale_by_status.items())},
           "stale_p99_ms_by_burst": [percentile(stale_by_burst[n], 99) for n in sorted(stale_by_burst)],
           "refreshes_per_round": refreshes, "failures": failures, "load": open("/proc/loadavg").read().strip()}
    json.dump(out, sys.stdout)
    print()
    return 0 if not failures and stale and all(n == 1 for n in refreshes) else 1


def group_pids(pgid):
    """The live processes of a process group."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[2]) == pgid:
                    pids.append(int(entry))
        except OSError:
            continue
    return pids


def group_cpu_seconds(pgid):
    """CPU seconds (user + system) used so far by every live process in a process group."""
    total = 0
    for pid in group_pids(pgid):
        try:
            with open("/proc/%d/stat" % pid) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def process_sched(pid, prefix="vert.x-eventloo", into=None):
    """
    What the scheduler did to a process's threads so far (/proc/PID/task/TID/schedstat): time on a CPU
    and time waiting, runnable, for one (nanoseconds), summed over every thread, and the waiting of the
    threads whose name starts with prefix (a JVM's event loops). Waiting that grows during a run is
    time the process could not run although it had work: other load on its cores.
    """
    out = into if into is not None else {"cpu_ns": 0, "wait_ns": 0, "loop_wait_ns": 0, "loops": 0}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as stat:
                on_cpu, waiting = (int(v) for v in stat.read().split()[:2])
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as comm:
                name = comm.read().strip()
        except OSError:
            continue
        out["cpu_ns"] += on_cpu
        out["wait_ns"] += waiting
        if name.startswith(prefix):
            out["loop_wait_ns"] += waiting
            out["loops"] += 1
    return out


def group_sched(pgid):
    """process_sched summed over every live process of a process group."""
    out = {"cpu_ns": 0, "wait_ns": 0, "loop_wait_ns": 0, "loops": 0}
    for pid in group_pids(pgid):
        process_sched(pid, into=out)
    return out


def cpu_pressure_us():
    """Microseconds so far in which some runnable task waited for a CPU, machine-wide (PSI), or None."""
    try:
        with open("/proc/pressure/cpu") as pressure:
            return int(pressure.readline().rsplit("total=", 1)[1])
    except (OSError, IndexError, ValueError):
        return None


def cpu_steal_ms():
    """Per CPU, milliseconds so far that the hypervisor ran something else while this VM wanted the CPU (/proc/stat)."""
    out = []
    with open("/proc/stat") as stat:
        for line in stat:
            fields = line.split()
            if fields[0].startswith("cpu") and fields[0] != "cpu":
                out.append(int(fields[8]) * 1000 // os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0)
    return out


def cpu(args):
    print("%.3f" % group_cpu_seconds(args.pgid))
    return 0


def sched(args):
    """One line of JSON: group_sched for the group, the machine's CPU pressure, steal per CPU and the load average."""
    out = group_sched(args.pgid)
    out["pressure_us"] = cpu_pressure_us()
    out["steal_ms"] = cpu_steal_ms()
    out["loadavg"] = open("/proc/loadavg").read().strip()
    print(json.dumps(out))
    return 0


def counts(args):
    print(origin_counts(args.origin).get(args.path, 0))
    return 0


def ranges(args):
    """The origin's requests for a path as JSON: how many, how many distinct Range values, the most for one."""
    conn = connect(args.origin, 5)
    conn.request("GET", "/__ranges")
    asked = json.loads(conn.getresponse().read()).get(args.path, {})
    conn.close()
    print(json.dumps({"requests": sum(asked.values()), "distinct": len(asked),
                      "most_per_range": max(asked.values(), default=0), "whole": asked.get("none", 0)}))
    return 0


def group_memory_kib(pgid, field="VmRSS"):
    """A /proc/<pid>/status memory field (KiB) of every live process in a process group, summed:
    VmRSS is resident memory now, VmHWM the most that was ever resident."""
    total = 0
    for pid in group_pids(pgid):
        try:
            with open("/proc/%d/status" % pid) as status:
                for line in status:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def group_rss_kib(pgid):
    """Resident memory (KiB) of every live process in a process group, summed."""
    return group_memory_kib(pgid)


def rss(args):
    """Resident memory (KiB) of every live process in a process group, summed."""
    print(group_rss_kib(args.pgid))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("stampede")
    s.add_argument("--frontend", action="append", required=True, help="base URL; repeat to spread clients")
    s.add_argument("--origin", required=True)
    s.add_argument("--path", required=True)
    s.add_argument("--clients", type=int, default=300)
    s.add_argument("--timeout", type=float, default=30.0)
    s.set_defaults(run=stampede)
    w = commands.add_parser("wait-hit")
    w.add_argument("url")
    w.add_argument("--tries", type=int, default=40)
    w.set_defaults(run=wait_hit)
    p = commands.add_parser("purge")
    p.add_argument("--node", action="append", required=True, help="proxy base URL of each node")
    p.add_argument("--admin", action="append", required=True, help="admin base URL; purges rotate over them")
    p.add_argument("--token", required=True)
    p.add_argument("--path", default="/p/purged")
    p.add_argument("--kind", choices=("url", "tag"), default="url", help="purge by URL, or by the object's tag")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--warmup", type=int, default=20, help="unmeasured purges first")
    p.set_defaults(run=purge_probe)
    b = commands.add_parser("stale-burst")
    b.add_argument("--node", action="append", required=True, help="proxy base URL of each node")
    b.add_argument("--origin", required=True)
    b.add_argument("--clients", type=int, default=60)
    b.add_argument("--bursts", type=int, default=5, help="bursts of each kind per round")
    b.add_argument("--warm-refreshes", type=int, default=500,
                   help="requests per node for an always-stale path first, each starting a refresh if none runs")
    b.add_argument("--rounds", type=int, default=5)
    b.add_argument("--warmup", type=int, default=2, help="unmeasured rounds first")
    b.add_argument("--stamp", default=str(int(time.time())), help="makes this run's paths new")
    b.set_defaults(run=stale_burst)
    u = commands.add_parser("cpu")
    u.add_argument("--pgid", type=int, required=True)
    u.set_defaults(run=cpu)
    c = commands.add_parser("count")
    c.add_argument("--origin", required=True)
    c.add_argument("--path", required=True)
    c.set_defaults(run=counts)
    r = commands.add_parser("ranges")
    r.add_argument("--origin", required=True)
    r.add_argument("--path", required=True)
    r.set_defaults(run=ranges)
    d = commands.add_parser("sched")
    d.add_argument("--pgid", type=int, required=True)
    d.set_defaults(run=sched)
    m = commands.add_parser("rss")
    m.add_argument("--pgid", type=int, required=True)
    m.set_defaults(run=rss)
    args = parser.parse_args()
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
