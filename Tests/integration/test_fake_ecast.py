"""Tests of the fake Jackbox ecast server (fake_ecast.py) itself: REST, the
ecast-v0 WebSocket protocol, the control API (in-process and HTTP), TLS and the
standalone mode. No Swift build needed."""
import asyncio
import json
import os
import socket
import ssl
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, ConnectionClosedError, ConnectionClosedOK, InvalidStatus

from fake_ecast import FakeEcast, room_codes

UA = "Mozilla/5.0 (X11; Linux x86_64) gamenight-monitor/1.0"
HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def fake():
    f = FakeEcast(tls=False).start()
    yield f
    f.stop()


@pytest.fixture(scope="module")
def fake_tls():
    f = FakeEcast(tls=True).start()
    yield f
    f.stop()


_codes = iter(f"T{i:03d}" for i in range(1000))


def new_code():
    return next(_codes)


def _insecure():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def http(method, url, body=None, ua=UA, context=None):
    """(status, parsed JSON body) without proxies; TLS verification off unless a context is given."""
    handlers = [urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context or _insecure())]
    opener = urllib.request.build_opener(*handlers)
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if ua is not None:
        req.add_header("User-Agent", ua)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with opener.open(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def shard_url(base, code, session=42, **extra):
    url = f"{base}/api/v2/rooms/{code}/play?role=shard&name=GamePicker&userId=gamepicker-{session}&format=json"
    return url + "".join(f"&{k}={v}" for k, v in extra.items())


def ws_connect(url, subprotocols=("ecast-v0",), ua=UA, tls=False):
    return connect(url, subprotocols=list(subprotocols) if subprotocols else None, user_agent_header=ua,
                   proxy=None, compression=None, open_timeout=5, close_timeout=2, ping_interval=None,
                   ssl=_insecure() if tls else None)


async def recv(ws, timeout=2.0):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def no_message(ws, wait=0.15):
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(ws.recv(), wait)


def run(coro):
    return asyncio.run(coro)


# --- REST ----------------------------------------------------------------------------------

def test_rest_room_200_and_recorded(fake):
    code = new_code()
    fake.create_room(code, app_tag="drawful2international", max_players=8, min_players=3)
    status, body = http("GET", f"{fake.base_url}/api/v2/rooms/{code}")
    assert status == 200 and body["ok"] is True
    b = body["body"]
    assert b["code"] == code and b["appTag"] == "drawful2international"
    assert b["host"] == f"127.0.0.1:{fake.port}" and b["audienceHost"] == b["host"]
    assert b["locked"] is False and b["full"] is False
    assert (b["maxPlayers"], b["minPlayers"]) == (8, 3)
    for k in ("appId", "audienceEnabled", "moderationEnabled", "passwordRequired", "twitchLocked", "locale",
              "keepalive", "controllerBranch"):
        assert k in b
    rec = [r for r in fake.requests if r["path"] == f"/api/v2/rooms/{code}"][-1]
    assert rec["kind"] == "rest" and rec["status"] == 200 and rec["user_agent"] == UA
    assert rec["headers"]["user-agent"] == UA
    assert ["User-Agent", UA] in rec["raw_headers"]


def test_rest_404_unknown_and_closed(fake):
    status, body = http("GET", f"{fake.base_url}/api/v2/rooms/ZZZZ")
    assert status == 404 and body == {"ok": False, "error": "no such room"}
    code = new_code()
    room = fake.create_room(code)
    assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[0] == 200
    room.close()
    status, body = http("GET", f"{fake.base_url}/api/v2/rooms/{code}")
    assert status == 404 and body["error"] == "no such room"


def test_rest_403_without_browser_user_agent(fake):
    code = new_code()
    fake.create_room(code)
    status, body = http("GET", f"{fake.base_url}/api/v2/rooms/{code}", ua="curl/7.88.1")
    assert status == 403 and body["ok"] is False
    assert fake.requests[-1]["user_agent"] == "curl/7.88.1" and fake.requests[-1]["status"] == 403
    with FakeEcast(require_browser_ua=False) as lax:
        lax.create_room("LSBN")
        assert http("GET", f"{lax.base_url}/api/v2/rooms/LSBN", ua="curl/7.88.1")[0] == 200


def test_rest_full_counts_players_not_shards(fake):
    code = new_code()
    room = fake.create_room(code, max_players=2, min_players=1)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            await recv(ws)
            assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[1]["body"]["full"] is False
            room.add_player("Alice")
            assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[1]["body"]["full"] is False
            pid = room.add_player("Bob")
            room.disconnect_player(pid)   # a disconnected player keeps the slot
            assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[1]["body"]["full"] is True
    run(go())


# --- WebSocket handshake ----------------------------------------------------------------------

def test_upgrade_refusals(fake):
    code = new_code()
    fake.create_room(code)

    async def status_of(url, **kw):
        with pytest.raises(InvalidStatus) as e:
            async with ws_connect(url, **kw):
                pass
        return e.value.response.status_code

    async def go():
        assert await status_of(shard_url(fake.ws_base_url, code), subprotocols=None) == 400
        assert await status_of(shard_url(fake.ws_base_url, code), subprotocols=["ecast-v1"]) == 400
        assert await status_of(shard_url(fake.ws_base_url, code), ua="Python/3.11 websockets") == 403
        assert await status_of(shard_url(fake.ws_base_url, "NOPE")) == 404
    run(go())
    assert [r["status"] for r in fake.requests if r["kind"] == "ws" and r["room"] in (code, "NOPE")] == [400, 400, 403, 404]
    assert fake.connections(code) == 0


def test_welcome_contents_and_request_record(fake):
    code = new_code()
    room = fake.create_room(code, lobby_state="CanStart")
    alice = room.add_player("Alice")
    bob = room.add_player("Bob")
    room.disconnect_player(bob)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code, session=7)) as ws:
            assert ws.subprotocol == "ecast-v0"
            w = await recv(ws)
            assert w["pc"] == 0 and w["opcode"] == "client/welcome"
            r = w["result"]
            assert r["reconnect"] is False and isinstance(r["secret"], str) and r["secret"]
            assert isinstance(r["deviceId"], str)
            me = r["id"]
            assert r["profile"] == {"id": me, "roles": {"shard": {}}}
            assert r["here"]["1"] == {"id": 1, "roles": {"host": {}}}
            assert r["here"][str(alice)] == {"id": alice, "roles": {"player": {"name": "Alice"}}}
            assert r["here"][str(bob)]["roles"]["player"]["name"] == "Bob"   # disconnected players stay
            assert r["here"][str(me)] == {"id": me, "roles": {"shard": {}}}
            kind, ent, meta = r["entities"]["bc:room"]
            assert kind == "object" and meta == {"locked": False}
            assert ent["key"] == "bc:room" and ent["from"] == 1 and isinstance(ent["version"], int)
            assert ent["val"] == {"state": "Lobby", "lobbyState": "CanStart", "gameCanStart": True,
                                  "gameIsStarting": False}
            assert fake.connections(code) == 1
    run(go())
    rec = [r for r in fake.requests if r["kind"] == "ws" and r["room"] == code][-1]
    assert rec["status"] == 101 and rec["subprotocols"] == ["ecast-v0"]
    assert rec["query"] == {"role": "shard", "name": "GamePicker", "userId": "gamepicker-7", "format": "json"}
    assert rec["headers"]["upgrade"].lower() == "websocket" and "sec-websocket-key" in rec["headers"]
    assert fake.wait_for_connections(code, 0)


