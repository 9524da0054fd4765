"""HTTP throughput and latency of the gateway with wrk (64 connections).

Starts the whole system from GAMENIGHT_BIN_DIR (the release build) on a
free port in a temporary DATA_DIR, then for each route runs wrk for
BENCH_SECONDS (default 10) after a short warm-up and prints requests/s and
p50/p99 latency. Nothing here asserts: the numbers go to bench/RESULTS.md.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests" / "integration"))
from gamenight import System, curl  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))


def wrk(url, script=None, seconds=SECONDS):
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if script:
        args[1:1] = ["-s", script]
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def percentile(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50_ms": percentile(50), "p99_ms": percentile(99),
            "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else ""}


def report(name, result):
    print(f"{name:<44} {result['rps']:>10.0f} req/s   p50 {result['p50_ms']:6.2f} ms   "
          f"p99 {result['p99_ms']:6.2f} ms   non-2xx {result['non_2xx']} {result['socket_errors']}", flush=True)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        system = System(tmp, env={"LOG_LEVEL": "warning", "ADMIN_KEY": "bench-admin-key-0123456789"}).start()
        try:
            print(f"wrk: {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s per run; "
                  f"gateway threads: {os.environ.get('GATEWAY_THREADS', 'default (cores)')}", flush=True)
            for name, path in [("GET /health/live (gateway only)", "/health/live"),
                               ("GET /health (3 RPC round trips)", "/health")]:
                wrk(system.base + path, seconds=2)  # warm-up
                report(name, wrk(system.base + path))
            for script in ["api_bench.py", "vote_bench.py", "catalogue_bench.py"]:
                subprocess.run([sys.executable, str(pathlib.Path(__file__).with_name(script)), system.base],
                               check=True)
            fanout = pathlib.Path(__file__).with_name("ws_fanout.py")
            if fanout.exists():
                subprocess.run([sys.executable, str(fanout), system.base], check=True)
        finally:
            system.stop()


if __name__ == "__main__":
    main()
