"""Helpers for the room-monitor tests (test_monitor_*.py): a system wired to
a FakeEcast, session games that are being monitored, the monitor events the
gateway logged (per session game), what the fake saw (REST lookups, shard
upgrades, slots, which process holds which shard) and the player-check
routes.

Black-box like helpers.py: HTTP through `System.request`, the gateway's debug
event log, the fake's records, and /proc for the monitor processes."""
import itertools
import os
import pathlib
import signal
import time

import pytest

from fake_ecast import FakeEcast
from gamenight import System
from helpers import admin_token, add_game_ok, events, fresh_session, playable_game_ids, wait_for_event

# The order of the live object (openapi LiveStatus, the `game.status` data).
LIVE_KEYS = ["sessionId", "gameId", "roomCode", "appTag", "maxPlayers", "playerCount", "players", "lobbyState",
             "gameState", "gameStarted", "gameFinished", "monitoring"]
FALLBACK_KEYS = LIVE_KEYS + ["title", "packName", "status"]

# Every event a room monitor publishes (game.status is the heartbeat).
LIFECYCLE = ("room.connected", "lobby.player-joined", "lobby.updated", "game.started", "game.ended",
             "room.disconnected", "player-count.updated")

START_OK = {"message": "Room monitor started", "status": "monitoring"}
STOP_OK = {"message": "Room monitor and player count check stopped", "status": "stopped"}
NOT_FOUND = {"error": "Session game not found"}
NO_ROOM_CODE = {"error": "Game does not have a room code"}


# --- the system -------------------------------------------------------------------------------

def monitor_env(fake, **overrides):
    """The environment of a system whose monitors talk to `fake`: 1 s
    heartbeat, short back-off, debug log (the gateway logs every event)."""
    env = {"ECAST_BASE_URL": fake.base_url, "MONITOR_HEARTBEAT_SECONDS": "1",
           "MONITOR_RECONNECT_DELAYS_MS": "200,400,800", "LOG_LEVEL": "debug",
           "HTTP_IDLE_TIMEOUT_MS": "1500", "RPC_TIMEOUT_MS": "1500"}
    if fake.tls:
        env["ECAST_CA_FILE"] = fake.cert_path
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def start_system(workdir, fake, **overrides):
    return System(workdir, env=monitor_env(fake, **overrides)).start()


def stop_system(system):
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


def module_fixtures(name, tls=False, strict_protocol=False, **overrides):
    """The `fake`, `system` and `token` fixtures of one test module: a fake
    ecast (TLS when asked; `strict_protocol` asserts at the end that the
    monitor broke no RFC 6455 rule), a system whose monitors use it with
    `overrides` in the environment, and the admin token."""
    @pytest.fixture(scope="module")
    def fake():
        f = FakeEcast(tls=tls).start()
        yield f
        if strict_protocol:
            assert f.protocol_errors == [], f"RFC 6455 violations by the monitor: {f.protocol_errors}"
        f.stop()

    @pytest.fixture(scope="module")
    def system(tmp_path_factory, fake):
        system = start_system(tmp_path_factory.mktemp(name), fake, **overrides)
        yield system
        stop_system(system)

    @pytest.fixture
    def token(system):
        return admin_token(system)

    return fake, system, token


# --- room codes -----------------------------------------------------------------------------

