#!/usr/bin/env python3
"""The origin for benchmarks/compare: small, fast enough, and it counts what reaches it.

  /obj/1k, /obj/100k   1 KiB / 100 KiB, Cache-Control: public, max-age=3600
  /obj/<n>             (n: digits) 1 KiB, public, max-age=3600: any number of distinct keys (benchmarks/scale);
                       counted together under "/obj/<n>", so a million keys take no memory here
  /slow                1 KiB after 1 s, public, max-age=3, stale-while-revalidate=60 (expires every 3 s)
  /cold/<anything>     1 KiB after 1 s, public, max-age=3600 (a new key for each stampede)
  /stale/<anything>    1 KiB after 3 s, public, max-age=3, stale-while-revalidate=60 (a refresh long enough
                       for several bursts of stale answers while it runs)
  /swr/<anything>      1 KiB at once, public, max-age=0, stale-while-revalidate=60: every request after the
                       first finds it stale and may start a refresh (warms the refresh path up)
  /p/<anything>        1 KiB, public, max-age=3600, Surrogate-Key: the last path segment (purge targets)
  /t/<tag>/<anything>  1 KiB, public, max-age=3600, Surrogate-Key: <tag> (many objects under one tag)
  /text/100k           100 KiB of HTML-like text, uncoded (the gzip scenario), public, max-age=3600
  /big/100m            100 MiB of fixed pseudo-random bytes, public, max-age=3600, served the way a file
                       server serves it: one byte range per request (206, Content-Range; 416 past the end),
                       a strong ETag, If-Match (412 on a mismatch) and If-None-Match
  /__stats             JSON: requests per path (with query) since start or the last /__reset
  /__ranges            JSON: per path, how often each Range value was asked (a slice asked twice shows)
  /__reset             clears the counters

Every object answers conditional GETs with its ETag. Only the Python standard library is used.
"""
import argparse
import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KIB = 1024
BODIES = {"1k": b"x" * KIB, "100k": b"y" * (100 * KIB)}
LAST_MODIFIED = "Mon, 03 Nov 2025 10:00:00 GMT"
STALE_REFRESH_SECONDS = 3.0

BIG = random.Random(100).randbytes(100 * 1024 * KIB)


def page_text(size):
    """Paragraphs of words drawn from a small vocabulary: text that compresses about as well as HTML (4-6x)."""
    words = ("cache origin request response header stale fresh purge node cluster slice range gzip vary "
             "the a of to and in is for on with that by this be as are at from or an it not").split()
    rng = random.Random(7)
    out = ["<!doctype html><html><head><title>bench</title></head><body>\n"]
    length = len(out[0])
    while length < size:
        para = "<p>" + " ".join(rng.choice(words) + ("" if rng.random() > 0.1 else str(rng.randint(0, 9999)))
                                for _ in range(rng.randint(20, 80))) + "</p>\n"
        out.append(para)
        length += len(para)
    return "".join(out).encode()[:size]


TEXT = page_text(100 * KIB)
BIG_ETAG = '"big-100m"'
RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
NUMBERED = re.compile(r"/obj/\d+$")

counts = {}
ranges = {}
counts_lock = threading.Lock()


class Origin(BaseHTTPRequestHandler):
    # Headers and body go out in two writes: without TCP_NODELAY the second waits for the
    # client's delayed ACK (40 ms on Linux), which is no origin's real cost.
    disable_nagle_algorithm = True

    protocol_version = "HTTP/1.1"
    server_version = "bench-origin"
    sys_version = ""

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path
        if path.startswith("/__stats"):
            with counts_lock:
                self.reply(200, json.dumps(counts).encode(), "application/json", "no-store")
            return
        if path.startswith("/__ranges"):
            with counts_lock:
                self.reply(200, json.dumps(ranges).encode(), "application/json", "no-store")
            return
        if path.startswith("/__reset"):
            with counts_lock:
                counts.clear()
                ranges.clear()
            self.reply(200, b"{}", "application/json", "no-store")
            return
        bare = path.split("?", 1)[0]
        numbered = NUMBERED.match(bare) is not None
        counted = "/obj/<n>" if numbered else path
        with counts_lock:
            counts[counted] = counts.get(counted, 0) + 1
            asked = ranges.setdefault(counted, {})
            key = self.headers.get("Range", "none")
            asked[key] = asked.get(key, 0) + 1
        if bare == "/obj/1k":
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"obj-1k"')
        elif bare == "/obj/100k":
            self.reply(200, BODIES["100k"], cache_control="public, max-age=3600", etag='"obj-100k"')
        elif numbered:
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"obj-%s"' % bare[5:])
        elif bare == "/slow":
            time.sleep(self.server.slow_seconds)
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3, stale-while-revalidate=60",
                       etag='"slow-%d"' % int(time.time()))
        elif bare.startswith("/stale/"):
            time.sleep(STALE_REFRESH_SECONDS)
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3, stale-while-revalidate=60",
                       etag='"stale-%d"' % time.time_ns())
        elif bare.startswith("/swr/"):
            self.reply(200, BODIES["1k"], cache_control="public, max-age=0, stale-while-revalidate=60",
                       etag='"swr-%d"' % time.time_ns())
        elif bare.startswith("/cold/"):
            time.sleep(self.server.slow_seconds)
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"cold"')
        elif bare == "/big/100m":
            self.ranged(BIG, BIG_ETAG)
        elif bare == "/text/100k":
            self.reply(200, TEXT, "text/html; charset=utf-8", cache_control="public, max-age=3600",
                       etag='"text-100k"')
        elif bare.startswith("/p/"):
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"p-%d"' % time.time_ns(),
                       extra={"Surrogate-Key": bare.rsplit("/", 1)[1]})
        elif bare.startswith("/t/") and bare.count("/") >= 3:
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"t-%d"' % time.time_ns(),
                       extra={"Surrogate-Key": bare.split("/", 3)[2]})
        else:
            self.reply(404, b"not found\n", "text/plain", "no-store")

    def ranged(self, body, etag):
        """A file server's answer: If-Match, If-None-Match, then one byte range or the whole."""
        if_match = self.headers.get("If-Match")
        if if_match is not None and if_match != etag:
            self.reply(412, b"", "text/plain", "no-store")
            return
        match = RANGE.match(self.headers.get("Range", "").strip())
        if match is None or self.headers.get("If-None-Match") == etag:
            self.reply(200, body, cache_control="public, max-age=3600", etag=etag, extra={"Accept-Ranges": "bytes"})
            return
        first, last = match.groups()
        if first == "":
            start, end = max(0, len(body) - int(last or 0)), len(body) - 1
        else:
            start, end = int(first), min(len(body) - 1, int(last) if last else len(body) - 1)
        if start >= len(body) or start > end:
            self.reply(416, b"", "text/plain", "no-store", extra={"Content-Range": "bytes */%d" % len(body)})
            return
        self.reply(206, body[start:end + 1], cache_control="public, max-age=3600", etag=etag,
                   extra={"Content-Range": "bytes %d-%d/%d" % (start, end, len(body)), "Accept-Ranges": "bytes"})

    def reply(self, status, body, content_type="application/octet-stream", cache_control=None, etag=None, extra=None):
        if etag is not None and status in (200, 206) and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if cache_control:
            self.send_header("Cache-Control", cache_control)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", default="127.0.0.1:18001", help="HOST:PORT")
    parser.add_argument("--slow-seconds", type=float, default=1.0, help="delay of /slow and /cold/*")
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), Origin)
    server.daemon_threads = True
    server.request_queue_size = 1024
    server.slow_seconds = args.slow_seconds
    print("origin listening on %s" % args.listen, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
