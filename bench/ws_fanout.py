"""Fan-out of one live event to many WebSocket subscribers.

Run by http_bench.py against its running system (argv[1] is the base URL),
or standalone: `python3 bench/ws_fanout.py [BASE_URL]`; without a URL it
starts its own system (gamenight.System, binaries from GAMENIGHT_BIN_DIR or
.build/debug) in a temporary DATA_DIR.

N clients (WS_FANOUT_CLIENTS, default 10,000) connect to
`GET /api/sessions/live` in batches (WS_FANOUT_BATCH, default 500), each doing
handshake + auth + subscribe to one session. Then for K rounds
(WS_FANOUT_ROUNDS, default 20) one real event is triggered
(PATCH …/player-count on a game of that session) and the time from sending
that API request until every client has received the event is measured,
as well as each client's own latency. The gateway's resident memory
(VmRSS of the api-gateway process, a child of gamenight-run) is read before
the clients connect and after all are connected and subscribed.

The client is one asyncio process with a minimal hand-written WebSocket
client (asyncio.Protocol; no third-party library), on the same 2-core
machine as the gateway and the services: client CPU time is in every
latency figure, and the per-client latency includes the client's own
serial processing of the N frames. Nothing here asserts.
"""
import asyncio
import base64
import errno
import hashlib
import json
import math
import os
import pathlib
import resource
import struct
import sys
import tempfile
import time
from urllib.parse import urlparse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests" / "integration"))
from gamenight import System, children_of, curl, process_name  # noqa: E402

CLIENTS = int(os.environ.get("WS_FANOUT_CLIENTS", "10000"))
ROUNDS = int(os.environ.get("WS_FANOUT_ROUNDS", "20"))
BATCH = int(os.environ.get("WS_FANOUT_BATCH", "500"))
ADMIN_KEY = os.environ.get("BENCH_ADMIN_KEY", "bench-admin-key-0123456789")
SETUP_TIMEOUT = float(os.environ.get("WS_FANOUT_SETUP_TIMEOUT", "60"))
ROUND_TIMEOUT = float(os.environ.get("WS_FANOUT_ROUND_TIMEOUT", "30"))
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LIVE = "/api/sessions/live"


# --- a minimal WebSocket client ---------------------------------------------------------

def client_frame(opcode, payload):
    """A masked, final client frame."""
    key = os.urandom(4)
    length = len(payload)
    if length < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    masked = bytes(b ^ key[i & 3] for i, b in enumerate(payload))
    return head + key + masked


class LiveClient(asyncio.Protocol):
    """Handshake, auth, subscribe; then records when the awaited event arrives."""

    def __init__(self, bench, host, port):
        self.bench = bench
        self.host, self.port = host, port
        self.key = base64.b64encode(os.urandom(16))
        self.transport = None
        self.buffer = b""
        self.step = "handshake"
        self.ready = asyncio.get_running_loop().create_future()
        self.received_at = None
        self.close_code = None

    # asyncio.Protocol

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"GET " + LIVE.encode() + b" HTTP/1.1\r\nHost: " + f"{self.host}:{self.port}".encode() +
                        b"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + self.key +
                        b"\r\nSec-WebSocket-Version: 13\r\n\r\n")

    def data_received(self, data):
        self.buffer += data
        if self.step == "handshake":
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            accept = base64.b64encode(hashlib.sha1(self.key + GUID).digest())
            if not head.startswith(b"HTTP/1.1 101") or accept not in head:
                status_line = head.split(b"\r\n", 1)[0]
                self.fail(f"handshake refused: {status_line!r}")
                return
            self.step = "auth"
            self.send_json({"type": "auth", "token": self.bench.token})
        while True:
            frame = self.next_frame()
            if frame is None:
                return
            self.on_frame(*frame)

    def connection_lost(self, exc):
        self.step = "closed"
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"closed during setup: {exc!r}"))
        self.bench.on_lost(self)

    # frames

    def next_frame(self):
        data = self.buffer
        if len(data) < 2:
            return None
        opcode, length, offset = data[0] & 0x0F, data[1] & 0x7F, 2
        if length == 126:
            if len(data) < 4:
                return None
            length, offset = struct.unpack_from("!H", data, 2)[0], 4
        elif length == 127:
            if len(data) < 10:
                return None
            length, offset = struct.unpack_from("!Q", data, 2)[0], 10
        if len(data) < offset + length:
            return None
        self.buffer = data[offset + length:]
        return opcode, data[offset:offset + length]

    def on_frame(self, opcode, payload):
        if opcode == 0x9:  # ping → pong
            self.transport.write(client_frame(0xA, payload))
        elif opcode == 0x8:
            self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            self.transport.close()
        elif opcode == 0x1:
            self.on_text(payload)

    def on_text(self, payload):
        if self.step == "open":
            marker = self.bench.marker
            if marker is not None and self.received_at is None and marker in payload:
                self.received_at = time.perf_counter()
                self.bench.on_received()
            return
        message = json.loads(payload)
        if self.step == "auth":
            if message.get("type") != "auth_success":
                self.fail(f"auth refused: {message}")
                return
            self.step = "subscribe"
            self.send_json({"type": "subscribe", "sessionId": self.bench.session_id})
        elif self.step == "subscribe":
            if message.get("type") != "subscribed":
                self.fail(f"subscribe refused: {message}")
                return
            self.step = "open"
            self.ready.set_result(True)

    def send_json(self, message):
        self.transport.write(client_frame(0x1, json.dumps(message, separators=(",", ":")).encode()))

    def fail(self, reason):
        if not self.ready.done():
            self.ready.set_exception(RuntimeError(reason))
        self.transport.close()


