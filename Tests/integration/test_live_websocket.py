"""The live WebSocket `GET /api/sessions/live` (platform-api.md, "WebSocket"),
black-box: the opening handshake (RFC 6455 §4.2.1), the JSON messages, which
API calls deliver which events to whom (sessions-api.txt), token expiry while
connected, the server's pings and idle timeout, a slow consumer, shutdown, and
a fan-out across the gateway's loop threads.

Two independent clients: the `websockets` library (asyncio API) and a raw
socket client (`RawClient` below, also used by test_live_protocol_errors.py)
that builds and parses frames itself."""
import asyncio
import base64
import contextlib
import hashlib
import http.client
import json
import os
import select
import socket
import struct
import time
import uuid

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from gamenight import System
from helpers import (ISO_MS, add_game_ok, admin_claims, admin_token, assert_recent, close_active, fresh_session,
                     is_int, jwt_secret, make_jwt, playable_game_ids)

LIVE = "/api/sessions/live"
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

AUTH_OK = {"type": "auth_success", "message": "Authenticated successfully"}
AUTH_INVALID = {"type": "auth_error", "message": "Invalid or expired token"}
AUTH_REQUIRED = {"type": "auth_error", "message": "Token required"}
NOT_AUTHENTICATED = {"type": "error", "message": "Not authenticated"}
UNKNOWN_TYPE = {"type": "error", "message": "Unknown message type"}
INVALID_FORMAT = {"type": "error", "message": "Invalid message format"}
SESSION_ID_REQUIRED = {"type": "error", "message": "sessionId is required"}
PONG = {"type": "pong"}

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


# --- the system ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """This module's own system: conftest's settings plus two gateway loop
    threads, so WebSocket connections spread over both whatever the core count."""
    workdir = tmp_path_factory.mktemp("live")
    system = System(workdir, env={"HTTP_IDLE_TIMEOUT_MS": "1500", "RPC_TIMEOUT_MS": "1500", "LOG_LEVEL": "debug",
                                  "GATEWAY_THREADS": "2"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


@pytest.fixture
def token(system):
    return admin_token(system)


def ws_url(system):
    return f"ws://127.0.0.1:{system.port}{LIVE}"


def run(coroutine, timeout=60):
    """Runs one test's asyncio body, bounded in time."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


def short_lived_token(system, seconds):
    """A token signed with the real secret whose exp is `seconds` (±1) ahead."""
    now = int(time.time())
    return make_jwt(jwt_secret(system), admin_claims(now, lifetime=seconds)), now + seconds


# --- the websockets client -------------------------------------------------------------

async def open_ws(system, token=None, subscribe=(), **options):
    """A `websockets` client that sends no pings of its own (it still answers
    the server's), optionally authenticated and subscribed."""
    options = {"open_timeout": 5, "close_timeout": 2, "ping_interval": None, "proxy": None, **options}
    ws = await connect(ws_url(system), **options)
    if token is not None:
        await send_json(ws, {"type": "auth", "token": token})
        assert await recv_json(ws) == AUTH_OK
    for session_id in subscribe:
        await send_json(ws, {"type": "subscribe", "sessionId": session_id})
        assert await recv_json(ws) == subscribed(session_id)
    return ws


async def send_json(ws, message):
    await ws.send(message if isinstance(message, str) else json.dumps(message))


async def recv_json(ws, timeout=5.0):
    text = await asyncio.wait_for(ws.recv(), timeout)
    assert isinstance(text, str), f"expected a text message, got {text!r}"
    return json.loads(text)


async def ask(ws, message, timeout=5.0):
    await send_json(ws, message)
    return await recv_json(ws, timeout)


async def silence(ws, seconds=0.6):
    """Asserts that nothing arrives on `ws` for `seconds`."""
    try:
        text = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"expected nothing, received {text!r}")


async def collect(ws, seconds):
    """Every message that arrives within `seconds`."""
    messages, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            messages.append(json.loads(await asyncio.wait_for(ws.recv(), left)))
        except asyncio.TimeoutError:
            break
    return messages


async def api(system, method, path, body=None, token=None):
    """An API call from a worker thread, so the clients' loop keeps running."""
    return await asyncio.to_thread(system.request, method, path, body, None, token)


def subscribed(session_id):
    return {"type": "subscribed", "sessionId": session_id, "message": f"Subscribed to session {session_id}"}


def assert_event(message, event_type):
    assert list(message) == ["type", "timestamp", "data"], message
    assert message["type"] == event_type, message
    assert ISO_MS.match(message["timestamp"]), message
    assert_recent(message["timestamp"], slack=60)
    return message["data"]


@contextlib.asynccontextmanager
async def clients():
    """Closes every client opened through `opened(...)` when the test ends."""
    opened = []

    async def track(ws):
        opened.append(ws)
        return ws
    try:
        yield track
    finally:
        await asyncio.gather(*(ws.close() for ws in opened), return_exceptions=True)


# --- the raw client ----------------------------------------------------------------------

