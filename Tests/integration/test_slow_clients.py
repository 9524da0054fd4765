"""Slow and idle clients over real sockets: a thousand slow-loris
connections do not hold up normal requests and get 408 at the header
deadline; ten thousand idle connections are held within the descriptor
limit and the ones beyond HTTP_MAX_CONNECTIONS are closed cleanly; running
out of descriptors in accept() (EMFILE) neither spins nor crashes.

The latency comparison (p99 with and without the slow clients) is a
benchmark: bench/slow_clients.py."""
import contextlib
import http.client
import json
import os
import resource
import selectors
import signal
import socket
import subprocess
import threading
import time

from gamenight import BIN_DIR, System, curl, free_port
from test_resilience import wait_for


@contextlib.contextmanager
def open_files(count):
    """Raises this process's descriptor limit (we are root, so the hard one
    too); the systems started inside inherit it."""
    saved = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(count, saved[0])
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(wanted, saved[1])))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, saved)


def accepted_connections(pid, port):
    """How many established TCP connections on `port` process `pid` holds
    a descriptor for (its accepted clients, from /proc)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except FileNotFoundError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    # A set: /proc/net/tcp is no atomic snapshot, and a row can be read twice
    # while other connections come and go.
    matched = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01" and fields[9] in inodes:
                    matched.add(fields[9])
    return len(matched)


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def state_of(sock):
    """'open' (nothing to read), 'closed' (EOF or reset) or 'data'."""
    sock.setblocking(False)
    try:
        data = sock.recv(1)
    except BlockingIOError:
        return "open"
    except ConnectionResetError:
        return "closed"
    return "data" if data else "closed"


def normal_load(port, threads, requests, path="/api/games/1"):
    """`threads` keep-alive clients making `requests` each; every latency (s)."""
    latencies, failures = [], []
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        try:
            for _ in range(requests):
                started = time.monotonic()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                mine.append(time.monotonic() - started)
                if response.status != 200:
                    failures.append(response.status)
        except OSError as error:
            failures.append(repr(error))
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, failures


# --- slow loris ------------------------------------------------------------------------------

SLOW = 1000
HEADER_TIMEOUT_MS = 4000
# Longer than the test runs at one byte per second: the head never completes.
SLOW_HEAD = b"GET /health/live HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 200


class Loris:
    """SLOW connections that each send one more byte of a request head every
    second, and record when and what the server answers."""

    def __init__(self, port):
        self.sockets = []
        self.first_byte_at = {}
        self.received = {}
        self.answered_at = {}
        self.closed = set()
        self.selector = selectors.DefaultSelector()
        for _ in range(SLOW):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.setblocking(False)
            self.sockets.append(s)
            self.received[s] = b""
            self.selector.register(s, selectors.EVENT_READ)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        tick = 0
        while not self.stop.is_set() and tick < len(SLOW_HEAD) and len(self.closed) < len(self.sockets):
            next_tick = time.monotonic() + 1.0
            for s in self.sockets:
                if s in self.closed or self.received[s]:
                    continue  # the server answered: stop talking to it
                try:
                    s.send(SLOW_HEAD[tick:tick + 1])
                except OSError:
                    self.closed.add(s)
                    continue
                self.first_byte_at.setdefault(s, time.monotonic())
            tick += 1
            while (remaining := next_tick - time.monotonic()) > 0 and not self.stop.is_set():
                for key, _ in self.selector.select(timeout=remaining):
                    self.read(key.fileobj)

    def read(self, s):
        try:
            data = s.recv(65536)
        except BlockingIOError:
            return
        except ConnectionResetError:
            data = b""
        if data:
            self.answered_at.setdefault(s, time.monotonic())
            self.received[s] += data
        else:
            self.closed.add(s)
            self.selector.unregister(s)

    def close(self):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(10)
        for s in self.sockets:
            s.close()


def test_a_thousand_slow_loris_connections_do_not_hold_up_normal_requests_and_get_408(tmp_path):
    with open_files(SLOW + 4096):
        system = System(tmp_path, env={"HTTP_HEADER_TIMEOUT_MS": str(HEADER_TIMEOUT_MS)}).start()
        loris = None
        try:
            loris = Loris(system.port)
            loris.thread.start()
            assert wait_for(lambda: len(loris.first_byte_at) == SLOW, 5), len(loris.first_byte_at)
            load_started = time.monotonic()
            latencies, failures = normal_load(system.port, threads=4, requests=50)
            load_took = time.monotonic() - load_started
            # The normal load ran while every slow connection was open and
            # still unanswered (the header deadline had not come yet).
            assert not loris.answered_at and not loris.closed, (len(loris.answered_at), len(loris.closed))
            assert failures == []
            assert len(latencies) == 200
            assert max(latencies) < 2.0, f"slowest normal request took {max(latencies):.2f}s"
            print(f"\n{SLOW} slow-loris connections open: 200 normal requests in {load_took:.2f}s, "
                  f"slowest {max(latencies) * 1000:.1f} ms")

            # Every slow connection gets 408 at the header deadline, then EOF.
            assert wait_for(lambda: len(loris.closed) == SLOW, HEADER_TIMEOUT_MS / 1000 + 10, 0.2), \
                f"{len(loris.closed)} of {SLOW} closed; {len(loris.answered_at)} answered"
            loris.stop.set()
            loris.thread.join(10)
            waits = []
            for s in loris.sockets:
                data = loris.received[s]
                assert data.startswith(b"HTTP/1.1 408 "), data[:80]
                assert json.loads(data.split(b"\r\n\r\n", 1)[1]) == {"error": "Request timeout"}
                waits.append(loris.answered_at[s] - loris.first_byte_at[s])
            assert min(waits) >= HEADER_TIMEOUT_MS / 1000 - 0.1, min(waits)
            assert max(waits) < HEADER_TIMEOUT_MS / 1000 + 3.0, max(waits)
            assert system.request("GET", "/health").status == 200
        finally:
            if loris:
                loris.close()
            code = system.stop()
        assert code == 0, system.logs()


# --- ten thousand idle connections --------------------------------------------------------------

IDLE = 10_000
SPARE = 50


def test_ten_thousand_idle_connections_are_held_and_the_ones_beyond_the_limit_are_closed(tmp_path):
    with open_files(IDLE + 4096):
        # One gateway loop, so HTTP_MAX_CONNECTIONS (per loop) is exact.
        system = System(tmp_path, env={"GATEWAY_THREADS": "1", "HTTP_MAX_CONNECTIONS": str(IDLE + SPARE),
                                       "HTTP_IDLE_TIMEOUT_MS": "300000"}).start()
        idle, extra = [], []
        try:
            gateway = system.pid("api-gateway")
            rss_before = rss_mib(gateway)
            for _ in range(IDLE):
                idle.append(socket.create_connection(("127.0.0.1", system.port), timeout=10))
            # Every one accepted and held (polled: /proc/net/tcp may miss a
            # row that moves while it is read).
            assert wait_for(lambda: accepted_connections(gateway, system.port) == IDLE, 20), \
                accepted_connections(gateway, system.port)
            rss_held = rss_mib(gateway)
            print(f"\n{IDLE} idle connections held; gateway RSS {rss_before:.1f} -> {rss_held:.1f} MiB "
                  f"({(rss_held - rss_before) * 1024 / IDLE:.1f} KiB per connection)")

            # It still serves: new connections, and the idle ones themselves.
            started = time.monotonic()
            assert system.request("GET", "/health").status == 200
            assert time.monotonic() - started < 2.0
            for s in idle[::IDLE // 100]:
                s.settimeout(5)
                s.sendall(b"GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n")
                assert s.recv(4096).startswith(b"HTTP/1.1 200 OK\r\n")
            assert wait_for(lambda: accepted_connections(gateway, system.port) == IDLE, 5)

            # 2 × SPARE more: SPARE fit under HTTP_MAX_CONNECTIONS, the rest
            # are closed at once (EOF or reset, no response, no crash).
            for _ in range(2 * SPARE):
                extra.append(socket.create_connection(("127.0.0.1", system.port), timeout=10))
            time.sleep(1.0)
            states = [state_of(s) for s in extra]
            assert states.count("open") == SPARE, states
            assert states.count("closed") == SPARE, states
            assert system.pid("api-gateway") == gateway
            assert rss_held - rss_before < 256, "more than 26 KiB per idle connection"
        finally:
            for s in idle + extra:
                s.close()
            code = system.stop()
        assert code == 0, system.logs()
        assert "Too many open files" not in system.logs()


# --- out of descriptors in accept() --------------------------------------------------------------

FD_LIMIT = 128


def test_running_out_of_descriptors_pauses_accept_without_spinning_or_crashing(tmp_path):
    port = free_port()
    env = dict(os.environ, PORT=str(port), DATA_DIR=str(tmp_path / "data"), ADMIN_KEY="k" * 16,
               GATEWAY_THREADS="1", LOG_LEVEL="info")
    env.pop("NOTIFY_SOCKET", None)
    log = open(tmp_path / "gateway.log", "wb")

    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))

    with open_files(4096):
        gateway = subprocess.Popen([str(BIN_DIR / "api-gateway")], env=env, stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=low_limit)
        clients = []
        try:
            assert wait_for(lambda: curl("GET", f"http://127.0.0.1:{port}/health/live", timeout=1).status == 200, 20)
            # Three times the limit: the gateway takes what it can, the rest
            # wait in the listen backlog.
            for _ in range(3 * FD_LIMIT):
                clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            time.sleep(0.5)
            assert gateway.poll() is None
            used = len(os.listdir(f"/proc/{gateway.pid}/fd"))
            assert used >= FD_LIMIT - 2, used  # it really is at the limit

            cpu_before, wall_before = cpu_seconds(gateway.pid), time.monotonic()
            time.sleep(3.0)
            cpu = (cpu_seconds(gateway.pid) - cpu_before) / (time.monotonic() - wall_before)
            print(f"\nat RLIMIT_NOFILE={FD_LIMIT} with {3 * FD_LIMIT} clients: {used} descriptors, "
                  f"gateway CPU {cpu * 100:.1f}% of a core")
            assert cpu < 0.2, f"the gateway used {cpu * 100:.0f}% of a core while out of descriptors"

            # The connections it did accept are served meanwhile.
            first = clients[0]
            first.settimeout(5)
            first.sendall(b"GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n")
            assert first.recv(4096).startswith(b"HTTP/1.1 200 OK\r\n")
            assert gateway.poll() is None

            # Descriptors come back: connections that waited in the backlog
            # are taken and served.
            for s in clients[:FD_LIMIT]:
                s.close()
            waited = clients[FD_LIMIT + 10]
            waited.settimeout(10)
            waited.sendall(b"GET /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            assert waited.recv(4096).startswith(b"HTTP/1.1 200 OK\r\n")
            for s in clients[FD_LIMIT:]:
                s.close()
            clients = []
            assert wait_for(lambda: curl("GET", f"http://127.0.0.1:{port}/health/live", timeout=2).status == 200, 10)
        finally:
            for s in clients:
                s.close()
            gateway.send_signal(signal.SIGTERM)
            code = gateway.wait(15)
            log.close()
        output = (tmp_path / "gateway.log").read_text(errors="replace")
        assert code == 0, output[-3000:]
        assert "out of file descriptors" in output, output[-3000:]
