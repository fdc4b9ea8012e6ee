#!/usr/bin/env python3
"""A tiny origin to put tiercache in front of, for trying a local fleet or the compose file.

Every page says how often the origin was asked for it, so a cache hit is easy to tell from a miss:
the count only goes up when a request reaches the origin.

    /               index, max-age=60, Surrogate-Key "index"
    /page/NAME      any NAME, max-age=60, Surrogate-Key "page page-NAME"
    /slow           answers after 1 s, max-age=60 (watch request coalescing)
    /private        Cache-Control: private (never stored by a shared cache)
    /nostore        Cache-Control: no-store

Each cacheable page has a strong ETag and answers If-None-Match with 304.

    python3 example-origin.py [--bind 127.0.0.1] [--port 8000]
"""

import argparse
import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HITS = Counter()
HITS_LOCK = threading.Lock()


class Origin(BaseHTTPRequestHandler):
    server_version = "example-origin/1"
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.answer(send_body=True)

    def do_HEAD(self):
        self.answer(send_body=False)

    def answer(self, send_body):
        path = self.path.split("?", 1)[0]
        with HITS_LOCK:
            HITS[path] += 1
            count = HITS[path]
        if path == "/":
            self.page(send_body, "index", "max-age=60", "index", count)
        elif path.startswith("/page/") and len(path) > len("/page/"):
            name = path[len("/page/"):]
            self.page(send_body, name, "max-age=60", f"page page-{name}", count)
        elif path == "/slow":
            time.sleep(1)
            self.page(send_body, "slow", "max-age=60", "slow", count)
        elif path == "/private":
            self.page(send_body, "private", "private, max-age=60", None, count)
        elif path == "/nostore":
            self.page(send_body, "nostore", "no-store", None, count)
        else:
            self.reply(404, b"not found\n", {"Cache-Control": "max-age=10"}, send_body)

    def page(self, send_body, name, cache_control, tags, count):
        # The ETag covers the content but not the hit count, so a revalidation gets a 304.
        content = f"<h1>{name}</h1>\n"
        etag = '"' + hashlib.sha1(content.encode()).hexdigest()[:16] + '"'
        headers = {"Cache-Control": cache_control, "ETag": etag, "Content-Type": "text/html; charset=utf-8"}
        if tags:
            headers["Surrogate-Key"] = tags
        if etag in [tag.strip() for tag in self.headers.get("If-None-Match", "").split(",")]:
            self.reply(304, b"", headers, send_body=False)
            return
        body = f"{content}<p>origin request #{count} for {name} at {time.strftime('%H:%M:%S')}</p>\n"
        self.reply(200, body.encode(), headers, send_body)

    def reply(self, status, body, headers, send_body):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)

    def log_message(self, fmt, *args):
        print(f"{self.address_string()} {fmt % args}", flush=True)


def main():
    parser = argparse.ArgumentParser(description="Example origin for tiercache.")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    server = ThreadingHTTPServer((options.bind, options.port), Origin)
    server.daemon_threads = True
    print(f"example origin on http://{options.bind}:{options.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
