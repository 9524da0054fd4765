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
from helpers import admin_key, admin_token, close_active
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


# --- every connection state has a deadline ----------------------------------------------

def test_a_closing_connection_whose_client_never_reads_is_dropped_after_the_close_timeout(system):
    # 64 pipelined requests for a 160 KB document, the last one closing:
    # ~10 MB of answers the client never reads.
    get = b"GET /api/openapi.json HTTP/1.1\r\nHost: t\r\n\r\n"
    payload = get * 63 + b"GET /api/openapi.json HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        s.connect(("127.0.0.1", system.port))
        s.sendall(payload)
        time.sleep(CLOSE_TIMEOUT_MS / 1000 + 2.0)
        received, closed = read_until_eof(s, 10)
    finally:
        s.close()
    assert closed
    assert received.count(b"HTTP/1.1 200 OK\r\n") < 64


def test_a_websocket_that_never_authenticates_is_closed(system):
    client = RawClient(system.port)
    try:
        client.upgrade()
        started = time.monotonic()
        frame = client.recv_frame(timeout=WS_AUTH_TIMEOUT_MS / 1000 + 5)
        while frame.opcode == OP_PING:
            frame = client.recv_frame(timeout=5)
        assert frame.opcode == OP_CLOSE and frame.close_code == 1008, frame
        assert b"Authentication timeout" in frame.payload
        assert time.monotonic() - started >= WS_AUTH_TIMEOUT_MS / 1000 - 0.3
    finally:
        client.close()


def test_an_authenticated_websocket_is_not_closed_by_the_auth_timeout(system):
    token = admin_token(system)
    client = RawClient(system.port)
    try:
        client.upgrade()
        assert client.ask({"type": "auth", "token": token})["type"] == "auth_success"
        time.sleep(WS_AUTH_TIMEOUT_MS / 1000 + 1)
        assert client.ask({"type": "ping"}) == {"type": "pong"}
    finally:
        client.close()


# --- bounded allocation before authentication ------------------------------------------

def test_a_login_body_over_4_kib_is_413(system):
    body = "[" + ",".join(["{}"] * 3000) + "]"
    r = system.request("POST", "/api/auth/login", body=body)
    assert r.status == 413, r
    assert r.json() == {"error": "Payload too large"}
    padded = json.dumps({"key": "x" * 4000})
    assert len(padded) <= 4096
    assert system.request("POST", "/api/auth/login", body=padded).status == 401


def test_an_unauthenticated_websocket_message_over_4_kib_closes_1009(system):
    client = RawClient(system.port)
    try:
        client.upgrade()
        client.sock.sendall(frame_bytes(OP_TEXT, "[" + ",".join(["{}"] * 3000) + "]"))
        frame = client.recv_frame(timeout=5)
        assert frame.opcode == OP_CLOSE and frame.close_code == 1009, frame
    finally:
        client.close()


def test_an_authenticated_websocket_may_send_larger_messages(system):
    token = admin_token(system)
    client = RawClient(system.port)
    try:
        client.upgrade()
        assert client.ask({"type": "auth", "token": token})["type"] == "auth_success"
        reply = client.ask({"type": "ping", "padding": "x" * 100_000})
        assert reply == {"type": "pong"}
    finally:
        client.close()


# --- methods ------------------------------------------------------------------------------

def test_a_known_path_with_another_method_is_405_with_allow(system):
    r = system.request("DELETE", "/health")
    assert r.status == 405, r
    assert r.json() == {"error": "Method not allowed"}
    assert r.headers["allow"] == "GET, HEAD, OPTIONS"
    r = system.request("PUT", "/api/sessions")
    assert r.status == 405
    assert r.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert system.request("GET", "/api/nothing-here").status == 404


# --- field lengths (every reply stays far below the RPC frame limit) -----------------------

GAME = {"pack_name": "Pack", "title": "Title", "min_players": 2, "max_players": 8}


@pytest.mark.parametrize("field, limit", [("title", 200), ("pack_name", 100), ("game_type", 100)])
def test_game_text_fields_have_a_length_limit(system, field, limit):
    token = admin_token(system)
    r = system.request("POST", "/api/games", token=token, body={**GAME, field: "é" * (limit + 1)})
    assert r.status == 400, r
    assert r.json() == {"error": f"{field} must be at most {limit} characters"}
    r = system.request("POST", "/api/games", token=token, body={**GAME, field: "é" * limit})
    assert r.status == 201, r
    game_id = r.json()["id"]
    r = system.request("PUT", f"/api/games/{game_id}", token=token, body={field: "x" * (limit + 1)})
    assert r.status == 400, r
    assert system.request("DELETE", f"/api/games/{game_id}", token=token).status == 200


