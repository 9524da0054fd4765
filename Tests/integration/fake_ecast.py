#!/usr/bin/env python3
"""A fake Jackbox "ecast" server for integration tests.

It speaks the real wire protocol over loopback -- the REST room lookup and the
``ecast-v0`` WebSocket protocol, plain (http/ws) or TLS (https/wss) on one
port -- so the Swift monitor-service (libcurl + its own RFC 6455 framing) can
be tested against it. Everything is the Python standard library: the HTTP/1.1
server and the WebSocket server side are written by hand on asyncio streams so
that the fake can record raw request headers, refuse upgrades, drop TCP
connections abruptly (RST) and close cleanly after ``room/exit``.

README
======

In-process (pytest)::

    from fake_ecast import FakeEcast

    fake = FakeEcast(tls=False).start()     # 127.0.0.1, free port, own thread + asyncio loop
    fake.base_url                           # "http://127.0.0.1:PORT" ("https://..." with tls=True)
    room = fake.create_room("LSBN", app_tag="drawful2international", max_players=8,
                            min_players=3, entity_key="bc:room", push_joins=True,
                            text_descriptions=False, lobby_state="WaitingForMore")
    pid = room.add_player("Alice")          # client/connected (+ textDescriptions) to shards
    room.disconnect_player(pid)             # client/disconnected
    room.set_room(lobbyState="CanStart")    # merge into the entity val, version+1, push `object`
    room.start_game(state="Gameplay")       # REST locked=true
    room.end_game(how="postgame")           # or "gamefinished" or "lobby"
    room.close(cause=1)                     # room/exit, close frame, REST 404 from then on
    fake.drop_connections("LSBN")           # abrupt TCP close (RST), no room/exit, room stays
    fake.refuse_connections("LSBN", count=2)  # next 2 WebSocket attempts get HTTP 503
    fake.requests, fake.sent_by_clients, fake.connections("LSBN")
    fake.stop()

Every public method is thread-safe: it runs on the fake's loop and returns
once the frames it produced are queued on the sockets.

Standalone (manual runs, benchmarks, tests that start the system in another
process)::

    python3 Tests/integration/fake_ecast.py --port 0 --rooms 1000 [--tls] [--no-ua-check]
    -> prints "READY http://127.0.0.1:PORT" on stdout once it serves; Ctrl-C / SIGTERM stops it.

Rooms are AAAA, AAAB, ... (deterministic). The control endpoint lives on the
same port (also in-process; the same code serves both), JSON in and out,
camelCase or snake_case keys, never subject to the User-Agent check and never
recorded in ``requests``:

    GET    /_control/info                         base_url, tls, cert path, port
    GET    /_control/requests[?since=N]           recorded requests (as fake.requests)
    DELETE /_control/requests                     forget them (and the client frames)
    GET    /_control/sent[?since=N]               frames received from clients
    GET    /_control/rooms                        open room codes
    POST   /_control/rooms                        {"code","appTag","maxPlayers","minPlayers","entityKey",
                                                   "pushJoins","textDescriptions","lobbyState",...}
    GET    /_control/rooms/{CODE}                 room snapshot (players, val, version, locked, ...)
    POST   /_control/rooms/{CODE}/players         {"name"[, "userId"]} -> {"id"}
    POST   /_control/rooms/{CODE}/players/{ID}/disconnect | /reconnect
    POST   /_control/rooms/{CODE}/room            {fields merged into the entity val}
    POST   /_control/rooms/{CODE}/rest            {fields overriding the REST body}
    POST   /_control/rooms/{CODE}/start           {"state"?, "countdown"?, "fields"?}
    POST   /_control/rooms/{CODE}/end             {"how"?, "unlock"?, "fields"?}
    POST   /_control/rooms/{CODE}/close           {"cause"?}
    POST   /_control/rooms/{CODE}/drop            -> {"dropped": N}
    POST   /_control/rooms/{CODE}/refuse          {"count"?, "status"?}
    POST   /_control/rooms/{CODE}/push_joins      {"enabled": bool}
    POST   /_control/rooms/{CODE}/ping            server ping frame to every connection
    GET    /_control/rooms/{CODE}/connections     {"shards": N, "all": N}

TLS: at start the fake runs ``openssl req -x509 -newkey ec`` (P-256, 2 days,
CN=127.0.0.1, subjectAltName IP:127.0.0.1 + DNS:localhost) into a temporary
folder removed at stop; ``fake.cert_path`` is the PEM certificate to trust
(CURLOPT_CAINFO) -- or turn verification off. Pass ``cert_file``/``key_file``
to use your own pair. ``apt-get install -y openssl`` if the binary is missing.

Scale (measured, standalone, 1,000 rooms x 2 shards, websockets client in
another process): plain 2,000 connects 0.7 s, 56 MB RSS; TLS 3.5 s and ~600 MB
RSS (asyncio's SSL transport keeps a 256 KiB buffer per connection). One
asyncio loop, no thread per connection.

Protocol choices of the fake where the spec says nothing (real ecast may differ):
WebSocket upgrade to an unknown/closed room -> HTTP 404; without the
``ecast-v0`` subprotocol -> HTTP 400; failed User-Agent check -> HTTP 403;
refused attempt -> HTTP 503 (or an abrupt close with status=None); role not
shard/player/audience -> ``error`` 2014 then close; bad reconnect secret/id ->
``error`` 2015 then close; player joining a locked/full room -> 2007/2008 then
close; ``object/get`` of an unknown key -> ``error`` 2003 with ``re``; any other
client opcode -> ``error`` 2001 with ``re``; unparsable JSON -> ``error`` 2000.
Unmasked client frames, RSV bits, fragmented or oversized control frames are
RFC 6455 violations: close 1002, noted in ``fake.protocol_errors``.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import copy
import hashlib
import http
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlsplit

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
SUBPROTOCOL = "ecast-v0"

ERR_PARSE = 2000
ERR_INVALID_OPCODE = 2001
ERR_NO_SUCH_ENTITY = 2003
ERR_ROOM_LOCKED = 2007
ERR_ROOM_FULL = 2008
ERR_NO_SUCH_ROLE = 2014
ERR_BAD_RECONNECT = 2015

ROLES = ("shard", "player", "audience")
END_HOWS = ("postgame", "gamefinished", "lobby")

_REST_RE = re.compile(r"^/api/v2/rooms/([A-Za-z0-9]+)/?$")
_PLAY_RE = re.compile(r"^/api/v2/rooms/([A-Za-z0-9]+)/play/?$")


def room_codes(n: int) -> list[str]:
    """The first n four-letter codes: AAAA, AAAB, ..., AAAZ, AABA, ..."""
    out = []
    for i in range(n):
        s = ""
        for _ in range(4):
            s = chr(ord("A") + i % 26) + s
            i //= 26
        out.append(s)
    return out


def make_self_signed_cert(directory: str, host: str = "127.0.0.1") -> tuple[str, str]:
    """Create cert.pem/key.pem (EC P-256, self-signed) in directory with openssl."""
    if shutil.which("openssl") is None:
        raise RuntimeError("openssl not found: apt-get install -y openssl")
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    san = f"subjectAltName=IP:{host},DNS:localhost" if re.match(r"^[0-9.]+$", host) else f"subjectAltName=DNS:{host},DNS:localhost"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", f"/CN={host}", "-addext", san],
                   check=True, capture_output=True)
    return cert, key


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class _HTTPError(Exception):
    def __init__(self, status: int, error: str):
        super().__init__(error)
        self.status = status
        self.error = error


# --------------------------------------------------------------------------
# WebSocket connection (server side of RFC 6455)
# --------------------------------------------------------------------------

class _Conn:
    _ids = 0

    def __init__(self, fake: "FakeEcast", room: "Room | None", reader, writer, query: dict):
        _Conn._ids += 1
        self.id = _Conn._ids
        self.fake = fake
        self.room = room
        self.reader = reader
        self.writer = writer
        self.query = query
        self.role = query.get("role")
        self.client_id: int | None = None
        self.pc = 0
        self.welcomed = False
        self.closing = False   # we sent a close frame
        self.closed = False

    # -- output
    def _frame(self, opcode: int, payload: bytes) -> None:
        if self.closed or self.writer.is_closing():
            return
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        self.writer.write(head + payload)

    def send(self, opcode: str, result: dict, re_: int | None = None) -> None:
        if self.closing or self.closed:
            return
        msg = {"pc": self.pc}
        if re_ is not None:
            msg["re"] = re_
        msg["opcode"] = opcode
        msg["result"] = result
        self.pc += 1
        self._frame(0x1, json.dumps(msg, separators=(",", ":")).encode())

    def ping(self, payload: bytes = b"fake-ecast") -> None:
        if not (self.closing or self.closed):
            self._frame(0x9, payload[:125])

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame; the socket closes when the client answers (or after 2 s)."""
        if self.closing or self.closed:
            return
        self._frame(0x8, struct.pack("!H", code) + reason.encode()[:120])
        self.closing = True
        self.fake._loop.call_later(2.0, self.abort, False)

    def abort(self, rst: bool = True) -> None:
        """Abrupt close: no close frame; with rst, SO_LINGER 0 so the peer sees a reset."""
        if self.closed:
            return
        self.closed = True
        transport = self.writer.transport
        if rst:
            sock = transport.get_extra_info("socket")
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except (OSError, AttributeError):
                pass
        transport.abort()

    def _finish(self) -> None:
        if not self.closed:
            self.closed = True
            self.writer.close()

    # -- input
    async def _read_frame(self):
        r = self.reader
        b0, b1 = await r.readexactly(2)
        fin, rsv, opcode = b0 & 0x80, b0 & 0x70, b0 & 0x0F
        masked, n = b1 & 0x80, b1 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", await r.readexactly(2))
        elif n == 127:
            (n,) = struct.unpack("!Q", await r.readexactly(8))
        mask = await r.readexactly(4) if masked else None
        if n > 16 * 1024 * 1024:
            raise _ProtocolError(1009, "frame too large")
        payload = await r.readexactly(n) if n else b""
        if mask:
            m = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
            payload = (int.from_bytes(payload, "big") ^ m).to_bytes(n, "big")
        if not masked:
            raise _ProtocolError(1002, "unmasked client frame")
        if rsv:
            raise _ProtocolError(1002, "RSV bits set")
        if opcode >= 0x8 and (not fin or n > 125):
            raise _ProtocolError(1002, "fragmented or oversized control frame")
        if opcode not in (0x0, 0x1, 0x2, 0x8, 0x9, 0xA):
            raise _ProtocolError(1002, f"reserved opcode {opcode}")
        return bool(fin), opcode, payload

    async def run(self) -> None:
        message_op, parts = None, []
        try:
            while True:
                fin, opcode, payload = await self._read_frame()
                if opcode == 0x8:
                    if not self.closing:
                        code = payload[:2] if len(payload) >= 2 else b""
                        self._frame(0x8, code)
                        self.closing = True
                    break
                if opcode == 0x9:
                    self._frame(0xA, payload)
                    continue
                if opcode == 0xA:
                    self.fake._record_client_frame(self, {"pong": payload.decode("latin-1")}, control=True)
                    continue
                if opcode == 0x0:
                    if message_op is None:
                        raise _ProtocolError(1002, "continuation without a message")
                    parts.append(payload)
                else:
                    if message_op is not None:
                        raise _ProtocolError(1002, "new message inside a fragmented one")
                    message_op, parts = opcode, [payload]
                if not fin:
                    continue
                data, op = b"".join(parts), message_op
                message_op, parts = None, []
                if op == 0x1:
                    try:
                        text = data.decode("utf-8")
                    except UnicodeDecodeError:
                        raise _ProtocolError(1007, "invalid UTF-8 in text frame")
                    self.fake._on_text(self, text)
                else:
                    self.fake._record_client_frame(self, {"binary": data.hex()})
        except _ProtocolError as e:
            self.fake._note_protocol_error(self, e.reason)
            if not self.closing:
                self._frame(0x8, struct.pack("!H", e.code) + e.reason.encode()[:120])
                self.closing = True
        except (asyncio.IncompleteReadError, ConnectionError, OSError, ssl.SSLError):
            pass
        finally:
            self._finish()


