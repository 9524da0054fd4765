"""Room monitors at scale: one monitor-service watching 1,000 rooms of the
fake ecast server, with a 1-second heartbeat.

Starts the fake standalone (Tests/integration/fake_ecast.py --rooms N, its
own process, so its CPU is not ours) and the whole system from
GAMENIGHT_BIN_DIR (the release build), adds N session games to one session
and starts a monitor on each (a session has one `playing` game and adding a
game finishes the previous one and stops its monitor, so the games are added
without a room code first, then each gets its code and start-player-check),
waits until every room has its shard connection, then for BENCH_SECONDS
(default 30) measures:

- monitor-service resident memory (VmRSS, sampled every second; the max),
- its CPU share (utime+stime over the window / wall time),
- heartbeat jitter as a dashboard sees it: a WebSocket client subscribed to
  the session times the game.status events of each game; the deviation of
  each inter-arrival time from the heartbeat period, p50/p99/max.

    GAMENIGHT_BIN_DIR=.build/release python3 bench/monitor_bench.py

Run on demand, not by make test. BENCH_ROOMS changes N. Nothing asserts
beyond "the setup worked"; the figures are printed with their goals.
"""
import asyncio
import http.client
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "integration"))
from fake_ecast import room_codes  # noqa: E402
from gamenight import System  # noqa: E402