class Codes:
    """Distinct 4-character room codes: `prefix` + three letters."""

    def __init__(self, prefix):
        assert len(prefix) == 1
        self.prefix = prefix
        self._n = itertools.count()

    def __call__(self):
        i = next(self._n)
        return self.prefix + "".join(chr(65 + (i // 26 ** k) % 26) for k in (2, 1, 0))


# --- waiting --------------------------------------------------------------------------------

def wait_until(predicate, timeout=5.0, what="condition", interval=0.05):
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


# --- monitor events -------------------------------------------------------------------------

def game_events(system, game_id, types=LIFECYCLE):
    """[(type, data)] the gateway logged for session game `game_id`, in order;
    `types=None` for every type (including game.status)."""
    return [(kind, data) for kind, data in events(system)
            if data is not None and data.get("gameId") == game_id and (types is None or kind in types)]


def types_of(system, game_id, types=LIFECYCLE):
    return [kind for kind, _ in game_events(system, game_id, types)]


def of_type(system, game_id, event_type):
    return [data for kind, data in game_events(system, game_id, (event_type,))]


def wait_game_event(system, game_id, event_type, predicate=lambda d: True, timeout=5.0):
    return wait_for_event(system, event_type, lambda d: d.get("gameId") == game_id and predicate(d), timeout)


def wait_count(system, game_id, event_type, count, timeout=5.0):
    """Waits until at least `count` `event_type` events of the game were logged; returns them all."""
    wait_until(lambda: len(of_type(system, game_id, event_type)) >= count, timeout,
               f"{count} {event_type} event(s) of session game {game_id}; "
               f"seen {types_of(system, game_id)}")
    return of_type(system, game_id, event_type)


def disconnected(system, game_id, reason, timeout=5.0):
    return wait_game_event(system, game_id, "room.disconnected", lambda d: d["reason"] == reason, timeout)


def joined_names(system, game_id):
    return [d["playerName"] for d in of_type(system, game_id, "lobby.player-joined")]


def assert_no_heartbeat_after_disconnect(system, game_id, wait=2.5):
    """After `room.disconnected`, no `game.status` of that game for `wait` seconds."""
    time.sleep(wait)
    kinds = types_of(system, game_id, types=None)
    assert "room.disconnected" in kinds, kinds
    after = kinds[kinds.index("room.disconnected") + 1:]
    assert "game.status" not in after, f"game.status after room.disconnected: {after}"


# --- sessions and games ------------------------------------------------------------------------

def any_game(system):
    return playable_game_ids(system, 1)[0]


def session_game_row(system, session_id, game_id):
    r = system.request("GET", f"/api/sessions/{session_id}/games")
    assert r.status == 200, r
    rows = [row for row in r.json() if row["id"] == game_id]
    assert len(rows) == 1, r.json()
    return rows[0]


def status_live(system, session_id, game_id):
    r = system.request("GET", f"/api/sessions/{session_id}/games/{game_id}/status-live")
    assert r.status == 200, r
    return r.json()


def check_status(system, session_id, game_id):
    """player_count_check_status as the fallback shows it; "monitoring" while the live object is served."""
    live = status_live(system, session_id, game_id)
    return "monitoring" if live["monitoring"] else live["status"]


def wait_check_status(system, session_id, game_id, expected, timeout=5.0):
    seen = []

    def done():
        seen.append(check_status(system, session_id, game_id))
        return seen[-1] == expected

    try:
        wait_until(done, timeout, f"check status {expected}")
    except AssertionError:
        raise AssertionError(f"check status of {game_id}: expected {expected}, last {seen[-1:]}") from None


def start_check(system, token, session_id, game_id):
    return system.request("POST", f"/api/sessions/{session_id}/games/{game_id}/start-player-check", token=token)


def stop_check(system, token, session_id, game_id):
    return system.request("POST", f"/api/sessions/{session_id}/games/{game_id}/stop-player-check", token=token)


def set_room_code(system, token, session_id, game_id, code):
    r = system.request("PATCH", f"/api/sessions/{session_id}/games/{game_id}/room-code", body={"room_code": code},
                       token=token)
    assert r.status == 200, r
    return r.json()


def set_status(system, token, session_id, game_id, status):
    r = system.request("PATCH", f"/api/sessions/{session_id}/games/{game_id}/status", body={"status": status},
                       token=token)
    assert r.status == 200, r
    return r.json()


def monitored_game(system, token, fake, code, players=(), session=None, connect=True, create=True, **room):
    """Creates room `code` in the fake (unless not `create`) with `players`
    already in it, a fresh session (unless `session` is given) and a session
    game with that room code, then (with `connect`) waits for `room.connected`.
    Returns (session, session game, Room or None, room.connected data or None)."""
    created = fake.create_room(code, **room) if create else None
    for name in players:
        created.add_player(name)
    session = session or fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system), room_code=code)
    connected = wait_game_event(system, game["id"], "room.connected", timeout=8) if connect else None
    if connect:
        assert fake.wait_for_connections(code, 1), f"no shard connection to {code}"
    return session, game, created, connected


# --- what the fake saw -------------------------------------------------------------------------

def shard_requests(fake, code):
    """The WebSocket upgrade requests for `code`, in order."""
    return [r for r in fake.requests if r["kind"] == "ws" and r["room"] == code]


def rest_requests(fake, code):
    return [r for r in fake.requests if r["kind"] == "rest" and r["room"] == code]


def slots(fake, code):
    """[(client id, secret)] of the room's shard clients, oldest first."""
    room = fake.room(code)
    return fake._call(lambda: [(c["id"], c["secret"]) for c in room.clients.values() if "shard" in c["roles"]])


def shard_peer_ports(fake, code=None):
    """{client port: room code} of the open, welcomed shard connections."""
    def collect():
        out = {}
        for conn in list(fake._all_conns):
            if conn.role != "shard" or not conn.welcomed or conn.closing or conn.closed:
                continue
            if code is not None and conn.room.code != code:
                continue
            peer = conn.writer.get_extra_info("peername")
            if peer:
                out[peer[1]] = conn.room.code
        return out
    return fake._call(collect)


def _socket_inodes(pid):
    inodes = set()
    fd_dir = pathlib.Path(f"/proc/{pid}/fd")
    try:
        for fd in fd_dir.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except FileNotFoundError:
        pass
    return inodes


def _local_ports_by_inode():
    ports = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = pathlib.Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            ports[fields[9]] = int(fields[1].rsplit(":", 1)[1], 16)
    return ports


def shard_owners(fake, pids, code=None):
    """{room code: [pids holding a shard connection to it]} — by matching the
    fake's peer ports with the TCP sockets each process has open."""
    peers = shard_peer_ports(fake, code)
    by_inode = _local_ports_by_inode()
    owners = {}
    for pid in pids:
        for inode in _socket_inodes(pid):
            port = by_inode.get(inode)
            if port in peers:
                owners.setdefault(peers[port], []).append(pid)
    return owners


# --- monitor processes -------------------------------------------------------------------------

def monitor_instance_of(pid):
    try:
        env = pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except FileNotFoundError:
        return None
    for entry in env:
        if entry.startswith(b"MONITOR_INSTANCE="):
            return int(entry.split(b"=", 1)[1])
    return 1


def monitor_pids(system):
    """{instance: pid} of the running monitor-service processes."""
    return {monitor_instance_of(pid): pid for pid in system.pids("monitor-service")}


def kill_monitor(system, instance=1):
    """kill -9 of monitor-service `instance`; returns the killed pid."""
    pid = monitor_pids(system)[instance]
    os.kill(pid, signal.SIGKILL)
    return pid


def wait_restarted(system, instance, old_pid, timeout=10.0):
    """The new pid of `instance` once the supervisor restarted it."""
    return wait_until(lambda: (lambda p: p if p not in (None, old_pid) else None)(monitor_pids(system).get(instance)),
                      timeout, f"monitor-service {instance} restarted")


def owner_instance(session_game_id, instances):
    """InstanceOwner.owner (Shared/Contracts/InstanceOwner.swift): SplitMix64's finalizer modulo N, plus 1."""
    if instances <= 1:
        return 1
    mask = (1 << 64) - 1
    z = session_game_id & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z = z ^ (z >> 31)
    return z % instances + 1


# --- the live WebSocket, as a dashboard sees the events ----------------------------------------

class LiveClient:
    """A synchronous `websockets` client on /api/sessions/live, authenticated
    and subscribed to `session_id`; `collect` returns (receipt time, message)."""

    def __init__(self, system, token, session_id):
        import json
        from websockets.sync.client import connect
        self._json = json
        self._opened = connect(f"ws://127.0.0.1:{system.port}/api/sessions/live", open_timeout=5, close_timeout=2,
                               proxy=None)
        self.ws = self._opened.__enter__()
        self.ws.send(json.dumps({"type": "auth", "token": token}))
        assert json.loads(self.ws.recv(5))["type"] == "auth_success"
        self.ws.send(json.dumps({"type": "subscribe", "sessionId": session_id}))
        assert json.loads(self.ws.recv(5))["type"] == "subscribed"

    def collect(self, seconds):
        out, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                text = self.ws.recv(left)
            except TimeoutError:
                break
            out.append((time.monotonic(), self._json.loads(text)))
        return out

    def close(self):
        self._opened.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