def test_session_notes_have_a_length_limit(system):
    token = admin_token(system)
    close_active(system, token)
    r = system.request("POST", "/api/sessions", token=token, body={"notes": "n" * 10_001})
    assert r.status == 400, r
    assert r.json() == {"error": "notes must be at most 10000 characters"}
    r = system.request("POST", "/api/sessions", token=token, body={"notes": "n" * 10_000})
    assert r.status == 201, r
    session_id = r.json()["id"]
    r = system.request("POST", f"/api/sessions/{session_id}/close", token=token, body={"notes": "n" * 10_001})
    assert r.status == 400, r
    assert system.request("POST", f"/api/sessions/{session_id}/close", token=token, body={}).status == 200


# --- login throttling -----------------------------------------------------------------------

def test_failed_logins_are_throttled_per_address_and_logged(tmp_path):
    system = System(tmp_path, env={"LOGIN_MAX_FAILURES": "", "LOGIN_WINDOW_MS": "3000"}).start()
    try:
        key = admin_key(system)
        for attempt in range(10):
            r = system.request("POST", "/api/auth/login", body={"key": f"wrong-{attempt}"})
            assert r.status == 401, (attempt, r)
        r = system.request("POST", "/api/auth/login", body={"key": "wrong-again"})
        assert r.status == 429, r
        assert r.json() == {"error": "Too many failed login attempts; try again later"}
        assert 1 <= int(r.headers["retry-after"]) <= 3
        # The right key too: the address is throttled, not the key.
        assert system.request("POST", "/api/auth/login", body={"key": key}).status == 429
        time.sleep(3.2)
        assert system.request("POST", "/api/auth/login", body={"key": key}).status == 200
        assert "login failed" in system.logs()
        assert key not in system.logs()
    finally:
        assert system.stop() == 0


# --- keys and secrets --------------------------------------------------------------------------

def run_gateway(tmp_path, env):
    full = dict(os.environ, PORT=str(free_port()), DATA_DIR=str(tmp_path / "data"), **env)
    full.pop("NOTIFY_SOCKET", None)
    return subprocess.run([str(BIN_DIR / "api-gateway")], env=full, capture_output=True, timeout=20)


@pytest.mark.parametrize("env, variable", [({"ADMIN_KEY": "k" * 15}, "ADMIN_KEY"),
                                           ({"ADMIN_KEY": "k" * 16, "JWT_SECRET": "s" * 31}, "JWT_SECRET")])
def test_short_keys_and_secrets_are_refused_at_start(tmp_path, env, variable):
    done = run_gateway(tmp_path, env)
    assert done.returncode == 78, done
    output = (done.stdout + done.stderr).decode()
    assert variable in output and "at least" in output, output


def test_a_short_key_in_the_admin_config_is_refused_at_start(tmp_path):
    config = tmp_path / "admins.json"
    config.write_text(json.dumps([{"name": "Alice", "key": "a" * 20}, {"name": "Bob", "key": "short"}]))
    done = run_gateway(tmp_path, {"ADMIN_CONFIG_PATH": str(config)})
    assert done.returncode == 78, done
    assert "Bob" in (done.stdout + done.stderr).decode()


def test_the_generated_admin_key_is_never_written_to_the_log(system):
    key = admin_key(system)
    assert len(key) >= 16
    assert key not in system.log_path.read_text(errors="replace")


# --- bind address, data directory, sockets ---------------------------------------------------------

def test_host_default_and_choice(tmp_path):
    # 127.0.0.2 is loopback too, but not the default bind address.
    (tmp_path / "d").mkdir()
    (tmp_path / "c").mkdir()
    default = System(tmp_path / "d").start()
    try:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.2", default.port), timeout=2).close()
    finally:
        assert default.stop() == 0
    chosen = System(tmp_path / "c", env={"HOST": "127.0.0.2"})
    chosen.base = f"http://127.0.0.2:{chosen.port}"
    chosen.start()
    try:
        assert curl("GET", chosen.base + "/health/live").status == 200
    finally:
        assert chosen.stop() == 0


def test_a_loose_data_dir_is_tightened_to_0700(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    system = System(tmp_path).start()
    try:
        assert os.stat(data).st_mode & 0o777 == 0o700
    finally:
        assert system.stop() == 0


def test_no_socket_files_are_left_after_a_clean_stop(tmp_path):
    system = System(tmp_path).start()
    run_dir = system.data_dir / "run"
    assert any(p.suffix == ".sock" for p in run_dir.iterdir())
    assert system.stop() == 0
    assert [p.name for p in run_dir.iterdir() if p.suffix == ".sock"] == []