@pytest.mark.parametrize("key", ["room", "roomBlob"])
def test_entity_key_per_room(fake, key):
    code = new_code()
    room = fake.create_room(code, entity_key=key)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            w = await recv(ws)
            assert list(w["result"]["entities"]) == [key]
            room.set_room(lobbyState="CanStart")
            m = await recv(ws)
            assert m["opcode"] == "object" and m["result"]["key"] == key
    run(go())


# --- pushes and lifecycle -----------------------------------------------------------------------

def test_pushes_through_a_game(fake):
    code = new_code()
    room = fake.create_room(code, min_players=2, text_descriptions=True)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            w = await recv(ws)
            v0 = w["result"]["entities"]["bc:room"][1]["version"]
            assert "textDescriptions" in w["result"]["entities"]
            pid = room.add_player("Alice", user_id="u-alice")
            m = await recv(ws)
            assert m == {"pc": 1, "opcode": "client/connected",
                         "result": {"id": pid, "userId": "u-alice", "name": "Alice", "role": "player"}}
            m = await recv(ws)
            assert m["pc"] == 2 and m["opcode"] == "object" and m["result"]["key"] == "textDescriptions"
            assert m["result"]["val"] == {"latestDescriptions": [{"category": "TEXT_DESCRIPTION_PLAYER_JOINED",
                                                                  "text": "Alice joined."}]}
            room.set_push_joins(False)
            room.add_player("Bob")
            m = await recv(ws)   # only the text description, no client/connected
            assert m["opcode"] == "object" and m["result"]["val"]["latestDescriptions"][0]["text"] == "Bob joined."
            room.disconnect_player(pid)
            m = await recv(ws)
            assert m["opcode"] == "client/disconnected" and m["result"] == {"id": pid, "role": "player"}
            assert room.set_room(lobbyState="CanStart", gameCanStart=True) == v0 + 1
            m = await recv(ws)
            assert m["opcode"] == "object" and m["result"]["version"] == v0 + 1 and m["result"]["from"] == 1
            assert m["result"]["val"]["lobbyState"] == "CanStart" and m["result"]["val"]["state"] == "Lobby"
            room.start_game(state="Gameplay")
            m = await recv(ws)
            assert m["result"]["val"]["state"] == "Gameplay" and m["result"]["version"] == v0 + 2
            assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[1]["body"]["locked"] is True
            room.end_game(how="postgame")
            assert (await recv(ws))["result"]["val"]["lobbyState"] == "PostGame"
            room.end_game(how="gamefinished")
            assert (await recv(ws))["result"]["val"]["gameFinished"] is True
            assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[1]["body"]["locked"] is True
            room.end_game(how="lobby")
            val = (await recv(ws))["result"]["val"]
            assert val["state"] == "Lobby" and val["lobbyState"] == "CanStart"
            assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[1]["body"]["locked"] is False
            await no_message(ws)
    run(go())