ROOMS = int(os.environ.get("BENCH_ROOMS", "1000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
HEARTBEAT = 1.0
RSS_GOAL_MIB = 100
CPU_GOAL = 10.0
ADMIN_KEY = "bench-admin-key-0123456789"


class Client:
    """Keep-alive JSON over HTTP/1.1 (one connection; reopened if the server closed it)."""

    def __init__(self, base, token=None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.conn = None

    def call(self, method, path, body=None, expect=(200, 201)):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        assert response.status in expect, (method, path, response.status, payload[:300])
        return json.loads(payload) if payload else None


def start_fake():
    proc = subprocess.Popen([sys.executable, str(REPO / "Tests" / "integration" / "fake_ecast.py"), "--port", "0",
                             "--rooms", str(ROOMS)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"fake ecast did not start: {line!r}")
    return proc, line.split(" ", 1)[1]


def read_stat(pid):
    """(utime + stime) in seconds of the process."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_rss_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def setup(system, fake_url, codes):
    api = Client(system.base)
    api.token = api.call("POST", "/api/auth/login", {"key": ADMIN_KEY})["token"]
    active = api.call("GET", "/api/sessions/active")
    if active.get("id"):
        api.call("POST", f"/api/sessions/{active['id']}/close", {})
    session = api.call("POST", "/api/sessions", {"notes": "bench: monitors"})["id"]
    game_id = next(g["id"] for g in api.call("GET", "/api/games") if g["enabled"] == 1)

    started = time.perf_counter()
    games = [api.call("POST", f"/api/sessions/{session}/games", {"game_id": game_id})["id"] for _ in codes]
    added = time.perf_counter() - started
    for sgid, code in zip(games, codes):
        api.call("PATCH", f"/api/sessions/{session}/games/{sgid}/room-code", {"room_code": code})
        body = api.call("POST", f"/api/sessions/{session}/games/{sgid}/start-player-check", {})
        assert body == {"message": "Room monitor started", "status": "monitoring"}, body
    requested = time.perf_counter() - started

    control = Client(fake_url)
    pending = set(codes)
    deadline = time.time() + 180
    while pending and time.time() < deadline:
        for code in list(pending):
            if control.call("GET", f"/_control/rooms/{code}/connections")["shards"] >= 1:
                pending.discard(code)
        if pending:
            time.sleep(0.5)
    connected = time.perf_counter() - started
    if pending:
        raise RuntimeError(f"{len(pending)} rooms never got a shard connection, e.g. {sorted(pending)[:5]}")
    doubles = [c for c in codes if control.call("GET", f"/_control/rooms/{c}/connections")["shards"] != 1]
    print(f"{'setup':<34} {len(codes)} games added in {added:.1f} s; codes + start-player-check by "
          f"{requested:.1f} s; all {len(codes)} rooms have a shard by {connected:.1f} s"
          f"{f'; {len(doubles)} rooms with more than one shard' if doubles else ''}", flush=True)
    return session, games, api.token


async def heartbeats(port, token, session, seconds, ready):
    """{gameId: [monotonic receipt times of game.status]} over `seconds`."""
    from websockets.asyncio.client import connect
    arrivals = {}
    async with connect(f"ws://127.0.0.1:{port}/api/sessions/live", proxy=None, ping_interval=None,
                       max_size=None, max_queue=None, open_timeout=10) as ws:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        assert json.loads(await ws.recv())["type"] == "auth_success"
        await ws.send(json.dumps({"type": "subscribe", "sessionId": session}))
        assert json.loads(await ws.recv())["type"] == "subscribed"
        ready.set()
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                text = await asyncio.wait_for(ws.recv(), left)
            except asyncio.TimeoutError:
                break
            now = time.monotonic()
            message = json.loads(text)
            if message.get("type") == "game.status":
                arrivals.setdefault(message["data"]["gameId"], []).append(now)
    return arrivals


async def measure(system, pid, token, session):
    ready = asyncio.Event()
    listener = asyncio.create_task(heartbeats(system.port, token, session, SECONDS, ready))
    await ready.wait()
    cpu0, wall0 = read_stat(pid), time.monotonic()
    rss = []
    while not listener.done():
        rss.append(read_rss_mib(pid))
        await asyncio.sleep(1.0)
    cpu1, wall1 = read_stat(pid), time.monotonic()
    print(f"{'monitor-service CPU time':<34} {cpu1 - cpu0:8.2f} s in the {wall1 - wall0:.1f} s window "
          f"({cpu1:.2f} s since it started, setup included)", flush=True)
    return await listener, (cpu1 - cpu0) / (wall1 - wall0) * 100, rss


def main():
    codes = room_codes(ROOMS)
    fake, fake_url = start_fake()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            system = System(tmp, env={"LOG_LEVEL": "warning", "ADMIN_KEY": ADMIN_KEY, "ECAST_BASE_URL": fake_url,
                                      "MONITOR_HEARTBEAT_SECONDS": "1", "MONITOR_INSTANCES": "1"}).start()
            try:
                print(f"monitor bench: {ROOMS} rooms, {SECONDS} s window, binaries "
                      f"{os.environ.get('GAMENIGHT_BIN_DIR', '.build/debug')}", flush=True)
                session, games, token = setup(system, fake_url, codes)
                pid = system.pid("monitor-service")
                time.sleep(2.0)  # let the connects settle before the window opens
                arrivals, cpu, rss = asyncio.run(measure(system, pid, token, session))
            finally:
                system.stop()
    finally:
        fake.terminate()
        fake.wait(10)

    deviations = []
    for times in arrivals.values():
        deviations += [abs((b - a) - HEARTBEAT) * 1000 for a, b in zip(times, times[1:])]
    expected_beats = SECONDS / HEARTBEAT
    short = [g for g in games if len(arrivals.get(g, [])) < expected_beats * 0.9]
    rss_max = max(rss) if rss else float("nan")
    verdict = lambda ok: "OK" if ok else "OVER GOAL"  # noqa: E731
    print(f"{'monitor-service RSS':<34} {rss_max:8.1f} MiB max ({rss[-1] if rss else float('nan'):.1f} at the end)"
          f"   goal <= {RSS_GOAL_MIB} MiB   {verdict(rss_max <= RSS_GOAL_MIB)}", flush=True)
    print(f"{'monitor-service CPU':<34} {cpu:8.2f} % of one core over {SECONDS} s   goal <= {CPU_GOAL:.0f} %   "
          f"{verdict(cpu <= CPU_GOAL)}", flush=True)
    if deviations:
        print(f"{'heartbeat jitter (|gap - 1 s|)':<34} p50 {percentile(deviations, 50):6.1f} ms   "
              f"p99 {percentile(deviations, 99):6.1f} ms   max {max(deviations):6.1f} ms   "
              f"mean {statistics.fmean(deviations):6.1f} ms   ({len(deviations)} gaps)", flush=True)
    else:
        print(f"{'heartbeat jitter (|gap - 1 s|)':<34} no game.status received", flush=True)
    print(f"{'heartbeats':<34} {sum(len(t) for t in arrivals.values())} game.status from {len(arrivals)} of "
          f"{len(games)} games; {len(short)} games with < 90 % of the expected {expected_beats:.0f}", flush=True)


if __name__ == "__main__":
    main()