def accept_for(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def new_key():
    return base64.b64encode(os.urandom(16)).decode()


def handshake_bytes(port, method="GET", path=LIVE, key=None, headers=None, drop=()):
    """An opening handshake; `headers` overrides or adds, `drop` removes."""
    fields = {"Host": f"127.0.0.1:{port}", "Upgrade": "websocket", "Connection": "Upgrade",
              "Sec-WebSocket-Key": key or new_key(), "Sec-WebSocket-Version": "13"}
    fields.update(headers or {})
    for name in drop:
        fields.pop(name, None)
    if method != "GET":
        fields.setdefault("Content-Length", "0")
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    return head.encode("latin-1")


def mask_payload(payload, key):
    if not payload:
        return b""
    repeated = (key * (len(payload) // 4 + 1))[:len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(len(payload), "big")


def frame_bytes(opcode, payload=b"", fin=True, masked=True, rsv=0, length=None):
    """One client frame. `length` overrides the declared payload length."""
    if isinstance(payload, str):
        payload = payload.encode()
    length = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    mask_bit = 0x80 if masked else 0
    if length < 126:
        head += bytes([mask_bit | length])
    elif length < 65536:
        head += bytes([mask_bit | 126]) + struct.pack(">H", length)
    else:
        head += bytes([mask_bit | 127]) + struct.pack(">Q", length)
    if not masked:
        return head + payload
    key = os.urandom(4)
    return head + key + mask_payload(payload, key)


def close_payload(code, reason=b""):
    return struct.pack(">H", code) + reason


class Frame:
    def __init__(self, fin, rsv, opcode, payload):
        self.fin, self.rsv, self.opcode, self.payload = fin, rsv, opcode, payload

    @property
    def close_code(self):
        assert self.opcode == OP_CLOSE, self
        return struct.unpack(">H", self.payload[:2])[0] if len(self.payload) >= 2 else None

    def json(self):
        assert self.opcode == OP_TEXT, self
        return json.loads(self.payload.decode("utf-8"))

    def __repr__(self):
        return f"Frame(fin={self.fin}, rsv={self.rsv}, opcode={self.opcode:#x}, payload={self.payload[:120]!r})"


def parse_frame(data):
    """(Frame, rest) for the first server frame in `data`, or (None, data)
    when it is incomplete. Server frames are never masked."""
    if len(data) < 2:
        return None, data
    first, second = data[0], data[1]
    assert not second & 0x80, f"server frame is masked: {data[:16]!r}"
    length, offset = second & 0x7F, 2
    if length == 126:
        if len(data) < 4:
            return None, data
        length, offset = struct.unpack(">H", data[2:4])[0], 4
    elif length == 127:
        if len(data) < 10:
            return None, data
        length, offset = struct.unpack(">Q", data[2:10])[0], 10
    if len(data) < offset + length:
        return None, data
    frame = Frame(bool(first & 0x80), (first >> 4) & 7, first & 0x0F, data[offset:offset + length])
    return frame, data[offset + length:]


def parse_http_head(data):
    """(status, headers lower-case name -> value, body bytes after the head)."""
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


class RawClient:
    """A WebSocket client over a plain socket: the test decides every bit."""

    def __init__(self, port, rcvbuf=None, maxseg=None, timeout=5.0):
        self.port = port
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if maxseg:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, maxseg)
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        self.buffer = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.close()

    # HTTP

    def request(self, data, timeout=5.0):
        """Sends a handshake request; returns (status, headers, body) with the
        body read up to Content-Length (101: nothing beyond the head)."""
        self.sock.sendall(data)
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer:
            self._fill(deadline)
        status, headers, rest = parse_http_head(self.buffer)
        length = int(headers.get("content-length", "0")) if status != 101 else 0
        while len(rest) < length:
            self._fill(deadline)
            status, headers, rest = parse_http_head(self.buffer)
        self.buffer = rest[length:]
        return status, headers, rest[:length]

    def upgrade(self, key=None):
        key = key or new_key()
        status, headers, _ = self.request(handshake_bytes(self.port, key=key))
        assert status == 101, (status, headers)
        assert headers.get("sec-websocket-accept") == accept_for(key), headers
        return headers

    # frames

    def send(self, data):
        self.sock.sendall(data)

    def send_frame(self, opcode, payload=b"", **options):
        self.sock.sendall(frame_bytes(opcode, payload, **options))

    def send_json(self, message):
        self.send_frame(OP_TEXT, json.dumps(message))

    def send_until_answered(self, data, chunk=65536):
        """Sends `data` in chunks but stops as soon as the server says
        something (e.g. closes early on an oversized frame) or resets."""
        for start in range(0, len(data), chunk):
            readable, _, _ = select.select([self.sock], [], [], 0)
            if readable or self.buffer:
                return False
            try:
                self.sock.sendall(data[start:start + chunk])
            except (BrokenPipeError, ConnectionResetError):
                return False
        return True

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"nothing more from the server; buffered {self.buffer[:200]!r}")
        self.sock.settimeout(left)
        try:
            part = self.sock.recv(1 << 20)
        except socket.timeout:
            raise TimeoutError(f"nothing more from the server; buffered {self.buffer[:200]!r}") from None
        if not part:
            raise EOFError(f"server closed the connection; buffered {self.buffer[:200]!r}")
        self.buffer += part

    def recv_frame(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            frame, rest = parse_frame(self.buffer)
            if frame is not None:
                self.buffer = rest
                return frame
            self._fill(deadline)

    def recv_json(self, timeout=5.0, answer_pings=True):
        """The next text message, skipping (and answering) pings."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.recv_frame(max(0.01, deadline - time.monotonic()))
            if frame.opcode == OP_PING:
                if answer_pings:
                    self.send_frame(OP_PONG, frame.payload)
                continue
            if frame.opcode == OP_PONG:
                continue
            assert frame.opcode == OP_TEXT and frame.fin, frame
            return frame.json()

    def ask(self, message, timeout=5.0):
        if isinstance(message, (bytes, str)):
            self.send_frame(OP_TEXT, message)
        else:
            self.send_json(message)
        return self.recv_json(timeout)

    def expect_close(self, timeout=5.0):
        """The server's close frame (frames before it are skipped); returns
        its code (None when it has no payload)."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            try:
                frame = self.recv_frame(max(0.01, deadline - time.monotonic()))
            except (EOFError, ConnectionResetError) as error:
                raise AssertionError(f"connection ended without a close frame ({error!r}); before: {seen}") from None
            if frame.opcode == OP_CLOSE:
                return frame.close_code
            seen.append(frame)

    def expect_eof(self, timeout=5.0):
        """Asserts that the server closes the TCP connection within `timeout`
        (anything it still sends is discarded)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._fill(deadline)
            except (EOFError, ConnectionResetError):
                return
            except TimeoutError:
                raise AssertionError(f"server kept the TCP connection open for {timeout}s") from None

    def is_open(self):
        """True when the server has neither closed nor reset the connection
        (and sent nothing but pings)."""
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
            if not readable:
                return True
            part = self.sock.recv(65536, socket.MSG_PEEK)
            return bool(part)
        except OSError:
            return False


def raw_client(system, token=None, subscribe=(), **options):
    client = RawClient(system.port, **options)
    client.upgrade()
    if token is not None:
        assert client.ask({"type": "auth", "token": token}) == AUTH_OK
    for session_id in subscribe:
        assert client.ask({"type": "subscribe", "sessionId": session_id}) == subscribed(session_id)
    return client


# --- the opening handshake ---------------------------------------------------------------

def test_handshake_switches_protocols_with_the_rfc_accept_value(system):
    key = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 §1.3's example
    with RawClient(system.port) as client:
        status, headers, body = client.request(handshake_bytes(system.port, key=key))
        assert status == 101, (status, headers, body)
        assert headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        assert headers["upgrade"].lower() == "websocket"
        assert "upgrade" in [t.strip().lower() for t in headers["connection"].split(",")]
        assert "sec-websocket-extensions" not in headers  # none are supported, none may be agreed
        assert "sec-websocket-protocol" not in headers  # none was asked for
        assert client.ask({"type": "ping"}) == PONG


@pytest.mark.parametrize("headers", [
    {"Upgrade": "WebSocket"},
    {"Connection": "keep-alive, Upgrade"},
    {"Connection": "upgrade"},
    {"Origin": "http://example.com"},
    {"Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits"},
], ids=["upgrade-case", "connection-token-list", "connection-case", "origin", "extension-offer"])
def test_handshake_accepts_what_rfc_6455_allows(system, headers):
    key = new_key()
    with RawClient(system.port) as client:
        status, got, _ = client.request(handshake_bytes(system.port, key=key, headers=headers))
        assert status == 101, (status, got)
        assert got["sec-websocket-accept"] == accept_for(key)
        assert "sec-websocket-extensions" not in got
        assert client.ask({"type": "ping"}) == PONG


BAD_HANDSHAKES = {
    "no-upgrade": dict(drop=["Upgrade"]),
    "upgrade-not-websocket": dict(headers={"Upgrade": "h2c"}),
    "no-connection-upgrade": dict(headers={"Connection": "keep-alive"}),
    "no-connection": dict(drop=["Connection"]),
    "no-key": dict(drop=["Sec-WebSocket-Key"]),
    "empty-key": dict(headers={"Sec-WebSocket-Key": ""}),
    "key-not-base64": dict(headers={"Sec-WebSocket-Key": "not base64 at all!!"}),
    "key-15-bytes": dict(headers={"Sec-WebSocket-Key": base64.b64encode(b"x" * 15).decode()}),
    "key-17-bytes": dict(headers={"Sec-WebSocket-Key": base64.b64encode(b"x" * 17).decode()}),
    "post": dict(method="POST"),
    "plain-get": dict(drop=["Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]),
}


@pytest.mark.parametrize("case", list(BAD_HANDSHAKES), ids=list(BAD_HANDSHAKES))
def test_bad_handshake_is_400_with_a_json_error(system, case):
    with RawClient(system.port) as client:
        status, headers, body = client.request(handshake_bytes(system.port, **BAD_HANDSHAKES[case]))
    assert status == 400, (status, headers, body)
    assert headers.get("content-type", "").startswith("application/json"), headers
    error = json.loads(body)
    assert list(error) == ["error"] and isinstance(error["error"], str) and error["error"], error
    assert "sec-websocket-accept" not in headers


@pytest.mark.parametrize("version", [None, "8", "12", "14", "", "thirteen"], ids=lambda v: f"version-{v}")
def test_missing_or_wrong_version_is_426_naming_version_13(system, version):
    options = dict(drop=["Sec-WebSocket-Version"]) if version is None else \
        dict(headers={"Sec-WebSocket-Version": version})
    with RawClient(system.port) as client:
        status, headers, body = client.request(handshake_bytes(system.port, **options))
    assert status == 426, (status, headers, body)
    assert headers.get("sec-websocket-version") == "13", headers
    assert "sec-websocket-accept" not in headers


def test_other_routes_still_answer_on_the_same_port(system):
    # The upgrade route must not disturb plain HTTP on the gateway.
    assert system.request("GET", "/health/live").status == 200
    assert system.request("GET", LIVE + "/nothing").status == 404


# --- messages before and during authentication -------------------------------------------

def test_ping_works_before_auth(system):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            assert await ask(ws, {"type": "ping"}) == PONG
            assert await ask(ws, {"type": "ping"}) == PONG
    run(main())


@pytest.mark.parametrize("message", [
    {"type": "subscribe", "sessionId": 1},
    {"type": "unsubscribe", "sessionId": 1},
    {"type": "subscribe"},
    {"type": "nonsense"},
], ids=["subscribe", "unsubscribe", "subscribe-without-id", "unknown-type"])
def test_anything_but_auth_and_ping_before_auth_is_not_authenticated(system, message):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            assert await ask(ws, message) == NOT_AUTHENTICATED
            assert await ask(ws, {"type": "ping"}) == PONG  # the connection stays usable
    run(main())


def test_auth_with_the_login_token_succeeds(system, token):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            reply = await ask(ws, {"type": "auth", "token": token})
            assert reply == AUTH_OK and list(reply) == ["type", "message"]
            assert await ask(ws, {"type": "subscribe", "sessionId": 7}) == subscribed(7)
    run(main())


def test_auth_with_a_hand_made_token_signed_with_the_real_secret_succeeds(system):
    good = make_jwt(jwt_secret(system), admin_claims(name="Hand Made"))
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            assert await ask(ws, {"type": "auth", "token": good}) == AUTH_OK
    run(main())


def bad_tokens(system):
    secret, now = jwt_secret(system), int(time.time())
    good = make_jwt(secret, admin_claims(now))
    header, payload, signature = good.split(".")
    return {
        "garbage": "not-a-jwt",
        "three-garbage-parts": "a.b.c",
        "forged": make_jwt(b"not the secret", admin_claims(now)),
        "expired": make_jwt(secret, admin_claims(now - 7200, lifetime=3600)),
        "alg-none": make_jwt(secret, admin_claims(now), header={"alg": "none", "typ": "JWT"}, signature=""),
        "hs512": make_jwt(secret, admin_claims(now), alg="HS512"),
        "tampered-payload": header + "." + payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature,
        "bad-signature": header + "." + payload + "." + signature[::-1],
        "bearer-prefix": "Bearer " + good,
    }


BAD_TOKEN_IDS = ["garbage", "three-garbage-parts", "forged", "expired", "alg-none", "hs512", "tampered-payload",
                 "bad-signature", "bearer-prefix"]


@pytest.mark.parametrize("case", BAD_TOKEN_IDS)
def test_auth_with_a_bad_token_is_invalid_or_expired_and_stays_unauthenticated(system, case):
    bad = bad_tokens(system)[case]
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            assert await ask(ws, {"type": "auth", "token": bad}) == AUTH_INVALID
            assert await ask(ws, {"type": "subscribe", "sessionId": 1}) == NOT_AUTHENTICATED
    run(main())


@pytest.mark.parametrize("message", [{"type": "auth"}, {"type": "auth", "token": ""}, {"type": "auth", "token": None}],
                         ids=["missing", "empty", "null"])
def test_auth_without_a_token_is_token_required(system, message):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            assert await ask(ws, message) == AUTH_REQUIRED
            assert await ask(ws, {"type": "subscribe", "sessionId": 1}) == NOT_AUTHENTICATED
    run(main())


def test_a_failed_auth_can_be_followed_by_a_good_one(system, token):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            assert await ask(ws, {"type": "auth", "token": "nope"}) == AUTH_INVALID
            assert await ask(ws, {"type": "auth", "token": token}) == AUTH_OK
            assert await ask(ws, {"type": "subscribe", "sessionId": 3}) == subscribed(3)
    run(main())


# --- messages after authentication -------------------------------------------------------

def test_subscribe_and_unsubscribe_replies(system, token):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token))
            reply = await ask(ws, {"type": "subscribe", "sessionId": 42})
            assert reply == subscribed(42) and list(reply) == ["type", "sessionId", "message"]
            assert is_int(reply["sessionId"])
            reply = await ask(ws, {"type": "unsubscribe", "sessionId": 42})
            assert reply == {"type": "unsubscribed", "sessionId": 42} and list(reply) == ["type", "sessionId"]
            assert await ask(ws, {"type": "ping"}) == PONG
    run(main())


@pytest.mark.parametrize("kind", ["subscribe", "unsubscribe"])
@pytest.mark.parametrize("session_id", ["absent", None, 0, -3, 1.5, "abc", "", True, [1], {"id": 1}],
                         ids=["absent", "null", "zero", "negative", "fraction", "word", "empty", "true", "list",
                              "object"])
def test_subscribe_without_a_valid_positive_session_id_is_an_error(system, token, kind, session_id):
    message = {"type": kind} if session_id == "absent" else {"type": kind, "sessionId": session_id}
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token))
            assert await ask(ws, message) == SESSION_ID_REQUIRED
            assert await ask(ws, {"type": "ping"}) == PONG
    run(main())


@pytest.mark.parametrize("message", [{"type": "hello"}, {"type": "PING"}, {"type": "session.started"},
                                     {"type": "auth_success"}])
def test_unknown_type_after_auth_is_unknown_message_type(system, token, message):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token))
            assert await ask(ws, message) == UNKNOWN_TYPE
    run(main())


@pytest.mark.parametrize("text", ["hello", "{", '{"type":"ping"', "[]", '[{"type":"ping"}]', "42", '"ping"', "null",
                                  "true", "", '{"type":"ping"} x'])
def test_a_message_that_is_not_a_json_object_is_invalid_message_format(system, token, text):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token))
            assert await ask(ws, text) == INVALID_FORMAT
            assert await ask(ws, {"type": "ping"}) == PONG  # still connected
    run(main())


def test_replies_come_in_order_for_pipelined_messages(system, token):
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system))
            batch = [{"type": "ping"}, {"type": "auth", "token": token}] + \
                [{"type": "subscribe", "sessionId": n} for n in range(1, 21)] + [{"type": "bogus"}, "x"]
            for message in batch:
                await send_json(ws, message)
            replies = [await recv_json(ws) for _ in batch]
            assert replies == [PONG, AUTH_OK] + [subscribed(n) for n in range(1, 21)] + [UNKNOWN_TYPE,
                                                                                          INVALID_FORMAT]
    run(main())


# --- events --------------------------------------------------------------------------------

def test_session_started_reaches_every_authenticated_client_and_no_other(system, token):
    close_active(system, token)
    async def main():
        async with clients() as opened:
            plain = await opened(await open_ws(system, token))
            elsewhere = await opened(await open_ws(system, token, subscribe=[987654]))
            anonymous = await opened(await open_ws(system))
            refused = await opened(await open_ws(system))
            assert await ask(refused, {"type": "auth", "token": "bad"}) == AUTH_INVALID
            r = await api(system, "POST", "/api/sessions", {"notes": "live: started"}, token)
            assert r.status == 201, r
            created = r.json()
            for ws in (plain, elsewhere):
                data = assert_event(await recv_json(ws), "session.started")
                assert data == {"session": {"id": created["id"], "is_active": 1, "created_at": created["created_at"],
                                            "notes": "live: started"}}
                assert list(data["session"]) == ["id", "is_active", "created_at", "notes"]
                assert is_int(data["session"]["is_active"])
            for ws in (plain, elsewhere, anonymous, refused):
                await silence(ws, 0.5)
            assert await ask(anonymous, {"type": "ping"}) == PONG
    run(main())


def test_session_started_with_null_notes(system, token):
    close_active(system, token)
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token))
            r = await api(system, "POST", "/api/sessions", {}, token)
            assert r.status == 201, r
            data = assert_event(await recv_json(ws), "session.started")
            assert data["session"]["notes"] is None and data["session"]["id"] == r.json()["id"]
    run(main())


def test_game_added_reaches_subscribers_only(system, token):
    session = fresh_session(system, token, notes="live: game added")
    game_ids = playable_game_ids(system, 2)
    async def main():
        async with clients() as opened:
            subscriber = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            other = await opened(await open_ws(system, token, subscribe=[session["id"] + 1000]))
            unsubscribed = await opened(await open_ws(system, token))
            anonymous = await opened(await open_ws(system))
            rows = []
            for number, (game_id, manual) in enumerate([(game_ids[0], False), (game_ids[1], True)], start=1):
                r = await api(system, "POST", f"/api/sessions/{session['id']}/games",
                              {"game_id": game_id, "manually_added": manual}, token)
                assert r.status == 201, r
                row = r.json()
                rows.append(row)
                data = assert_event(await recv_json(subscriber), "game.added")
                assert list(data) == ["session", "game"]
                assert data["session"] == {"id": session["id"], "is_active": True, "games_played": number}
                assert list(data["session"]) == ["id", "is_active", "games_played"]
                assert data["session"]["is_active"] is True
                game = data["game"]
                assert list(game) == ["id", "session_game_id", "title", "pack_name", "min_players", "max_players",
                                      "manually_added", "room_code"]
                assert game["id"] == game_id == row["game_id"]
                assert game["session_game_id"] == row["id"]
                for key in ["title", "pack_name", "min_players", "max_players"]:
                    assert game[key] == row[key], key
                assert game["manually_added"] in ((True, 1) if manual else (False, 0)), game
                assert game["room_code"] is None
            for ws in (subscriber, other, unsubscribed, anonymous):
                await silence(ws, 0.5)
    run(main())


def test_game_added_with_a_room_code_carries_it(system, token):
    session = fresh_session(system, token, notes="live: room code")
    game_id = playable_game_ids(system, 1)[0]
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            r = await api(system, "POST", f"/api/sessions/{session['id']}/games",
                          {"game_id": game_id, "room_code": "QZ42"}, token)
            assert r.status == 201, r
            # The monitor that the room code starts may add room.* events later.
            data = assert_event(await recv_json(ws), "game.added")
            assert data["game"]["room_code"] == "QZ42" and data["game"]["session_game_id"] == r.json()["id"]
    run(main())
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200


def test_player_count_updated_reaches_subscribers_only(system, token):
    session = fresh_session(system, token, notes="live: player count")
    row = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    async def main():
        async with clients() as opened:
            subscriber = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            unsubscribed = await opened(await open_ws(system, token))
            anonymous = await opened(await open_ws(system))
            for count in (6, 0, 11):
                r = await api(system, "PATCH", f"/api/sessions/{session['id']}/games/{row['id']}/player-count",
                              {"player_count": count}, token)
                assert r.status == 200, r
                data = assert_event(await recv_json(subscriber), "player-count.updated")
                assert data == {"sessionId": session["id"], "gameId": row["id"], "playerCount": count,
                                "status": "completed"}
                assert list(data) == ["sessionId", "gameId", "playerCount", "status"]
            r = await api(system, "PATCH", f"/api/sessions/{session['id']}/games/{row['id']}/player-count",
                          {"player_count": -1}, token)
            assert r.status == 400, r  # a refused update broadcasts nothing
            for ws in (subscriber, unsubscribed, anonymous):
                await silence(ws, 0.5)
    run(main())


def test_session_ended_reaches_subscribers_only(system, token):
    session = fresh_session(system, token, notes="live: ended")
    for game_id in playable_game_ids(system, 3):
        add_game_ok(system, token, session["id"], game_id)
    async def main():
        async with clients() as opened:
            subscriber = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            unsubscribed = await opened(await open_ws(system, token))
            anonymous = await opened(await open_ws(system))
            r = await api(system, "POST", f"/api/sessions/{session['id']}/close", {}, token)
            assert r.status == 200, r
            data = assert_event(await recv_json(subscriber), "session.ended")
            assert data == {"session": {"id": session["id"], "is_active": 0, "games_played": 3}}
            assert list(data["session"]) == ["id", "is_active", "games_played"]
            assert is_int(data["session"]["is_active"])
            r = await api(system, "POST", f"/api/sessions/{session['id']}/close", {}, token)
            assert r.status == 400, r  # already closed: no second event
            for ws in (subscriber, unsubscribed, anonymous):
                await silence(ws, 0.5)
    run(main())


def test_unsubscribed_clients_stop_getting_the_session_events(system, token):
    session = fresh_session(system, token, notes="live: unsubscribe")
    row = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    path = f"/api/sessions/{session['id']}/games/{row['id']}/player-count"
    async def main():
        async with clients() as opened:
            leaving = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            staying = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            assert (await api(system, "PATCH", path, {"player_count": 4}, token)).status == 200
            for ws in (leaving, staying):
                assert assert_event(await recv_json(ws), "player-count.updated")["playerCount"] == 4
            assert await ask(leaving, {"type": "unsubscribe", "sessionId": session["id"]}) == \
                {"type": "unsubscribed", "sessionId": session["id"]}
            assert (await api(system, "PATCH", path, {"player_count": 5}, token)).status == 200
            assert assert_event(await recv_json(staying), "player-count.updated")["playerCount"] == 5
            await silence(leaving, 0.6)
            # Still authenticated: session.started still arrives.
            assert (await api(system, "POST", f"/api/sessions/{session['id']}/close", {}, token)).status == 200
            assert assert_event(await recv_json(staying), "session.ended")["session"]["id"] == session["id"]
            r = await api(system, "POST", "/api/sessions", {"notes": "live: after unsubscribe"}, token)
            assert r.status == 201, r
            for ws in (leaving, staying):
                assert assert_event(await recv_json(ws), "session.started")["session"]["id"] == r.json()["id"]
            await silence(leaving, 0.3)
    run(main())


def test_subscriptions_are_per_session(system, token):
    first = fresh_session(system, token, notes="live: A")
    game_ids = playable_game_ids(system, 2)
    row_a = add_game_ok(system, token, first["id"], game_ids[0])
    assert system.request("POST", f"/api/sessions/{first['id']}/close", token=token).status == 200
    second = fresh_session(system, token, notes="live: B")
    async def main():
        async with clients() as opened:
            only_a = await opened(await open_ws(system, token, subscribe=[first["id"]]))
            only_b = await opened(await open_ws(system, token, subscribe=[second["id"]]))
            both = await opened(await open_ws(system, token, subscribe=[first["id"], second["id"]]))
            r = await api(system, "POST", f"/api/sessions/{second['id']}/games", {"game_id": game_ids[1]}, token)
            assert r.status == 201, r
            for ws in (only_b, both):
                assert assert_event(await recv_json(ws), "game.added")["session"]["id"] == second["id"]
            r = await api(system, "PATCH", f"/api/sessions/{first['id']}/games/{row_a['id']}/player-count",
                          {"player_count": 9}, token)
            assert r.status == 200, r
            for ws in (only_a, both):
                data = assert_event(await recv_json(ws), "player-count.updated")
                assert data["sessionId"] == first["id"] and data["gameId"] == row_a["id"]
            for ws in (only_a, only_b, both):
                await silence(ws, 0.5)
    run(main())


def test_subscribing_twice_delivers_each_event_once(system, token):
    session = fresh_session(system, token, notes="live: twice")
    game_id = playable_game_ids(system, 1)[0]
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token, subscribe=[session["id"], session["id"]]))
            assert (await api(system, "POST", f"/api/sessions/{session['id']}/games", {"game_id": game_id},
                              token)).status == 201
            assert_event(await recv_json(ws), "game.added")
            await silence(ws, 0.6)
    run(main())


def test_events_follow_the_order_of_the_api_calls(system, token):
    session = fresh_session(system, token, notes="live: order")
    row = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    path = f"/api/sessions/{session['id']}/games/{row['id']}/player-count"
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            for count in range(1, 21):
                assert (await api(system, "PATCH", path, {"player_count": count}, token)).status == 200
            counts = [assert_event(await recv_json(ws), "player-count.updated")["playerCount"] for _ in range(20)]
            assert counts == list(range(1, 21))
    run(main())


def test_raw_client_gets_events_as_single_unmasked_text_frames(system, token):
    session = fresh_session(system, token, notes="live: raw")
    row = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    with raw_client(system, token, subscribe=[session["id"]]) as client:
        r = system.request("PATCH", f"/api/sessions/{session['id']}/games/{row['id']}/player-count",
                           body={"player_count": 3}, token=token)
        assert r.status == 200, r
        frame = client.recv_frame()
        assert frame.opcode == OP_TEXT and frame.fin and frame.rsv == 0, frame
        assert assert_event(frame.json(), "player-count.updated")["playerCount"] == 3


# --- a token that expires while connected ------------------------------------------------

def test_a_token_that_expires_while_connected_stops_the_events(system, token):
    session = fresh_session(system, token, notes="live: expiry")
    row = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    path = f"/api/sessions/{session['id']}/games/{row['id']}/player-count"
    short, expires = short_lived_token(system, 3)
    async def main():
        async with clients() as opened:
            expiring = await opened(await open_ws(system, short, subscribe=[session["id"]]))
            control = await opened(await open_ws(system, token, subscribe=[session["id"]]))
            # While valid, events arrive.
            assert (await api(system, "PATCH", path, {"player_count": 1}, token)).status == 200
            for ws in (expiring, control):
                assert assert_event(await recv_json(ws), "player-count.updated")["playerCount"] == 1
            await asyncio.sleep(max(0.0, expires + 1.2 - time.time()))
            assert (await api(system, "PATCH", path, {"player_count": 2}, token)).status == 200
            assert (await api(system, "POST", f"/api/sessions/{session['id']}/games",
                              {"game_id": row["game_id"]}, token)).status == 201
            assert (await api(system, "POST", f"/api/sessions/{session['id']}/close", {}, token)).status == 200
            assert (await api(system, "POST", "/api/sessions", {"notes": "live: after expiry"}, token)).status == 201
            kinds = [m["type"] for m in await collect(control, 1.5)]
            assert kinds == ["player-count.updated", "game.added", "session.ended", "session.started"], kinds
            assert await collect(expiring, 1.0) == [AUTH_INVALID]
    run(main())


# --- idle timeout and the server's pings ------------------------------------------------------

def test_default_idle_timeout_is_not_the_http_keep_alive_one(system):
    # This system closes idle HTTP keep-alive connections after 1.5 s; a live
    # socket's own timeout is 60 s by default (and pings come at half of it).
    with raw_client(system) as client:
        time.sleep(3.5)
        assert client.is_open()
        assert client.ask({"type": "ping"}) == PONG


@pytest.fixture(scope="module")
def idle_system(tmp_path_factory):
    """A system whose live sockets time out after 1.5 s of silence."""
    system = System(tmp_path_factory.mktemp("idle"), env={"WS_IDLE_TIMEOUT_MS": "1500", "LOG_LEVEL": "debug",
                                                          "GATEWAY_THREADS": "2"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


@pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "authenticated"])
def test_a_client_that_never_answers_pings_is_closed_with_1001(idle_system, authenticated):
    token = admin_token(idle_system) if authenticated else None
    with raw_client(idle_system, token) as client:
        started = time.monotonic()
        pings = 0
        while True:
            frame = client.recv_frame(timeout=6.0)
            if frame.opcode == OP_PING:
                pings += 1
                continue
            assert frame.opcode == OP_CLOSE, frame
            break
        elapsed = time.monotonic() - started
        assert frame.close_code == 1001, frame
        assert pings >= 1, "the server closed without pinging first"
        assert 1.0 <= elapsed <= 5.0, elapsed
        client.send_frame(OP_CLOSE, close_payload(1001))
        client.expect_eof(timeout=5.0)


def test_a_raw_client_that_answers_pings_stays_connected(idle_system):
    with raw_client(idle_system) as client:
        deadline, pings = time.monotonic() + 5.0, []
        while time.monotonic() < deadline:
            try:
                frame = client.recv_frame(timeout=max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                break
            assert frame.opcode == OP_PING, f"expected only pings, got {frame}"
            pings.append(frame.payload)
            client.send_frame(OP_PONG, frame.payload)
        assert len(pings) >= 3, pings  # every ~0.75 s
        assert client.ask({"type": "ping"}) == PONG


def test_a_websockets_client_answers_pings_and_stays_connected(idle_system):
    token = admin_token(idle_system)
    session = fresh_session(idle_system, token, notes="idle: websockets")
    row = add_game_ok(idle_system, token, session["id"], playable_game_ids(idle_system, 1)[0])
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(idle_system, token, subscribe=[session["id"]]))
            await silence(ws, 5.0)  # the library answers the server's pings meanwhile
            assert ws.close_code is None
            r = await api(idle_system, "PATCH", f"/api/sessions/{session['id']}/games/{row['id']}/player-count",
                          {"player_count": 2}, token)
            assert r.status == 200, r
            assert assert_event(await recv_json(ws), "player-count.updated")["playerCount"] == 2
            assert await ask(ws, {"type": "ping"}) == PONG
    run(main())


def test_an_expired_token_is_reported_by_the_sweep_without_any_event(idle_system):
    # The hub checks every quarter of the idle timeout (375 ms here).
    token = admin_token(idle_system)
    session = fresh_session(idle_system, token, notes="idle: sweep")
    short, expires = short_lived_token(idle_system, 2)
    async def main():
        async with clients() as opened:
            ws = await opened(await open_ws(idle_system, short, subscribe=[session["id"]]))
            assert await recv_json(ws, timeout=max(0.0, expires - time.time()) + 2.5) == AUTH_INVALID
            assert time.time() >= expires - 0.05, "auth_error before the token expired"
            await silence(ws, 1.0)  # once
            r = await api(idle_system, "POST", f"/api/sessions/{session['id']}/close", {}, token)
            assert r.status == 200, r
            await silence(ws, 1.0)
            assert ws.close_code is None or ws.close_code == 1000, ws.close_code
    run(main())


# --- a slow consumer -----------------------------------------------------------------------

# Titles are at most 200 characters (README "Limits"): many game.added
# frames of ~700 bytes (~1 MB in all) instead of a few huge ones.
BIG_TITLE_CHARS = 200 - len("Slow ") - 32 - 1
BIG_ADDS = 1500
SMALL_UPDATES = 4000  # ~0.5 MB of player-count.updated frames of ~130 bytes


class LargeGameAdds:
    """1500 game.added events of ~700 bytes each (a game with a 200-character title)."""

    setup_events = ("session.started",)

    def prepare(self, system, token, session_id):
        title = f"Slow {uuid.uuid4().hex} " + "x" * BIG_TITLE_CHARS
        r = system.request("POST", "/api/games", token=token,
                           body={"pack_name": "Slow Pack", "title": title, "min_players": 2, "max_players": 8})
        assert r.status == 201, r
        self.game_id = r.json()["id"]

    def fire(self, system, token, session_id, sent):
        for _ in range(BIG_ADDS):
            started = time.monotonic()
            r = system.request("POST", f"/api/sessions/{session_id}/games", body={"game_id": self.game_id},
                               token=token)
            assert r.status == 201, r
            sent[r.json()["id"]] = started

    @staticmethod
    def key(message):
        return assert_event(message, "game.added")["game"]["session_game_id"]


class ManyPlayerCounts:
    """4000 small player-count.updated events, over one keep-alive HTTP
    connection (the kernel's socket buffers absorb a few hundred kB, so a
    few hundred small events would never fill the 64 KiB queue)."""

    setup_events = ("session.started", "game.added")

    def prepare(self, system, token, session_id):
        self.row = add_game_ok(system, token, session_id, playable_game_ids(system, 1)[0])

    def fire(self, system, token, session_id, sent):
        connection = http.client.HTTPConnection("127.0.0.1", system.port, timeout=10)
        path = f"/api/sessions/{session_id}/games/{self.row['id']}/player-count"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        try:
            for count in range(SMALL_UPDATES):
                started = time.monotonic()
                connection.request("PATCH", path, body=json.dumps({"player_count": count}), headers=headers)
                response = connection.getresponse()
                response.read()
                assert response.status == 200, response.status
                sent[count] = started
        finally:
            connection.close()

    @staticmethod
    def key(message):
        return assert_event(message, "player-count.updated")["playerCount"]


@pytest.mark.parametrize("load", [LargeGameAdds, ManyPlayerCounts], ids=["large-game-added", "many-player-counts"])
def test_a_slow_consumer_is_dropped_without_delaying_the_others(tmp_path, load):
    """A subscriber that stops reading (tiny receive buffer and segments) is
    dropped once 64 KiB are queued for it, while a reading subscriber of the
    same session gets every event promptly."""
    load = load()
    system = System(tmp_path, env={"WS_MAX_QUEUED_BYTES": "65536", "GATEWAY_THREADS": "2"}).start()
    try:
        token = admin_token(system)
        session = fresh_session(system, token, notes="slow consumer")
        load.prepare(system, token, session["id"])
        slow = raw_client(system, token, subscribe=[session["id"]], rcvbuf=4096, maxseg=536)
        sent, arrived = {}, {}

        async def main():
            async with clients() as opened:
                fast = await opened(await open_ws(system, token, subscribe=[session["id"]], max_size=1 << 22,
                                                  max_queue=None))
                firing = asyncio.create_task(asyncio.to_thread(load.fire, system, token, session["id"], sent))
                last = time.monotonic()
                while not (firing.done() and len(arrived) >= len(sent)):
                    try:
                        message = await recv_json(fast, timeout=0.5)
                    except asyncio.TimeoutError:
                        assert time.monotonic() - last < 10, f"no event for 10 s; {len(arrived)}/{len(sent)} arrived"
                        continue
                    if message.get("type") in load.setup_events:
                        # Setup ran before the subscription, but its events
                        # travel service → gateway on their own socket and
                        # may land after it: the session was created as the
                        # system came up (before the service's first
                        # connection to the event socket), the game just now.
                        continue
                    last = arrived[load.key(message)] = time.monotonic()
                await firing
                assert await ask(fast, {"type": "ping"}) == PONG
        run(main(), timeout=180)
        assert list(arrived) == list(sent), "the reading subscriber missed or reordered events"
        lags = sorted(arrived[k] - sent[k] for k in sent)
        assert lags[-1] < 2.0, f"the reading subscriber waited up to {lags[-1]:.2f}s"

        # Now read what the slow one got: its stream must end (close or reset),
        # after fewer events than were sent, a close frame (if any) last with 1008.
        frames, ended = drain(slow, timeout=15)
        slow.close()
        assert ended != "timeout", f"the slow consumer was never dropped ({len(frames)} frames read)"
        assert len([f for f in frames if f.opcode == OP_TEXT]) < len(sent), len(frames)
        closes = [i for i, f in enumerate(frames) if f.opcode == OP_CLOSE]
        if closes:
            assert closes == [len(frames) - 1], frames[-3:]
            assert frames[-1].close_code == 1008, frames[-1]
        assert system.request("GET", "/health").status == 200
    finally:
        code = system.stop()
    assert code == 0, system.logs()


def drain(client, timeout):
    """Reads everything until the server ends the connection: (frames, how)
    with how ∈ eof, reset, timeout. A close frame is answered."""
    frames, deadline, how = [], time.monotonic() + timeout, "timeout"
    while True:
        frame, rest = parse_frame(client.buffer)
        if frame is not None:
            client.buffer = rest
            frames.append(frame)
            if frame.opcode == OP_CLOSE:
                with contextlib.suppress(OSError):
                    client.send_frame(OP_CLOSE, frame.payload[:2])
            continue
        try:
            client._fill(deadline)
        except EOFError:
            return frames, "eof"
        except ConnectionResetError:
            return frames, "reset"
        except TimeoutError:
            return frames, how


# --- shutdown ----------------------------------------------------------------------------------

def test_sigterm_closes_every_live_socket_with_1001(tmp_path):
    system = System(tmp_path, env={"GATEWAY_THREADS": "2"}).start()
    stopped = False
    try:
        token = admin_token(system)
        session = fresh_session(system, token, notes="shutdown")
        raw = raw_client(system, token)

        async def main():
            async with clients() as opened:
                sockets = [await opened(await open_ws(system)),
                           await opened(await open_ws(system, token)),
                           await opened(await open_ws(system, token, subscribe=[session["id"]]))]
                sockets += [await opened(await open_ws(system, token)) for _ in range(5)]
                stopping = asyncio.create_task(asyncio.to_thread(system.stop))
                for ws in sockets:
                    with pytest.raises(ConnectionClosed) as closed:
                        while True:
                            await asyncio.wait_for(ws.recv(), 15)  # session events may come first
                    assert closed.value.rcvd is not None, f"no close frame: {closed.value!r}"
                    assert closed.value.rcvd.code == 1001, closed.value
                return await stopping
        code = run(main(), timeout=60)
        stopped = True
        assert code == 0, system.logs()
        assert raw.expect_close(timeout=5) == 1001
        raw.close()
    finally:
        if not stopped:
            system.stop()


# --- fan-out across the gateway's loop threads ---------------------------------------------------

FANOUT = 200


def test_fan_out_to_200_subscribers_across_the_gateway_threads(system, token):
    session = fresh_session(system, token, notes="live: fan-out")
    game_id = playable_game_ids(system, 1)[0]
    async def main():
        async with clients() as opened:
            sockets = []
            for start in range(0, FANOUT, 50):
                batch = await asyncio.gather(*(open_ws(system, token, subscribe=[session["id"]])
                                               for _ in range(start, min(FANOUT, start + 50))))
                sockets += [await opened(ws) for ws in batch]
            watcher = await opened(await open_ws(system, token))  # authenticated, not subscribed
            r = await api(system, "POST", f"/api/sessions/{session['id']}/games", {"game_id": game_id}, token)
            assert r.status == 201, r
            received = await asyncio.gather(*(recv_json(ws, timeout=15) for ws in sockets))
            first = received[0]
            assert assert_event(first, "game.added")["game"]["session_game_id"] == r.json()["id"]
            assert all(m == first for m in received), [m for m in received if m != first][:2]
            # Every one of them still answers, and only the subscribers got it.
            await silence(watcher, 0.3)
            pongs = await asyncio.gather(*(ask(ws, {"type": "ping"}) for ws in sockets))
            assert pongs == [PONG] * FANOUT
            # session.ended to the 200 subscribers, session.started to all 201.
            assert (await api(system, "POST", f"/api/sessions/{session['id']}/close", {}, token)).status == 200
            r = await api(system, "POST", "/api/sessions", {"notes": "live: fan-out 2"}, token)
            assert r.status == 201, r
            ended = await asyncio.gather(*(recv_json(ws, timeout=15) for ws in sockets))
            assert {m["type"] for m in ended} == {"session.ended"}
            started = await asyncio.gather(*(recv_json(ws, timeout=15) for ws in sockets + [watcher]))
            assert {m["type"] for m in started} == {"session.started"}
            assert {m["data"]["session"]["id"] for m in started} == {r.json()["id"]}
    run(main(), timeout=120)


def test_handshakes_beyond_the_connection_limit_get_503(tmp_path):
    capped = System(tmp_path, env={"GATEWAY_THREADS": "1", "WS_MAX_CONNECTIONS": "2"}).start()
    try:
        async def scenario():
            async with connect(f"ws://127.0.0.1:{capped.port}/api/sessions/live") as a, \
                       connect(f"ws://127.0.0.1:{capped.port}/api/sessions/live") as b:
                with pytest.raises(Exception) as refused:
                    async with connect(f"ws://127.0.0.1:{capped.port}/api/sessions/live"):
                        pass
                assert "503" in str(refused.value)
                await a.send('{"type":"ping"}')
                assert json.loads(await a.recv()) == {"type": "pong"}
            # with both closed there is room again
            await asyncio.sleep(0.3)
            async with connect(f"ws://127.0.0.1:{capped.port}/api/sessions/live") as c:
                await c.send('{"type":"ping"}')
                assert json.loads(await c.recv()) == {"type": "pong"}
        asyncio.run(asyncio.wait_for(scenario(), 20))
    finally:
        assert capped.stop() == 0