def test_start_with_countdown_and_bad_end(fake):
    code = new_code()
    room = fake.create_room(code, lobby_state="CanStart")

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            await recv(ws)
            room.start_game(state="Gameplay", countdown=True)
            assert (await recv(ws))["result"]["val"]["lobbyState"] == "Countdown"
            assert (await recv(ws))["result"]["val"]["state"] == "Gameplay"
            with pytest.raises(ValueError):
                room.end_game(how="sideways")
    run(go())


def test_object_get_reply_carries_re(fake):
    code = new_code()
    room = fake.create_room(code)
    room.set_room(lobbyState="CanStart")

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            await recv(ws)
            await ws.send(json.dumps({"seq": 1, "opcode": "object/get", "params": {"key": "bc:room"}}))
            m = await recv(ws)
            assert m["pc"] == 1 and m["re"] == 1 and m["opcode"] == "object"
            assert m["result"]["key"] == "bc:room" and m["result"]["val"]["lobbyState"] == "CanStart"
            await ws.send(json.dumps({"seq": 2, "opcode": "object/get", "params": {"key": "nope"}}))
            m = await recv(ws)
            assert m["re"] == 2 and m["opcode"] == "error" and m["result"]["code"] == 2003
            await ws.send("not json")
            assert (await recv(ws))["opcode"] == "error"
    run(go())
    frames = [s for s in fake.sent_by_clients if s["room"] == code]
    assert frames[0]["frame"] == {"seq": 1, "opcode": "object/get", "params": {"key": "bc:room"}}
    assert frames[0]["query"]["role"] == "shard"
    assert frames[2]["frame"] == {"raw": "not json"}


def test_reconnect_with_secret_and_id(fake):
    code = new_code()
    room = fake.create_room(code)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            w = (await recv(ws))["result"]
        room.add_player("Alice")    # while the shard is away
        async with ws_connect(shard_url(fake.ws_base_url, code, secret=w["secret"], id=w["id"])) as ws:
            w2 = await recv(ws)
            assert w2["pc"] == 0 and w2["result"]["reconnect"] is True
            assert w2["result"]["id"] == w["id"] and w2["result"]["secret"] == w["secret"]
            assert any("player" in c["roles"] for c in w2["result"]["here"].values())
        async with ws_connect(shard_url(fake.ws_base_url, code, secret="wrong", id=w["id"])) as ws:
            m = await recv(ws)
            assert m["opcode"] == "error" and m["result"]["code"] == 2015
            with pytest.raises(ConnectionClosed):
                await recv(ws)
    run(go())


