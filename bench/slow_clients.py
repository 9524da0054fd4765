"""Normal-load latency with and without 1,000 slow-loris connections.

Starts the system (GAMENIGHT_BIN_DIR, the release build) with a header
timeout long enough that the slow connections stay open for the whole run,
measures wrk's p50/p99 on two routes unloaded and with BENCH_SLOW (default
1,000) connections that each send one byte of a never-ending request head
per second. Unloaded and loaded runs alternate BENCH_ROUNDS times (default
3) and the medians are compared, so a noisy neighbour on a shared machine
weighs on both sides alike. Prints both p99s and their ratio (goal: at most
2×), and the gateway's own CPU time spent on the slow clients alone. Asserts
nothing; results go to bench/RESULTS.md.
"""
import os
import pathlib
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests" / "integration"))
from gamenight import System  # noqa: E402
from http_bench import CONNECTIONS, THREADS, wrk  # noqa: E402

SLOW = int(os.environ.get("BENCH_SLOW", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
RUN_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
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


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = SLOW + 4096
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(wanted, hard)))
    with tempfile.TemporaryDirectory() as tmp:
        system = System(tmp, env={"LOG_LEVEL": "warning", "ADMIN_KEY": "bench-admin-key-0123456789",
                                  "HTTP_HEADER_TIMEOUT_MS": "600000"}).start()
        try:
            print(f"slow clients: wrk {THREADS} threads, {CONNECTIONS} connections, {RUN_SECONDS} s per run, "
                  f"{ROUNDS} rounds of unloaded/loaded; {SLOW} slow-loris connections at 1 byte/s", flush=True)
            gateway = system.pid("api-gateway")
            loris = SlowLoris(system.port, SLOW)
            try:
                time.sleep(1)
                before, started = cpu_seconds(gateway), time.monotonic()
                time.sleep(5)
                idle_cost = (cpu_seconds(gateway) - before) / (time.monotonic() - started)
            finally:
                loris.close()
            print(f"gateway CPU with only the {SLOW} slow clients trickling: {idle_cost * 100:.1f}% of a core",
                  flush=True)
            for name, path in ROUTES:
                url = system.base + path
                wrk(url, seconds=2)  # warm-up
                unloaded, loaded, held = [], [], SLOW
                for _ in range(ROUNDS):
                    unloaded.append(wrk(url, seconds=RUN_SECONDS))
                    loris = SlowLoris(system.port, SLOW)
                    try:
                        time.sleep(1)
                        loaded.append(wrk(url, seconds=RUN_SECONDS))
                        held = min(held, loris.open_count())
                    finally:
                        loris.close()
                    time.sleep(0.5)
                p99_before, p99_after = median(unloaded, "p99_ms"), median(loaded, "p99_ms")
                print(f"{name:<40} p99 unloaded {p99_before:6.2f} ms  with slow clients {p99_after:6.2f} ms  "
                      f"ratio {p99_after / p99_before:.2f}  (medians of {ROUNDS}; p50 "
                      f"{median(unloaded, 'p50_ms'):.2f} -> {median(loaded, 'p50_ms'):.2f} ms, "
                      f"{median(unloaded, 'rps'):.0f} -> {median(loaded, 'rps'):.0f} req/s, "
                      f"non-2xx {sum(r['non_2xx'] for r in loaded)}; slow connections open: {held} of {SLOW})",
                      flush=True)
                print(f"{'':<40} p99 per run: unloaded {[round(r['p99_ms'], 1) for r in unloaded]}, "
                      f"loaded {[round(r['p99_ms'], 1) for r in loaded]}", flush=True)
        finally:
            system.stop()


if __name__ == "__main__":
    main()
