"""Findings of the gateway's security review, each pinned by a test:
pipelining depth, deadlines for closing connections, bounded allocation for
unauthenticated JSON, login throttling, method handling, key lengths."""
import json
import os
import socket
import subprocess
import threading
import time

import pytest

from gamenight import BIN_DIR, System, curl, free_port
from helpers import admin_key, admin_token
from test_live_websocket import OP_CLOSE, OP_PING, OP_TEXT, RawClient, frame_bytes

CLOSE_TIMEOUT_MS = 1000
WS_AUTH_TIMEOUT_MS = 1500


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hardening")
    system = System(workdir, env={"HTTP_CLOSE_TIMEOUT_MS": str(CLOSE_TIMEOUT_MS),
                                  "WS_AUTH_TIMEOUT_MS": str(WS_AUTH_TIMEOUT_MS),
                                  "LOG_LEVEL": "debug"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


def read_until_eof(sock, timeout):
    sock.settimeout(timeout)
    received = bytearray()
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            part = sock.recv(1 << 20)
        except socket.timeout:
            return bytes(received), False
        except ConnectionResetError:
            return bytes(received), True
        if not part:
            return bytes(received), True
        received += part
    return bytes(received), False


# --- pipelining ---------------------------------------------------------------------

def test_ten_thousand_pipelined_requests_in_one_write_are_all_answered(system):
    one = b"GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n"
    count = 10_000
    payload = one * (count - 1) + b"GET /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", system.port), timeout=30) as s:
        sender = threading.Thread(target=s.sendall, args=(payload,))
        sender.start()
        received, closed = read_until_eof(s, 30)
        sender.join()
    assert closed
    assert received.count(b"HTTP/1.1 200 OK\r\n") == count
    assert system.request("GET", "/health/live").status == 200
    assert system.proc.poll() is None