def test_reconnect_replaces_an_open_connection(fake):
    code = new_code()
    fake.create_room(code)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as first:
            w = (await recv(first))["result"]
            async with ws_connect(shard_url(fake.ws_base_url, code, secret=w["secret"], id=w["id"])) as second:
                assert (await recv(second))["result"]["id"] == w["id"]
                with pytest.raises(ConnectionClosed):
                    await recv(first)
                assert fake.connections(code) == 1
    run(go())


def test_bad_role_gets_error_2014_and_close(fake):
    code = new_code()
    fake.create_room(code)

    async def go():
        url = f"{fake.ws_base_url}/api/v2/rooms/{code}/play?role=wizard&name=X&format=json"
        async with ws_connect(url) as ws:
            m = await recv(ws)
            assert m == {"pc": 0, "opcode": "error", "result": {"code": 2014, "msg": "no such role"}}
            with pytest.raises(ConnectionClosedOK):
                await recv(ws)
    run(go())


def test_room_exit_then_close(fake):
    code = new_code()
    room = fake.create_room(code)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code, session=1)) as a, \
                ws_connect(shard_url(fake.ws_base_url, code, session=2)) as b:
            await recv(a)
            await recv(b)
            assert fake.connections(code) == 2
            room.close(cause=2)
            for ws in (a, b):
                m = await recv(ws)
                assert m["opcode"] == "room/exit" and m["result"] == {"cause": 2}
                with pytest.raises(ConnectionClosedOK) as e:
                    await recv(ws)
                assert e.value.rcvd.code == 1000
        with pytest.raises(InvalidStatus) as e:
            async with ws_connect(shard_url(fake.ws_base_url, code)):
                pass
        assert e.value.response.status_code == 404
    run(go())
    assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[0] == 404
    assert fake.connections(code) == 0


def test_drop_is_abrupt_and_room_stays(fake):
    code = new_code()
    fake.create_room(code)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            w = (await recv(ws))["result"]
            assert fake.drop_connections(code) == 1
            with pytest.raises(ConnectionClosedError) as e:
                await recv(ws)
            assert e.value.rcvd is None   # no close frame
        assert fake.connections(code) == 0
        assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[0] == 200
        async with ws_connect(shard_url(fake.ws_base_url, code, secret=w["secret"], id=w["id"])) as ws:
            assert (await recv(ws))["result"]["reconnect"] is True
    run(go())


def test_refuse_connections(fake):
    code = new_code()
    fake.create_room(code)
    fake.refuse_connections(code, count=2)

    async def go():
        for _ in range(2):
            with pytest.raises(InvalidStatus) as e:
                async with ws_connect(shard_url(fake.ws_base_url, code)):
                    pass
            assert e.value.response.status_code == 503
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            assert (await recv(ws))["opcode"] == "client/welcome"
        fake.refuse_connections(code, count=1, status=None)   # TCP closed, no HTTP answer
        with pytest.raises(Exception) as e:
            async with ws_connect(shard_url(fake.ws_base_url, code)):
                pass
        assert not isinstance(e.value, InvalidStatus)
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            assert (await recv(ws))["opcode"] == "client/welcome"
    run(go())
    statuses = [r["status"] for r in fake.requests if r["kind"] == "ws" and r["room"] == code]
    assert statuses == [503, 503, 101, 0, 101]
    assert http("GET", f"{fake.base_url}/api/v2/rooms/{code}")[0] == 200   # REST is not refused


def test_player_role_over_websocket(fake):
    code = new_code()
    fake.create_room(code, max_players=1)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as shard:
            await recv(shard)
            url = f"{fake.ws_base_url}/api/v2/rooms/{code}/play?role=player&name=Carol&format=json"
            async with ws_connect(url) as player:
                w = (await recv(player))["result"]
                assert w["profile"]["roles"] == {"player": {"name": "Carol"}}
                m = await recv(shard)
                assert m["opcode"] == "client/connected" and m["result"]["name"] == "Carol"
                async with ws_connect(url) as second:   # room full
                    assert (await recv(second))["result"]["code"] == 2008
            m = await recv(shard)
            assert m["opcode"] == "client/disconnected" and m["result"]["id"] == w["id"]
            assert fake.connections(code) == 1
    run(go())


