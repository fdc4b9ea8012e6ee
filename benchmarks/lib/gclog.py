#!/usr/bin/env python3
"""Reads a JVM's unified GC and safepoint log (-Xlog:gc*,safepoint:file=F:time,uptime,level,tags) and
says what happened in a window of wall-clock time: the collector's pauses (count, total, longest),
every safepoint (each stops all Java threads: GC pauses, deoptimisation, the periodic cleanup), and
an estimate of the allocation rate. Works for G1, Parallel, ZGC and generational ZGC on JDK 17 to 25.
Standard library only.

  gclog.py GC.LOG START END        (epoch seconds) prints one line of JSON
"""
import datetime
import json
import re
import sys

LINE = re.compile(r"^\[(?P<time>[^\]]+)\]\[[^\]]+\]\[(?P<level>\w+) *\]\[(?P<tags>[^\]]+?) *\] (?P<text>.*)$")
# "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 61M->10M(1024M) 3.456ms", "GC(3) Y: Pause Mark Start 0.010ms"
PAUSE = re.compile(r"^GC\((\d+)\) (?:[YO]: )?(Pause .*?) ([\d.]+)ms$")
# heap occupancy before -> after a collection: "61M->10M(1024M)", ZGC "104M(10%)->56M(5%)"
OCCUPANCY = re.compile(r"^GC\((\d+)\) .*?(\d+)M(?:\(\d+%\))?->(\d+)M")
# ZGC: what was allocated while a cycle ran, the last column being its end: "GC(1) Y: Allocated: - 6M (1%) 6M (1%) 11M (1%)"
ZGC_ALLOCATED = re.compile(r"^GC\(\d+\) (?:Y: )?Allocated:.*?(\d+)M \(\d+%\)\s*(?:-\s*)*$")
SAFEPOINT = re.compile(r'^Safepoint "([^"]+)",.*?Reaching safepoint: (\d+) ns,.*?Total: (\d+) ns')


def epoch(stamp):
    """'2026-12-03T16:10:26.232+0000' -> seconds since the epoch."""
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


def events(path):
    """(time, kind, fields) for each pause, collection and safepoint in the log, in order."""
    out = []
    with open(path, errors="replace") as log:
        for raw in log:
            line = LINE.match(raw.rstrip("\n"))
            if not line:
                continue
            try:
                when = epoch(line.group("time"))
            except ValueError:
                continue
            tags, text = line.group("tags"), line.group("text")
            if tags == "safepoint":
                found = SAFEPOINT.match(text)
                if found:
                    out.append((when, "safepoint", {"name": found.group(1), "reach_ms": int(found.group(2)) / 1e6,
                                                    "ms": int(found.group(3)) / 1e6}))
            elif tags in ("gc", "gc,phases"):
                found = PAUSE.match(text)
                if found:
                    name = re.sub(r" \d+M(\(\d+%\))?->.*$", "", found.group(2))
                    out.append((when, "pause", {"name": name, "ms": float(found.group(3))}))
                found = OCCUPANCY.match(text) if tags == "gc" else None
                if found:
                    out.append((when, "collection", {"before_mb": int(found.group(2)), "after_mb": int(found.group(3)),
                                                     "text": text}))
            elif tags == "gc,heap":
                found = ZGC_ALLOCATED.match(text)
                if found:
                    out.append((when, "allocated_during", {"mb": int(found.group(1))}))
    return out


def window(path, start, end):
    """What the log says about [start, end]: pauses, safepoints, allocation (MB/s, an estimate)."""
    every = events(path)
    inside = [e for e in every if start <= e[0] <= end]
    pauses = [f["ms"] for t, kind, f in inside if kind == "pause"]
    safepoints = [f for t, kind, f in inside if kind == "safepoint"]
    out = {
        "seconds": end - start,
        "gc_pauses": len(pauses), "gc_pause_total_ms": sum(pauses), "gc_pause_max_ms": max(pauses, default=0.0),
        "gc_pause_names": sorted({f["name"] for t, kind, f in inside if kind == "pause"}),
        "safepoints": len(safepoints), "safepoint_total_ms": sum(f["ms"] for f in safepoints),
        "safepoint_max_ms": max((f["ms"] for f in safepoints), default=0.0),
        "safepoint_reach_max_ms": max((f["reach_ms"] for f in safepoints), default=0.0),
        "safepoints_over_1ms": sorted({f["name"] for f in safepoints if f["ms"] > 1.0}),
        "collections": sum(1 for e in inside if e[1] == "collection"),
    }
    out["alloc_mb_per_s"] = allocation_rate(every, start, end)
    return out


def allocation_rate(every, start, end):
    """
    MB allocated per second, from heap occupancy: what a collection found (before) less what the previous
    one left (after) was allocated in between; ZGC also says what was allocated while a cycle ran. Counted
    between the first and the last collection inside the window (a collection before it may lie after an
    idle spell); None with fewer than two collections in it.
    """
    collections = [(t, f) for t, kind, f in every if kind == "collection" and start <= t <= end]
    if len(collections) < 2:
        return None
    allocated = 0.0
    for (t0, previous), (t1, current) in zip(collections, collections[1:]):
        allocated += max(0, current["before_mb"] - previous["after_mb"])
    first, last = collections[0][0], collections[-1][0]
    allocated += sum(f["mb"] for t, kind, f in every if kind == "allocated_during" and first < t <= last)
    return allocated / (last - first) if last > first else None


def main():
    print(json.dumps(window(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]))))


if __name__ == "__main__":
    main()
