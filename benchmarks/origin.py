#!/usr/bin/env python3
"""The origin for benchmarks/compare: small, fast enough, and it counts what reaches it.

  /obj/1k, /obj/100k   1 KiB / 100 KiB, Cache-Control: public, max-age=3600
  /slow                1 KiB after 1 s, public, max-age=3, stale-while-revalidate=60 (expires every 3 s)
  /cold/<anything>     1 KiB after 1 s, public, max-age=3600 (a new key for each stampede)
  /p/<anything>        1 KiB, public, max-age=3600, Surrogate-Key: the last path segment (purge targets)
  /__stats             JSON: requests per path (with query) since start or the last /__reset
  /__reset             clears the counters

Every object answers conditional GETs with its ETag. Only the Python standard library is used.
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KIB = 1024
BODIES = {"1k": b"x" * KIB, "100k": b"y" * (100 * KIB)}
LAST_MODIFIED = "Mon, 03 Nov 2025 10:00:00 GMT"

counts = {}
counts_lock = threading.Lock()


class Origin(BaseHTTPRequestHandler):
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
        if path.startswith("/__reset"):
            with counts_lock:
                counts.clear()
            self.reply(200, b"{}", "application/json", "no-store")
            return
        with counts_lock:
            counts[path] = counts.get(path, 0) + 1
        bare = path.split("?", 1)[0]
        if bare == "/obj/1k":
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"obj-1k"')
        elif bare == "/obj/100k":
            self.reply(200, BODIES["100k"], cache_control="public, max-age=3600", etag='"obj-100k"')
        elif bare == "/slow":
            time.sleep(self.server.slow_seconds)
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3, stale-while-revalidate=60",
                       etag='"slow-%d"' % int(time.time()))
        elif bare.startswith("/cold/"):
            time.sleep(self.server.slow_seconds)
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"cold"')
        elif bare.startswith("/p/"):
            self.reply(200, BODIES["1k"], cache_control="public, max-age=3600", etag='"p-%d"' % time.time_ns(),
                       tags=bare.rsplit("/", 1)[1])
        else:
            self.reply(404, b"not found\n", "text/plain", "no-store")

    def reply(self, status, body, content_type="application/octet-stream", cache_control=None, etag=None, tags=None):
        if etag is not None and status == 200 and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if cache_control:
            self.send_header("Cache-Control", cache_control)
        if tags:
            self.send_header("Surrogate-Key", tags)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
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