# --- the benchmark -------------------------------------------------------------------------

def call(base, method, path, body=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = curl(method, base + path, body=body, headers=headers)
    assert r.status < 300, (method, path, r)
    return r.json()


async def http_request(host, port, method, path, body, token):
    """One HTTP/1.1 request on its own connection, without blocking the loop."""
    reader, writer = await asyncio.open_connection(host, port)
    data = json.dumps(body).encode()
    writer.write(f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n"
                 .encode() + data)
    response = await reader.read()
    writer.close()
    return int(response.split(b" ", 2)[1])


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def summary(values):
    return (f"p50 {percentile(values, 50) * 1000:8.2f} ms   p99 {percentile(values, 99) * 1000:8.2f} ms   "
            f"max {max(values) * 1000:8.2f} ms")


def rss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def gateway_pid(base, system=None):
    """The api-gateway child of the gamenight-run serving `base`."""
    if system is not None:
        return system.pid("api-gateway")
    port = urlparse(base).port
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or process_name(int(entry.name)) != "gamenight-run":
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"PORT={port}".encode() in environ:
            for child in children_of(int(entry.name)):
                if process_name(child) == "api-gateway":
                    return child
    return None


class Bench:
    def __init__(self, base, system=None):
        self.base = base
        url = urlparse(base)
        self.host, self.port = url.hostname, url.port
        self.system = system
        self.token = None
        self.session_id = None
        self.clients = []
        self.marker = None
        self.pending = 0
        self.all_received = None
        self.lost_after_setup = 0
        self.failures = {}
        self.client_cpu = []

    def on_received(self):
        self.pending -= 1
        if self.pending == 0 and self.all_received is not None:
            self.all_received.set()

    def on_lost(self, client):
        if client.ready.done() and not client.ready.exception():
            self.lost_after_setup += 1

    def setup_api(self):
        self.token = call(self.base, "POST", "/api/auth/login", {"key": ADMIN_KEY})["token"]
        active = call(self.base, "GET", "/api/sessions/active")
        if active.get("id") is not None:
            call(self.base, "POST", f"/api/sessions/{active['id']}/close", {}, self.token)
        self.session_id = call(self.base, "POST", "/api/sessions", {"notes": "bench: ws fan-out"}, self.token)["id"]
        game = call(self.base, "GET", "/api/games")[0]["id"]
        self.session_game = call(self.base, "POST", f"/api/sessions/{self.session_id}/games", {"game_id": game},
                                 self.token)["id"]

    def count_failure(self, error):
        if isinstance(error, OSError) and error.errno == errno.EMFILE:
            name = "EMFILE (client side)"
        elif isinstance(error, asyncio.TimeoutError):
            name = "setup timeout (server EMFILE or backlog?)"
        else:
            name = type(error).__name__ + ": " + str(error)[:80]
        self.failures[name] = self.failures.get(name, 0) + 1

    async def open_one(self):
        loop = asyncio.get_running_loop()
        transport, client = await loop.create_connection(lambda: LiveClient(self, self.host, self.port),
                                                         self.host, self.port)
        try:
            await asyncio.wait_for(asyncio.shield(client.ready), SETUP_TIMEOUT)
        except BaseException:
            transport.close()
            raise
        return client

    async def open_all(self, count):
        started = time.perf_counter()
        for first in range(0, count, BATCH):
            results = await asyncio.gather(*(self.open_one() for _ in range(first, min(count, first + BATCH))),
                                           return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException):
                    self.count_failure(result)
                else:
                    self.clients.append(result)
            if not any(isinstance(r, LiveClient) for r in results):
                print(f"  batch at {first} failed entirely; stopping at {len(self.clients)} clients", flush=True)
                break
        return time.perf_counter() - started

    async def round(self, value):
        live = [c for c in self.clients if c.step == "open"]
        for client in live:
            client.received_at = None
        self.pending = len(live)
        self.all_received = asyncio.Event()
        self.marker = b'"playerCount":%d,' % value
        cpu = time.process_time()
        sent = time.perf_counter()
        status = await http_request(self.host, self.port, "PATCH",
                                    f"/api/sessions/{self.session_id}/games/{self.session_game}/player-count",
                                    {"player_count": value}, self.token)
        answered = time.perf_counter() - sent
        try:
            await asyncio.wait_for(self.all_received.wait(), ROUND_TIMEOUT)
        except asyncio.TimeoutError:
            pass
        self.marker = None
        self.client_cpu.append(time.process_time() - cpu)
        latencies = [c.received_at - sent for c in live if c.received_at is not None]
        missing = len(live) - len(latencies)
        return status, answered, (max(latencies) if latencies and not missing else None), latencies, missing

    async def run(self):
        pid = gateway_pid(self.base, self.system)
        before = rss_kib(pid) if pid else None
        opening = await self.open_all(CLIENTS)
        connected = len(self.clients)
        print(f"ws fan-out: {connected}/{CLIENTS} clients connected+authenticated+subscribed in {opening:.1f} s "
              f"({connected / opening:.0f}/s, batches of {BATCH})", flush=True)
        for name, number in sorted(self.failures.items()):
            print(f"  failed: {number} × {name}", flush=True)
        if not connected:
            return
        await asyncio.sleep(1.0)
        after = rss_kib(pid) if pid else None
        if before is not None and after is not None:
            print(f"  gateway VmRSS {before / 1024:.1f} MiB idle → {after / 1024:.1f} MiB with {connected} "
                  f"connections: {(after - before) / connected:.1f} KiB/connection "
                  f"(user-space only; kernel socket buffers not included)", flush=True)
        else:
            print("  gateway VmRSS: api-gateway process not found", flush=True)

        round_times, latencies, answers, incomplete = [], [], [], 0
        for number in range(1, ROUNDS + 1):
            status, answered, whole, per_client, missing = await self.round(1000 + number)
            answers.append(answered)
            latencies += per_client
            if whole is None:
                incomplete += 1
                print(f"  round {number}: HTTP {status}; {missing} of {len(per_client) + missing} clients "
                      f"missed the event within {ROUND_TIMEOUT:.0f} s", flush=True)
            else:
                round_times.append(whole)
            await asyncio.sleep(0.2)
        print(f"  {ROUNDS} rounds of one player-count.updated event to {connected} subscribers"
              f"{f' ({incomplete} incomplete)' if incomplete else ''}:", flush=True)
        if round_times:
            print(f"  request → all {connected} received   {summary(round_times)}", flush=True)
        if latencies:
            print(f"  per-client latency           {summary(latencies)}", flush=True)
        print(f"  API reply (PATCH)            {summary(answers)}", flush=True)
        print(f"  client CPU per round         {summary(self.client_cpu)}  (this Python process, same 2 cores)",
              flush=True)
        if self.lost_after_setup:
            print(f"  {self.lost_after_setup} connections were closed by the server during the run", flush=True)
        print("  note: the client (one Python process) shares the 2 cores with the gateway and the services;"
              " per-client latency includes the client's serial processing of the frames.", flush=True)
        if before is not None and pid:
            print(f"  gateway VmRSS after the rounds: {rss_kib(pid) / 1024:.1f} MiB", flush=True)
        for client in self.clients:
            if client.transport is not None:
                client.transport.close()
        await asyncio.sleep(0.5)


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < CLIENTS + 100:
        print(f"  warning: RLIMIT_NOFILE is {soft}; {CLIENTS} clients need more (expect EMFILE)", flush=True)


def run_native(bench):
    """The same measurement with the compiled client (bench/fanout-client),
    which is not bounded by Python's per-frame cost."""
    binary = pathlib.Path(os.environ.get("GAMENIGHT_BIN_DIR", "")) / "gamenight-fanout"
    if not binary.exists():
        print(f"  (no {binary}; skipping the native client)", flush=True)
        return
    import subprocess
    subprocess.run([str(binary), str(bench.port), bench.token, str(bench.session_id), str(bench.session_game),
                    str(CLIENTS), str(ROUNDS)], timeout=600, check=False)


def main(base=None):
    raise_file_limit()
    if base:
        bench = Bench(base)
        bench.setup_api()
        asyncio.run(bench.run())
        run_native(bench)
        return
    with tempfile.TemporaryDirectory() as tmp:
        system = System(tmp, env={"LOG_LEVEL": "warning", "ADMIN_KEY": ADMIN_KEY}).start()
        try:
            bench = Bench(system.base, system)
            bench.setup_api()
            asyncio.run(bench.run())
            run_native(bench)
            log = system.logs()
            if "EMFILE" in log or "Too many open files" in log:
                print("  the system log mentions EMFILE / too many open files", flush=True)
        finally:
            system.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