class _ProtocolError(Exception):
    def __init__(self, code: int, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


# --------------------------------------------------------------------------
# Rooms
# --------------------------------------------------------------------------

class Room:
    """One room. Public methods are thread-safe; `_x` methods run on the fake's loop."""

    def __init__(self, fake: "FakeEcast", code: str, app_tag: str = "drawful2international",
                 max_players: int = 8, min_players: int = 3, entity_key: str = "bc:room",
                 push_joins: bool = True, text_descriptions: bool = False,
                 lobby_state: str = "WaitingForMore", app_id: str | None = None,
                 audience_enabled: bool = True, locale: str = "en", val: dict | None = None):
        if lobby_state is None:
            lobby_state = "WaitingForMore"
        self._fake = fake
        self.code = code.upper()
        self.app_tag = app_tag
        self.app_id = app_id or str(uuid.uuid5(uuid.NAMESPACE_URL, "jackbox:" + app_tag))
        self.max_players = int(max_players)
        self.min_players = int(min_players)
        self.entity_key = entity_key
        self.push_joins = bool(push_joins)
        self.text_descriptions = bool(text_descriptions)
        self.audience_enabled = bool(audience_enabled)
        self.locale = locale
        self.locked = False
        self.closed = False
        self.rest_overrides: dict = {}
        self.clients: dict[int, dict] = {1: {"id": 1, "roles": {"host": {}}, "secret": secrets.token_hex(16),
                                             "userId": "host", "connected": True, "conn": None}}
        self._next_id = 2
        self.conns: set[_Conn] = set()
        initial = val if val is not None else {"state": "Lobby", "lobbyState": lobby_state,
                                               "gameCanStart": lobby_state == "CanStart",
                                               "gameIsStarting": lobby_state == "Countdown"}
        self.entities: dict[str, dict] = {entity_key: {"type": "object", "val": dict(initial), "version": 1,
                                                       "from": 1, "locked": False}}
        if self.text_descriptions:
            self.entities["textDescriptions"] = {"type": "object", "val": {"latestDescriptions": []},
                                                 "version": 1, "from": 1, "locked": False}

    # -- public, thread-safe -------------------------------------------------
    def add_player(self, name: str, user_id: str | None = None) -> int:
        return self._fake._call(self._add_player, name, user_id, None)

    def disconnect_player(self, player_id: int) -> None:
        self._fake._call(self._disconnect_player, player_id)

    def reconnect_player(self, player_id: int) -> None:
        self._fake._call(self._reconnect_player, player_id)

    def set_room(self, **fields) -> int:
        """Merge fields into the room entity's val, bump its version, push `object`. Returns the version."""
        return self._fake._call(self._set_room, fields)

    def start_game(self, state: str = "Gameplay", countdown: bool = False, **fields) -> None:
        self._fake._call(self._start_game, state, countdown, fields)

    def end_game(self, how: str = "postgame", unlock: bool | None = None, **fields) -> None:
        self._fake._call(self._end_game, how, unlock, fields)

    def close(self, cause: int = 1) -> None:
        self._fake._call(self._close, cause)

    def set_push_joins(self, enabled: bool) -> None:
        self._fake._call(setattr, self, "push_joins", bool(enabled))

    def set_rest(self, **fields) -> None:
        """Override fields of the REST body (e.g. passwordRequired=True)."""
        self._fake._call(self.rest_overrides.update, fields)

    def snapshot(self) -> dict:
        return self._fake._call(self._snapshot)

    @property
    def val(self) -> dict:
        return self._fake._call(lambda: copy.deepcopy(self.entities[self.entity_key]["val"]))

    @property
    def version(self) -> int:
        return self._fake._call(lambda: self.entities[self.entity_key]["version"])

    @property
    def players(self) -> dict[int, dict]:
        return self._fake._call(lambda: {p["id"]: {"name": p["roles"]["player"]["name"], "connected": p["connected"]}
                                         for p in self._players()})

    # -- loop side -----------------------------------------------------------
    def _players(self) -> list[dict]:
        return [c for c in self.clients.values() if "player" in c["roles"]]

    def _full(self) -> bool:
        return len(self._players()) >= self.max_players

    def _rest_body(self) -> dict:
        host = self._fake.advertised_host
        body = {"appId": self.app_id, "appTag": self.app_tag, "audienceEnabled": self.audience_enabled,
                "code": self.code, "host": host, "audienceHost": host, "locked": self.locked,
                "full": self._full(), "maxPlayers": self.max_players, "minPlayers": self.min_players,
                "moderationEnabled": False, "passwordRequired": False, "twitchLocked": False,
                "locale": self.locale, "keepalive": True, "controllerBranch": ""}
        body.update(self.rest_overrides)
        return body

    def _snapshot(self) -> dict:
        return {"code": self.code, "closed": self.closed, "locked": self.locked, "full": self._full(),
                "entityKey": self.entity_key, "val": copy.deepcopy(self.entities[self.entity_key]["val"]),
                "version": self.entities[self.entity_key]["version"], "pushJoins": self.push_joins,
                "players": [{"id": p["id"], "name": p["roles"]["player"]["name"], "connected": p["connected"]}
                            for p in self._players()],
                "shards": self._shard_count(), "rest": self._rest_body()}

    def _shard_count(self) -> int:
        return sum(1 for c in self.conns if c.role == "shard" and c.welcomed and not c.closing and not c.closed)

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError(f"room {self.code} is closed")

    def _broadcast(self, opcode: str, result: dict) -> None:
        for conn in list(self.conns):
            if conn.role == "shard" and conn.welcomed:
                conn.send(opcode, result)

    def _entity_wire(self, key: str) -> dict:
        e = self.entities[key]
        return {"key": key, "val": copy.deepcopy(e["val"]), "version": e["version"], "from": e["from"]}

    def _update_entity(self, key: str, fields: dict, replace: bool = False) -> int:
        e = self.entities[key]
        if replace:
            e["val"] = dict(fields)
        else:
            e["val"].update(copy.deepcopy(fields))
        e["version"] += 1
        self._broadcast("object", self._entity_wire(key))
        return e["version"]

    def _new_client(self, roles: dict, user_id: str | None) -> dict:
        cid = self._next_id
        self._next_id += 1
        c = {"id": cid, "roles": roles, "secret": secrets.token_hex(16), "userId": user_id or f"user-{cid}",
             "connected": True, "conn": None, "deviceId": secrets.token_hex(5)}
        self.clients[cid] = c
        return c

    def _add_player(self, name: str, user_id: str | None, conn: _Conn | None) -> int:
        self._check_open()
        if not isinstance(name, str) or not name:
            raise ValueError("player name required")
        c = self._new_client({"player": {"name": name}}, user_id)
        c["conn"] = conn
        if self.push_joins:
            self._broadcast("client/connected", {"id": c["id"], "userId": c["userId"], "name": name,
                                                 "role": "player"})
        if self.text_descriptions:
            self._text_description("TEXT_DESCRIPTION_PLAYER_JOINED", f"{name} joined.")
        return c["id"]

    def _text_description(self, category: str, text: str) -> None:
        self._update_entity("textDescriptions",
                            {"latestDescriptions": [{"category": category, "text": text}]}, replace=True)

    def _player(self, player_id) -> dict:
        c = self.clients.get(int(player_id))
        if c is None or "player" not in c["roles"]:
            raise KeyError(f"no player {player_id} in room {self.code}")
        return c

    def _disconnect_player(self, player_id: int) -> None:
        self._check_open()
        c = self._player(player_id)
        if not c["connected"]:
            return
        c["connected"] = False
        if c["conn"] is not None:
            old, c["conn"] = c["conn"], None
            old.close(1000, "disconnected")
        self._broadcast("client/disconnected", {"id": c["id"], "role": "player"})

    def _reconnect_player(self, player_id: int) -> None:
        self._check_open()
        c = self._player(player_id)
        if c["connected"]:
            return
        c["connected"] = True
        if self.push_joins:
            self._broadcast("client/connected", {"id": c["id"], "userId": c["userId"],
                                                 "name": c["roles"]["player"]["name"], "role": "player",
                                                 "reconnect": True})

    def _set_room(self, fields: dict) -> int:
        self._check_open()
        return self._update_entity(self.entity_key, fields)

    def _start_game(self, state: str, countdown: bool, fields: dict) -> None:
        self._check_open()
        if countdown:
            self._update_entity(self.entity_key, {"lobbyState": "Countdown", "gameIsStarting": True})
        self.locked = True   # before the push: a client that polls REST on it sees locked
        self._update_entity(self.entity_key, {"state": state, **fields})

    def _end_game(self, how: str, unlock: bool | None, fields: dict) -> None:
        self._check_open()
        if how == "postgame":
            change = {"lobbyState": "PostGame"}
        elif how == "gamefinished":
            change = {"gameFinished": True}
        elif how == "lobby":
            can = len(self._players()) >= self.min_players
            change = {"state": "Lobby", "lobbyState": "CanStart" if can else "WaitingForMore",
                      "gameCanStart": can, "gameIsStarting": False}
        else:
            raise ValueError(f"how must be one of {END_HOWS}")
        if unlock if unlock is not None else how == "lobby":
            self.locked = False
        self._update_entity(self.entity_key, {**change, **fields})

    def _close(self, cause: int = 1) -> None:
        if self.closed:
            return
        self.closed = True
        if self._fake.rooms.get(self.code) is self:
            del self._fake.rooms[self.code]
        for conn in list(self.conns):
            if conn.welcomed:
                conn.send("room/exit", {"cause": cause})
            conn.close(1000, "room closed")

    def _here(self) -> dict:
        here = {}
        for c in self.clients.values():
            if "host" in c["roles"] or "player" in c["roles"] or c["conn"] is not None:
                here[str(c["id"])] = {"id": c["id"], "roles": copy.deepcopy(c["roles"])}
        return here

    def _attach(self, conn: _Conn) -> None:
        """A WebSocket client finished its upgrade: welcome it (or send an error and close)."""
        q = conn.query
        role = conn.role
        self.conns.add(conn)
        if role not in ROLES:
            conn.send("error", {"code": ERR_NO_SUCH_ROLE, "msg": "no such role"})
            conn.close(1000, "no such role")
            return
        reconnect = "secret" in q or "id" in q
        if reconnect:
            c = self.clients.get(int(q["id"])) if q.get("id", "").isdigit() else None
            if c is None or c["secret"] != q.get("secret") or role not in c["roles"]:
                conn.send("error", {"code": ERR_BAD_RECONNECT, "msg": "invalid reconnect id or secret"})
                conn.close(1000, "invalid reconnect")
                return
            if c["conn"] is not None and c["conn"] is not conn:
                old = c["conn"]
                c["conn"] = None
                old.close(1000, "replaced by reconnect")
        else:
            if role == "player":
                if self.locked:
                    conn.send("error", {"code": ERR_ROOM_LOCKED, "msg": "room is locked"})
                    conn.close(1000, "room is locked")
                    return
                if self._full():
                    conn.send("error", {"code": ERR_ROOM_FULL, "msg": "room is full"})
                    conn.close(1000, "room is full")
                    return
            roles = {"player": {"name": q.get("name") or "Player"}} if role == "player" else {role: {}}
            c = self._new_client(roles, q.get("userId"))
            if role == "player":
                c["connected"] = False   # becomes connected (and announced) below
        c["conn"] = conn
        conn.client_id = c["id"]
        conn.welcomed = True
        conn.send("client/welcome", {
            "id": c["id"], "secret": c["secret"], "reconnect": reconnect, "deviceId": c.get("deviceId", "host"),
            "here": self._here(),
            "entities": {k: [e["type"], self._entity_wire(k), {"locked": e["locked"]}]
                         for k, e in self.entities.items()},
            "profile": {"id": c["id"], "roles": copy.deepcopy(c["roles"])},
        })
        if role == "player":
            if reconnect:
                self._reconnect_player(c["id"])
            else:
                c["connected"] = True
                if self.push_joins:
                    self._broadcast("client/connected", {"id": c["id"], "userId": c["userId"],
                                                         "name": c["roles"]["player"]["name"], "role": "player"})
                if self.text_descriptions:
                    self._text_description("TEXT_DESCRIPTION_PLAYER_JOINED", f"{c['roles']['player']['name']} joined.")

    def _detach(self, conn: _Conn) -> None:
        self.conns.discard(conn)
        if conn.client_id is None:
            return
        c = self.clients.get(conn.client_id)
        if c is None or c["conn"] is not conn:
            return
        c["conn"] = None
        if "player" in c["roles"] and c["connected"] and not self.closed:
            c["connected"] = False
            self._broadcast("client/disconnected", {"id": c["id"], "role": "player"})

    def _on_message(self, conn: _Conn, msg) -> None:
        if not isinstance(msg, dict):
            conn.send("error", {"code": ERR_PARSE, "msg": "message must be an object"})
            return
        seq = msg.get("seq")
        opcode = msg.get("opcode")
        params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
        if opcode == "object/get":
            key = params.get("key")
            if key in self.entities:
                conn.send("object", self._entity_wire(key), re_=seq)
            else:
                conn.send("error", {"code": ERR_NO_SUCH_ENTITY, "msg": f"no such entity: {key}"}, re_=seq)
        else:
            conn.send("error", {"code": ERR_INVALID_OPCODE, "msg": f"invalid opcode: {opcode}"}, re_=seq)


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------

class FakeEcast:
    def __init__(self, tls: bool = False, host: str = "127.0.0.1", port: int = 0,
                 require_browser_ua: bool = True, cert_file: str | None = None, key_file: str | None = None,
                 advertised_host: str | None = None):
        self.tls = tls
        self.host = host
        self.port = port
        self.require_browser_ua = require_browser_ua
        self.cert_path = cert_file
        self.key_path = key_file
        self._advertised = advertised_host
        self.rooms: dict[str, Room] = {}
        self._refuse: dict[str, list] = {}   # code -> [remaining, status]
        self._lock = threading.Lock()
        self._requests: list[dict] = []
        self._sent: list[dict] = []
        self._protocol_errors: list[dict] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server = None
        self._tmpdir: str | None = None
        self._all_conns: set[_Conn] = set()
        self._stream_writers: set = set()

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> "FakeEcast":
        ctx = None
        if self.tls:
            if not (self.cert_path and self.key_path):
                self._tmpdir = tempfile.mkdtemp(prefix="fake-ecast-")
                self.cert_path, self.key_path = make_self_signed_cert(self._tmpdir, self.host)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(self.cert_path, self.key_path)
            ctx.set_alpn_protocols(["http/1.1"])
        ready = threading.Event()
        failure: list[BaseException] = []

        def run():
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                self._server = loop.run_until_complete(asyncio.start_server(
                    self._handle, self.host, self.port, ssl=ctx, backlog=4096, limit=1 << 20))
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as e:  # noqa: BLE001 - reported to start()
                failure.append(e)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="fake-ecast", daemon=True)
        self._thread.start()
        ready.wait(30)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return

        async def shutdown():
            self._server.close()
            for conn in list(self._all_conns):
                conn.abort(rst=False)
            for w in list(self._stream_writers):
                w.transport.abort()
            await asyncio.sleep(0.05)

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._thread = None
            if self._tmpdir:
                shutil.rmtree(self._tmpdir, ignore_errors=True)
                self._tmpdir = None

    def __enter__(self):
        return self.start() if self._thread is None else self

    def __exit__(self, *exc):
        self.stop()

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def ws_base_url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.host}:{self.port}"

    @property
    def advertised_host(self) -> str:
        return self._advertised or f"{self.host}:{self.port}"

    def _call(self, fn, *args):
        """Run fn(*args) on the fake's loop and return its result (directly when already on it)."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("FakeEcast not started")
        if self._thread is threading.current_thread():
            return fn(*args)

        async def wrapper():
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(wrapper(), loop).result(30)

    # -- public control API (thread-safe) --------------------------------------
    def create_room(self, code: str, **kwargs) -> Room:
        """kwargs: app_tag, max_players, min_players, entity_key, push_joins, text_descriptions,
        lobby_state, app_id, audience_enabled, locale, val. Replaces an existing room of that code."""
        return self._call(self._create_room, code, kwargs)

    def room(self, code: str) -> Room:
        return self._call(lambda: self.rooms[code.upper()])

    def drop_connections(self, code: str, rst: bool = True) -> int:
        return self._call(self._drop, code, rst)

    def refuse_connections(self, code: str, count: int = 1, status: int | None = 503) -> None:
        """The next `count` WebSocket attempts for `code` are refused: HTTP `status`, or with
        status=None the TCP connection is closed abruptly before any response."""
        self._call(self._refuse.__setitem__, code.upper(), [int(count), status])

    def ping(self, code: str, payload: bytes = b"fake-ecast") -> int:
        return self._call(self._ping, code, payload)

    def connections(self, code: str) -> int:
        """Open, welcomed shard connections of the room."""
        return self._call(self._connections, code)

    def wait_for_connections(self, code: str, count: int, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.connections(code) == count:
                return True
            time.sleep(0.01)
        return self.connections(code) == count

    @property
    def requests(self) -> list[dict]:
        with self._lock:
            return list(self._requests)

    @property
    def sent_by_clients(self) -> list[dict]:
        with self._lock:
            return list(self._sent)

    @property
    def protocol_errors(self) -> list[dict]:
        with self._lock:
            return list(self._protocol_errors)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()
            self._sent.clear()

    # -- loop side ---------------------------------------------------------------
    def _create_room(self, code: str, kwargs: dict) -> Room:
        code = code.upper()
        if not re.fullmatch(r"[A-Z0-9]+", code):
            raise ValueError("room code must be letters/digits")
        old = self.rooms.get(code)
        if old is not None:
            old._close(1)
        room = Room(self, code, **kwargs)
        self.rooms[code] = room
        return room

    def _get_room(self, code: str) -> Room:
        room = self.rooms.get(code.upper())
        if room is None:
            raise KeyError(f"no such room {code}")
        return room

    def _drop(self, code: str, rst: bool) -> int:
        room = self.rooms.get(code.upper())
        if room is None:
            return 0
        conns = list(room.conns)
        for conn in conns:
            conn.abort(rst)
            room._detach(conn)
        return len(conns)

    def _ping(self, code: str, payload: bytes) -> int:
        conns = list(self._get_room(code).conns)
        for conn in conns:
            conn.ping(payload)
        return len(conns)

    def _connections(self, code: str) -> int:
        room = self.rooms.get(code.upper())
        return room._shard_count() if room else 0

    def _record_client_frame(self, conn: _Conn, frame, control: bool = False) -> None:
        entry = {"room": conn.room.code if conn.room else None, "conn": conn.id, "client_id": conn.client_id,
                 "query": dict(conn.query), "frame": frame, "control": control, "time": time.time()}
        with self._lock:
            self._sent.append(entry)

    def _note_protocol_error(self, conn: _Conn, reason: str) -> None:
        with self._lock:
            self._protocol_errors.append({"room": conn.room.code if conn.room else None, "conn": conn.id,
                                          "query": dict(conn.query), "reason": reason, "time": time.time()})

    def _on_text(self, conn: _Conn, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            self._record_client_frame(conn, {"raw": text})
            conn.send("error", {"code": ERR_PARSE, "msg": "invalid JSON"})
            return
        self._record_client_frame(conn, msg)
        if conn.room is not None and conn.welcomed and not conn.closing:
            conn.room._on_message(conn, msg)

    # -- HTTP ----------------------------------------------------------------------
    async def _read_request(self, reader) -> dict | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as e:
            if e.partial.strip():
                raise _HTTPError(400, "incomplete request")
            return None
        except asyncio.LimitOverrunError:
            raise _HTTPError(431, "request header too large")
        lines = head.decode("latin-1").split("\r\n")
        request_line = lines[0]
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _HTTPError(400, "bad request line")
        method, target, version = parts
        raw_headers, headers = [], {}
        for line in lines[1:]:
            if not line:
                continue
            if ":" not in line:
                raise _HTTPError(400, "bad header line")
            name, value = line.split(":", 1)
            name, value = name.strip(), value.strip()
            raw_headers.append([name, value])
            low = name.lower()
            headers[low] = f"{headers[low]}, {value}" if low in headers else value
        body = b""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":
                        pass
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            body = b"".join(chunks)
        elif headers.get("content-length"):
            n = int(headers["content-length"])
            if n > 16 * 1024 * 1024:
                raise _HTTPError(413, "body too large")
            body = await reader.readexactly(n)
        split = urlsplit(target)
        return {"method": method, "target": target, "version": version, "request_line": request_line,
                "path": split.path, "query": dict(parse_qsl(split.query, keep_blank_values=True)),
                "raw_headers": raw_headers, "headers": headers, "body": body}

    @staticmethod
    def _response(status: int, body, headers: dict | None = None, close: bool = False) -> bytes:
        if isinstance(body, (dict, list)):
            data = json.dumps(body, separators=(",", ":")).encode()
            ctype = "application/json; charset=utf-8"
        else:
            data = body or b""
            ctype = "text/plain; charset=utf-8"
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        h = {"Content-Type": ctype, "Content-Length": str(len(data)), "Connection": "close" if close else "keep-alive"}
        h.update(headers or {})
        out = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n"
        return out.encode("latin-1") + data

    def _record(self, req: dict, kind: str, status: int, code: str | None, **extra) -> dict:
        headers = req["headers"]
        protos = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",") if p.strip()]
        entry = {"kind": kind, "method": req["method"], "path": req["path"], "target": req["target"],
                 "query": dict(req["query"]), "headers": dict(headers), "raw_headers": req["raw_headers"],
                 "request_line": req["request_line"], "subprotocols": protos,
                 "user_agent": headers.get("user-agent"), "room": code, "status": status, "time": time.time()}
        entry.update(extra)
        with self._lock:
            self._requests.append(entry)
        return entry

    def _ua_ok(self, req: dict) -> bool:
        return not self.require_browser_ua or "Mozilla/" in req["headers"].get("user-agent", "")

    async def _handle(self, reader, writer) -> None:
        self._stream_writers.add(writer)
        try:
            while True:
                try:
                    req = await self._read_request(reader)
                except _HTTPError as e:
                    writer.write(self._response(e.status, {"ok": False, "error": e.error}, close=True))
                    break
                if req is None:
                    break
                if req["path"] == "/_control" or req["path"].startswith("/_control/"):
                    status, body = self._control(req)
                    keep = req["headers"].get("connection", "").lower() != "close"
                    writer.write(self._response(status, body, close=not keep))
                    await writer.drain()
                    if not keep:
                        break
                    continue
                play = _PLAY_RE.match(req["path"])
                if play or "websocket" in req["headers"].get("upgrade", "").lower():
                    await self._handle_ws(req, play.group(1).upper() if play else None, reader, writer)
                    return
                status, body = self._rest(req)
                keep = req["headers"].get("connection", "").lower() != "close" and req["version"] == "HTTP/1.1"
                writer.write(self._response(status, body, close=not keep))
                await writer.drain()
                if not keep:
                    break
        except (ConnectionError, OSError, ssl.SSLError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self._stream_writers.discard(writer)
            if not writer.is_closing():
                try:
                    writer.close()
                except (ConnectionError, OSError, RuntimeError):
                    pass

    def _rest(self, req: dict) -> tuple[int, dict]:
        m = _REST_RE.match(req["path"])
        code = m.group(1).upper() if m else None
        if not self._ua_ok(req):
            status, body = 403, {"ok": False, "error": "forbidden"}
        elif m is None:
            status, body = 404, {"ok": False, "error": "not found"}
        elif req["method"] != "GET":
            status, body = 405, {"ok": False, "error": "method not allowed"}
        elif code not in self.rooms:
            status, body = 404, {"ok": False, "error": "no such room"}
        else:
            status, body = 200, {"ok": True, "body": self.rooms[code]._rest_body()}
        self._record(req, "rest", status, code)
        return status, body

    async def _handle_ws(self, req: dict, code: str | None, reader, writer) -> None:
        headers = req["headers"]

        def refuse(status: int, error: str):
            self._record(req, "ws", status, code)
            writer.write(self._response(status, {"ok": False, "error": error}, close=True))

        refusal = self._refuse.get(code) if code else None
        if refusal and refusal[0] > 0:
            refusal[0] -= 1
            if refusal[0] <= 0:
                del self._refuse[code]
            if refusal[1] is None:
                self._record(req, "ws", 0, code, refused=True)
                sock = writer.transport.get_extra_info("socket")
                try:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                except (OSError, AttributeError):
                    pass
                writer.transport.abort()
                return
            refuse(refusal[1], "connection refused by test")
            return
        if not self._ua_ok(req):
            return refuse(403, "forbidden")
        if code is None:
            return refuse(404, "not found")
        room = self.rooms.get(code)
        if room is None:
            return refuse(404, "no such room")
        key = headers.get("sec-websocket-key", "")
        if (req["method"] != "GET" or "websocket" not in headers.get("upgrade", "").lower()
                or "upgrade" not in headers.get("connection", "").lower() or not key
                or headers.get("sec-websocket-version") != "13"):
            return refuse(400, "websocket upgrade required")
        protos = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",")]
        if SUBPROTOCOL not in protos:
            return refuse(400, f"subprotocol {SUBPROTOCOL} required")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        conn = _Conn(self, room, reader, writer, req["query"])
        self._record(req, "ws", 101, code, conn=conn.id)
        writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: {SUBPROTOCOL}\r\n\r\n").encode())
        self._all_conns.add(conn)
        try:
            if room.closed:
                conn.close(1000, "room closed")
            else:
                room._attach(conn)
            await conn.run()
        finally:
            self._all_conns.discard(conn)
            room._detach(conn)

    # -- control endpoint --------------------------------------------------------------
    _CREATE_KEYS = {"app_tag", "max_players", "min_players", "entity_key", "push_joins", "text_descriptions",
                    "lobby_state", "app_id", "audience_enabled", "locale", "val"}

    def _control(self, req: dict) -> tuple[int, dict]:
        try:
            body = json.loads(req["body"] or b"{}")
            if not isinstance(body, dict):
                raise ValueError("body must be a JSON object")
        except ValueError as e:
            return 400, {"ok": False, "error": f"bad JSON: {e}"}
        try:
            return 200, self._control_route(req["method"], req["path"].rstrip("/").split("/")[2:], body, req["query"])
        except _HTTPError as e:
            return e.status, {"ok": False, "error": e.error}
        except KeyError as e:
            return 404, {"ok": False, "error": str(e.args[0]) if e.args else "not found"}
        except RuntimeError as e:
            return 409, {"ok": False, "error": str(e)}
        except (ValueError, TypeError) as e:
            return 400, {"ok": False, "error": str(e)}

    def _control_route(self, method: str, parts: list[str], body: dict, query: dict) -> dict:
        def since(items):
            n = int(query.get("since", "0") or 0)
            return {"ok": True, "items": items[n:], "next": len(items)}

        if parts == ["info"] and method == "GET":
            return {"ok": True, "base_url": self.base_url, "ws_base_url": self.ws_base_url, "tls": self.tls,
                    "port": self.port, "cert": self.cert_path, "rooms": len(self.rooms)}
        if parts == ["requests"]:
            if method == "DELETE":
                self.clear_requests()
                return {"ok": True}
            return since(self.requests)
        if parts == ["sent"] and method == "GET":
            return since(self.sent_by_clients)
        if parts == ["protocol_errors"] and method == "GET":
            return since(self.protocol_errors)
        if parts == ["rooms"]:
            if method == "GET":
                return {"ok": True, "rooms": sorted(self.rooms)}
            if method == "POST":
                args = {_snake(k): v for k, v in body.items()}
                code = args.pop("code", None)
                if not isinstance(code, str):
                    raise ValueError("code required")
                unknown = set(args) - self._CREATE_KEYS
                if unknown:
                    raise ValueError(f"unknown fields: {sorted(unknown)}")
                room = self._create_room(code, args)
                return {"ok": True, **room._snapshot()}
        if len(parts) >= 2 and parts[0] == "rooms":
            room = self._get_room(parts[1])
            action = parts[2:]
            if action == [] and method == "GET":
                return {"ok": True, **room._snapshot()}
            if action == ["connections"] and method == "GET":
                return {"ok": True, "shards": room._shard_count(), "all": len(room.conns)}
            if method != "POST":
                raise _HTTPError(405, "method not allowed")
            if action == ["players"]:
                return {"ok": True, "id": room._add_player(body.get("name"), body.get("userId") or body.get("user_id"), None)}
            if len(action) == 3 and action[0] == "players" and action[2] in ("disconnect", "reconnect"):
                pid = int(action[1])
                (room._disconnect_player if action[2] == "disconnect" else room._reconnect_player)(pid)
                return {"ok": True}
            if action == ["room"]:
                return {"ok": True, "version": room._set_room(body)}
            if action == ["rest"]:
                room.rest_overrides.update(body)
                return {"ok": True, "rest": room._rest_body()}
            if action == ["start"]:
                room._start_game(body.get("state", "Gameplay"), bool(body.get("countdown", False)),
                                 dict(body.get("fields") or {}))
                return {"ok": True, **room._snapshot()}
            if action == ["end"]:
                room._end_game(body.get("how", "postgame"), body.get("unlock"), dict(body.get("fields") or {}))
                return {"ok": True, **room._snapshot()}
            if action == ["close"]:
                room._close(int(body.get("cause", 1)))
                return {"ok": True}
            if action == ["drop"]:
                return {"ok": True, "dropped": self._drop(room.code, bool(body.get("rst", True)))}
            if action == ["refuse"]:
                self._refuse[room.code] = [int(body.get("count", 1)), body.get("status", 503)]
                return {"ok": True}
            if action == ["push_joins"]:
                room.push_joins = bool(body.get("enabled", True))
                return {"ok": True}
            if action == ["ping"]:
                return {"ok": True, "pinged": self._ping(room.code, b"fake-ecast")}
        raise _HTTPError(404, "no such control endpoint")


# --------------------------------------------------------------------------
# Standalone mode
# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Fake Jackbox ecast server (REST + ecast-v0 WebSocket)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--rooms", type=int, default=0, help="pre-create N rooms AAAA, AAAB, ...")
    p.add_argument("--tls", action="store_true", help="https/wss with a fresh self-signed certificate")
    p.add_argument("--no-ua-check", action="store_true", help="do not answer 403 to non-browser User-Agents")
    p.add_argument("--app-tag", default="drawful2international")
    p.add_argument("--max-players", type=int, default=8)
    p.add_argument("--min-players", type=int, default=3)
    p.add_argument("--entity-key", default="bc:room")
    args = p.parse_args(argv)

    fake = FakeEcast(tls=args.tls, host=args.host, port=args.port, require_browser_ua=not args.no_ua_check).start()

    def create_all():
        for code in room_codes(args.rooms):
            fake._create_room(code, {"app_tag": args.app_tag, "max_players": args.max_players,
                                     "min_players": args.min_players, "entity_key": args.entity_key})

    fake._call(create_all)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    print(f"READY {fake.base_url}", flush=True)
    if fake.cert_path:
        print(f"CERT {fake.cert_path}", file=sys.stderr, flush=True)
    while not stop.wait(0.5):
        pass
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