def test_server_ping_and_client_frame_violations(fake):
    code = new_code()
    fake.create_room(code)
    # a hand-made client: unmasked frames are an RFC 6455 violation -> close 1002
    s = socket.create_connection(("127.0.0.1", fake.port), timeout=2)
    s.sendall((f"GET /api/v2/rooms/{code}/play?role=shard&name=GamePicker&userId=raw&format=json HTTP/1.1\r\n"
               f"Host: 127.0.0.1:{fake.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
               f"Sec-WebSocket-Protocol: ecast-v0\r\nUser-Agent: {UA}\r\n\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    head, rest = data.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 101") and b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" in head
    payload = b'{"seq":1}'
    s.sendall(bytes([0x81, len(payload)]) + payload)   # no mask bit
    s.settimeout(2)
    buf = rest
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    s.close()
    assert struct.pack("!BBH", 0x88, 2 + len(b"unmasked client frame"), 1002) in buf
    assert any(e["reason"] == "unmasked client frame" and e["room"] == code for e in fake.protocol_errors)

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, code)) as ws:
            await recv(ws)
            assert fake.ping(code) == 1
            deadline = time.monotonic() + 2
            while not any(f["control"] and f["room"] == code for f in fake.sent_by_clients):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.01)
    run(go())


# --- TLS --------------------------------------------------------------------------------------

def test_tls_rest_and_wss(fake_tls):
    assert fake_tls.base_url.startswith("https://127.0.0.1:")
    assert os.path.exists(fake_tls.cert_path)
    room = fake_tls.create_room("LSBN")
    status, body = http("GET", f"{fake_tls.base_url}/api/v2/rooms/LSBN")
    assert status == 200 and body["body"]["host"] == f"127.0.0.1:{fake_tls.port}"
    trusting = ssl.create_default_context(cafile=fake_tls.cert_path)   # the cert verifies for 127.0.0.1
    assert http("GET", f"{fake_tls.base_url}/api/v2/rooms/LSBN", context=trusting)[0] == 200

    async def go():
        async with ws_connect(shard_url(f"wss://{body['body']['host']}", "LSBN"), tls=True) as ws:
            assert (await recv(ws))["opcode"] == "client/welcome"
            room.add_player("Alice")
            assert (await recv(ws))["opcode"] == "client/connected"
            fake_tls.drop_connections("LSBN")
            with pytest.raises(ConnectionClosedError):
                await recv(ws)
    run(go())


# --- control endpoint -------------------------------------------------------------------------

def test_control_endpoint_in_process(fake):
    base = fake.base_url
    status, r = http("POST", f"{base}/_control/rooms", {"code": "ctl1", "appTag": "triviadeath2", "maxPlayers": 4,
                                                        "entityKey": "room", "pushJoins": False}, ua=None)
    assert status == 200 and r["code"] == "CTL1"
    assert http("GET", f"{base}/api/v2/rooms/CTL1")[1]["body"]["appTag"] == "triviadeath2"

    async def go():
        async with ws_connect(shard_url(fake.ws_base_url, "CTL1")) as ws:
            await recv(ws)
            status, r = http("POST", f"{base}/_control/rooms/CTL1/players", {"name": "Alice"}, ua=None)
            assert status == 200 and isinstance(r["id"], int)
            assert http("POST", f"{base}/_control/rooms/CTL1/push_joins", {"enabled": True})[0] == 200
            http("POST", f"{base}/_control/rooms/CTL1/players", {"name": "Bob"})
            assert (await recv(ws))["result"]["name"] == "Bob"    # Alice's join was not pushed
            http("POST", f"{base}/_control/rooms/CTL1/room", {"lobbyState": "CanStart"})
            assert (await recv(ws))["result"]["val"]["lobbyState"] == "CanStart"
            assert http("GET", f"{base}/_control/rooms/CTL1/connections")[1]["shards"] == 1
    run(go())
    assert http("POST", f"{base}/_control/rooms/NOPE/players", {"name": "X"})[0] == 404
    assert http("POST", f"{base}/_control/rooms/CTL1/end", {"how": "nope"})[0] == 400
    assert http("POST", f"{base}/_control/rooms", {"code": "X1", "bogus": 1})[0] == 400
    assert not any(r["path"].startswith("/_control") for r in fake.requests)


