"""Normal-load latency with and without 1,000 slow-loris connections.

Starts the system (GAMENIGHT_BIN_DIR, the release build) with a header
timeout long enough that the slow connections stay open for the whole run,
measures wrk's p50/p99 on two routes unloaded, then opens BENCH_SLOW
(default 1,000) connections that each send one byte of a never-ending
request head per second and measures again. Prints both and the p99 ratio
(goal: at most 2×). Asserts nothing; results go to bench/RESULTS.md.
"""
import os
import pathlib
import resource
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests" / "integration"))
from gamenight import System  # noqa: E402
from http_bench import CONNECTIONS, SECONDS, THREADS, wrk  # noqa: E402

SLOW = int(os.environ.get("BENCH_SLOW", "1000"))
ROUTES = [("GET /health/live (gateway only)", "/health/live"),
          ("GET /api/games/1 (one RPC round trip)", "/api/games/1")]
# 16 KiB of head at one byte per second: never complete during the run.
SLOW_HEAD = b"GET /health/live HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 16000


class SlowLoris:
    def __init__(self, port, count):
        self.sockets = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(count)]
        for s in self.sockets:
            s.setblocking(False)
        self.failed = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        tick = 0
        while not self.stop.is_set():
            next_tick = time.monotonic() + 1.0
            for s in self.sockets:
                try:
                    s.send(SLOW_HEAD[tick:tick + 1])
                except OSError:
                    self.failed += 1
            tick += 1
            self.stop.wait(max(0.0, next_tick - time.monotonic()))

    def open_count(self):
        alive = 0
        for s in self.sockets:
            try:
                alive += s.recv(1, socket.MSG_PEEK) != b""
            except BlockingIOError:
                alive += 1
            except OSError:
                pass
        return alive

    def close(self):
        self.stop.set()
        self.thread.join(5)
        for s in self.sockets:
            s.close()


def measure(system):
    results = {}
    for name, path in ROUTES:
        wrk(system.base + path, seconds=2)  # warm-up
        results[name] = wrk(system.base + path)
    return results


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = SLOW + 4096
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(wanted, hard)))
    with tempfile.TemporaryDirectory() as tmp:
        system = System(tmp, env={"LOG_LEVEL": "warning", "ADMIN_KEY": "bench-admin-key-0123456789",
                                  "HTTP_HEADER_TIMEOUT_MS": "600000"}).start()
        try:
            print(f"slow clients: wrk {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s per run; "
                  f"{SLOW} slow-loris connections at 1 byte/s", flush=True)
            unloaded = measure(system)
            loris = SlowLoris(system.port, SLOW)
            try:
                time.sleep(2)
                loaded = measure(system)
                held = loris.open_count()
            finally:
                loris.close()
            for name, _ in ROUTES:
                before, after = unloaded[name], loaded[name]
                print(f"{name:<40} p99 unloaded {before['p99_ms']:6.2f} ms  with slow clients "
                      f"{after['p99_ms']:6.2f} ms  ratio {after['p99_ms'] / before['p99_ms']:.2f}  "
                      f"(p50 {before['p50_ms']:.2f} -> {after['p50_ms']:.2f} ms, "
                      f"{before['rps']:.0f} -> {after['rps']:.0f} req/s, non-2xx {after['non_2xx']})", flush=True)
            print(f"slow-loris connections still open after the loaded runs: {held} of {SLOW} "
                  f"(send failures: {loris.failed})", flush=True)
        finally:
            system.stop()


if __name__ == "__main__":
    main()
