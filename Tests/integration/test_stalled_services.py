"""A service that is alive but does not answer (SIGSTOPped): the gateway's
RPC connection to it is bounded (RPC_MAX_IN_FLIGHT, RPC_MAX_QUEUED_BYTES),
calls beyond the bound get a prompt 503, a call that reaches its deadline
(RPC_TIMEOUT_MS) answers 504 and frees its HTTP connection, and a reply that
comes after the deadline is dropped without harm."""
import json
import os
import signal
import socket
import threading
import time

import pytest

from gamenight import System
from helpers import admin_token

BUSY = {"error": "Service busy: session-service"}
TIMEOUT = {"error": "Upstream timeout: session-service"}


def gateway_memory(system, field):
    """VmRSS or VmHWM (peak) of the gateway process, in KiB."""
    for line in open(f"/proc/{system.pid('api-gateway')}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field}")


def read_response(sock, timeout, data=b""):
    """One HTTP/1.1 response as (status, parsed JSON body, bytes after it),
    starting with `data` already received; None when nothing complete
    arrives in time; ('eof', None, b'') when the server closed first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1")
            length = next((int(line.split(":", 1)[1]) for line in head.split("\r\n")
                           if line.lower().startswith("content-length:")), 0)
            if len(data) >= head_end + 4 + length:
                body = data[head_end + 4:head_end + 4 + length]
                return int(head.split()[1]), (json.loads(body) if body else None), data[head_end + 4 + length:]
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            part = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            return "eof", None, b""
        if not part:
            return "eof", None, b""
        data += part
    return None


def get(path, close=False):
    return (f"GET {path} HTTP/1.1\r\nHost: t\r\n" + ("Connection: close\r\n" if close else "") + "\r\n").encode()


class Stopped:
    """SIGSTOP a service for the `with` block; SIGCONT whatever happens."""

    def __init__(self, system, service):
        self.pid = system.pid(service)
        assert self.pid

    def __enter__(self):
        os.kill(self.pid, signal.SIGSTOP)
        return self

    def __exit__(self, *exc):
        os.kill(self.pid, signal.SIGCONT)


# --- a bounded queue per backend connection -------------------------------------------------

MAX_IN_FLIGHT = 16


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    # One gateway loop, so one RPC connection per backend and an exact bound;
    # a long deadline, so nothing in flight times out during a test.
    system = System(tmp_path_factory.mktemp("bounded"),
                    env={"GATEWAY_THREADS": "1", "RPC_MAX_IN_FLIGHT": str(MAX_IN_FLIGHT),
                         "RPC_MAX_QUEUED_BYTES": str(1 << 20), "RPC_TIMEOUT_MS": "30000"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


def test_calls_beyond_the_bound_to_a_stopped_service_get_a_prompt_503_and_flow_again_after_sigcont(bounded):
    system = bounded
    assert system.request("GET", "/api/sessions").status == 200
    fired = 40
    sockets = []
    try:
        with Stopped(system, "session-service"):
            started = time.monotonic()
            for _ in range(fired):
                s = socket.create_connection(("127.0.0.1", system.port), timeout=5)
                s.sendall(get("/api/sessions"))
                sockets.append(s)
            # Refusals are prompt: whatever is answered within a second of
            # sending (the deadline is 30 s) is in the sockets by now.
            time.sleep(1.0)
            window = time.monotonic() - started
            answered, waiting = [], []
            for s in sockets:
                response = read_response(s, timeout=0.05)
                if response is None:
                    waiting.append(s)
                else:
                    answered.append(response[:2])
            # Exactly the bound waits; every other call was refused.
            assert len(waiting) == MAX_IN_FLIGHT, (len(waiting), answered[:3])
            assert answered == [(503, BUSY)] * (fired - MAX_IN_FLIGHT), f"within {window:.2f}s"
            # Other services and the gateway's own routes are not affected.
            assert system.request("GET", "/health/live", timeout=3).status == 200
            assert system.request("GET", "/api/votes", timeout=3).status == 200
            assert system.request("GET", "/api/sessions", timeout=3).json() == BUSY
        # The service resumes: the calls that waited are answered, in full.
        for s in waiting:
            status, body, _ = read_response(s, timeout=10)
            assert status == 200 and isinstance(body, list), (status, body)
    finally:
        for s in sockets:
            s.close()
    results = []
    threads = [threading.Thread(target=lambda: results.append(system.request("GET", "/api/sessions").status))
               for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 40
    assert "session-service is not keeping up; refusing new calls" in system.logs()
    assert "session-service is keeping up again" in system.logs()


def test_large_requests_to_a_stopped_service_do_not_grow_the_gateway(bounded):
    """150 requests of 900 KB each (135 MB) to a stopped service: without a
    byte bound every one would wait in the gateway's send queue."""
    system = bounded
    token = admin_token(system)
    body = json.dumps({"pack_name": "P", "title": "t" * 900_000, "min_players": 2, "max_players": 8}).encode()
    request = (b"POST /api/games HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
               b"Authorization: Bearer " + token.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    peak_before = gateway_memory(system, "VmHWM")
    waiting, busy = [], 0
    with Stopped(system, "session-service"):
        for _ in range(150):
            s = socket.create_connection(("127.0.0.1", system.port), timeout=10)
            started = time.monotonic()
            s.sendall(request)
            response = read_response(s, timeout=0.5)
            if response is None:
                waiting.append(s)
                continue
            status, answer, _ = response
            assert (status, answer) == (503, BUSY)
            assert time.monotonic() - started < 2.0
            busy += 1
            s.close()
        peak_after = gateway_memory(system, "VmHWM")
    growth_mib = (peak_after - peak_before) / 1024
    print(f"stopped service, 150 x 900 KB: {len(waiting)} waiting, {busy} refused, "
          f"gateway peak RSS {peak_before / 1024:.1f} -> {peak_after / 1024:.1f} MiB")
    # The 1 MiB byte bound lets one or two through; the rest is refused.
    assert 1 <= len(waiting) <= 3, len(waiting)
    assert growth_mib < 40, f"gateway peak RSS grew {growth_mib:.1f} MiB"
    try:
        for s in waiting:
            status, answer, _ = read_response(s, timeout=15)
            assert (status, answer) == (400, {"error": "title must be at most 200 characters"})
    finally:
        for s in waiting:
            s.close()
    assert system.request("GET", "/api/sessions").status == 200


# --- the deadline answers and frees the HTTP connection -----------------------------------------

DEADLINE_MS = 1000
MAX_CONNECTIONS = 4


@pytest.fixture(scope="module")
def deadline(tmp_path_factory):
    system = System(tmp_path_factory.mktemp("deadline"),
                    env={"GATEWAY_THREADS": "1", "RPC_TIMEOUT_MS": str(DEADLINE_MS),
                         "HTTP_MAX_CONNECTIONS": str(MAX_CONNECTIONS)}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


def test_pipelined_requests_behind_a_call_that_times_out_are_answered_at_the_deadline(deadline):
    system = deadline
    with Stopped(system, "session-service"), \
            socket.create_connection(("127.0.0.1", system.port), timeout=10) as s:
        started = time.monotonic()
        s.sendall(get("/api/sessions") + get("/health/live") + get("/api/sessions/active")
                  + get("/health/live", close=True))
        responses, rest = [], b""
        for _ in range(4):
            status, body, rest = read_response(s, timeout=5, data=rest)
            responses.append((status, body, time.monotonic() - started))
        assert [(status, body) for status, body, _ in responses] == [
            (504, TIMEOUT), (200, {"status": "ok"}), (504, TIMEOUT), (200, {"status": "ok"})]
        # Nothing before the deadline (responses go out in request order)
        # and everything soon after it.
        first = responses[0][2]
        assert DEADLINE_MS / 1000 - 0.1 <= first < DEADLINE_MS / 1000 + 1.5, first
        assert responses[-1][2] - first < 0.5
        s.settimeout(5)
        assert s.recv(1) == b""  # Connection: close honoured


def test_connections_stuck_on_a_stopped_service_are_freed_at_the_deadline(deadline):
    system = deadline
    with Stopped(system, "session-service"):
        stuck = [socket.create_connection(("127.0.0.1", system.port), timeout=5) for _ in range(MAX_CONNECTIONS)]
        try:
            started = time.monotonic()
            for s in stuck:
                s.sendall(get("/api/sessions", close=True))
            time.sleep(0.2)
            # Every slot is taken: one more connection is closed at once,
            # without a response and without harm.
            with socket.create_connection(("127.0.0.1", system.port), timeout=5) as extra:
                extra.sendall(get("/health/live"))
                assert read_response(extra, timeout=DEADLINE_MS / 1000 / 2) == ("eof", None, b"")
            # At the deadline each stuck request is answered and its connection closed.
            for s in stuck:
                status, body, _ = read_response(s, timeout=5)
                assert (status, body) == (504, TIMEOUT)
                assert time.monotonic() - started < DEADLINE_MS / 1000 + 2
                s.settimeout(5)
                assert s.recv(1) == b""
        finally:
            for s in stuck:
                s.close()
        # The slots are free again while the service is still stopped.
        deadline_at = time.monotonic() + 3
        while True:
            r = system.request("GET", "/health/live", timeout=2)
            if r.status == 200 or time.monotonic() > deadline_at:
                break
            time.sleep(0.1)
        assert r.status == 200, r


def test_a_reply_after_the_deadline_is_dropped_and_the_connection_stays_correct(deadline):
    system = deadline
    gateway = system.pid("api-gateway")
    games = system.request("GET", "/api/games/1")
    assert games.status == 200
    with socket.create_connection(("127.0.0.1", system.port), timeout=10) as s:
        with Stopped(system, "session-service"):
            s.sendall(get("/api/sessions"))
            status, body, rest = read_response(s, timeout=5)
            assert (status, body) == (504, TIMEOUT)
        # The service wakes up and answers the call that timed out; the next
        # request on the same connection must get its own answer.
        time.sleep(0.3)
        s.sendall(get("/api/games/1"))
        status, body, _ = read_response(s, timeout=5, data=rest)
        assert status == 200 and body == games.json()
    assert system.pid("api-gateway") == gateway
    assert system.request("GET", "/api/sessions").status == 200