def test_standalone_mode(tmp_path):
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_ecast.py"), "--port", "0", "--rooms", "1000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("READY http://127.0.0.1:"), line + proc.stderr.read()
        base = line.split(" ", 1)[1]
        assert room_codes(3) == ["AAAA", "AAAB", "AAAC"]
        assert http("GET", f"{base}/api/v2/rooms/AAAA")[0] == 200
        last = room_codes(1000)[-1]
        assert last == "ABML"
        assert http("GET", f"{base}/api/v2/rooms/{last}")[0] == 200
        assert http("GET", f"{base}/api/v2/rooms/ABMM")[0] == 404
        ws_base = base.replace("http://", "ws://")

        async def go():
            async with ws_connect(shard_url(ws_base, "AAAB")) as ws:
                await recv(ws)
                assert http("POST", f"{base}/_control/rooms/AAAB/players", {"name": "Alice"})[0] == 200
                assert (await recv(ws))["opcode"] == "client/connected"
                assert http("POST", f"{base}/_control/rooms/AAAB/start", {"state": "Gameplay"})[0] == 200
                assert (await recv(ws))["result"]["val"]["state"] == "Gameplay"
                assert http("GET", f"{base}/api/v2/rooms/AAAB")[1]["body"]["locked"] is True
                assert http("POST", f"{base}/_control/rooms/AAAB/end", {"how": "gamefinished"})[0] == 200
                assert (await recv(ws))["result"]["val"]["gameFinished"] is True
                assert http("POST", f"{base}/_control/rooms/AAAB/close", {"cause": 1})[0] == 200
                assert (await recv(ws))["opcode"] == "room/exit"
            async with ws_connect(shard_url(ws_base, "AAAC")) as ws:
                await recv(ws)
                assert http("POST", f"{base}/_control/rooms/AAAC/drop")[1]["dropped"] == 1
                with pytest.raises(ConnectionClosedError):
                    await recv(ws)
        run(go())
        assert http("GET", f"{base}/api/v2/rooms/AAAB")[0] == 404
        reqs = http("GET", f"{base}/_control/requests")[1]["items"]
        assert any(r["kind"] == "ws" and r["room"] == "AAAB" and r["subprotocols"] == ["ecast-v0"] for r in reqs)
        status, r = http("POST", f"{base}/_control/rooms", {"code": "NEW1", "appTag": "quiplash3", "minPlayers": 2})
        assert status == 200 and http("GET", f"{base}/api/v2/rooms/NEW1")[1]["body"]["minPlayers"] == 2
    finally:
        proc.terminate()
        code = proc.wait(5)
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0


def test_thousand_rooms_with_shards():
    """1,000 rooms, one shard each (plus a second on 100): every shard gets its pushes."""
    with FakeEcast() as f:
        codes = room_codes(1000)
        rooms = [f.create_room(c) for c in codes]

        async def go():
            async def open_one(code, session):
                ws = await ws_connect(shard_url(f.ws_base_url, code, session=session))
                assert (await recv(ws, 10))["opcode"] == "client/welcome"
                return ws
            sem = asyncio.Semaphore(100)

            async def limited(code, session):
                async with sem:
                    return await open_one(code, session)
            socks = await asyncio.gather(*[limited(c, 1) for c in codes], *[limited(c, 2) for c in codes[:100]])
            assert sum(f.connections(c) for c in codes[:100]) == 200
            t = time.monotonic()
            for room in rooms:
                room.set_room(lobbyState="CanStart")
            got = await asyncio.gather(*[recv(ws, 10) for ws in socks])
            assert all(m["opcode"] == "object" and m["result"]["val"]["lobbyState"] == "CanStart" for m in got)
            assert time.monotonic() - t < 5
            await asyncio.gather(*[ws.close() for ws in socks])
        run(go())
