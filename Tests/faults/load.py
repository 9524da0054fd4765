"""A steady mixed load on a running system, every request and its answer
recorded: sessions with games and room codes (driven to their end on the
fake ecast), live votes, chat imports, catalogue writes, reads, and
WebSocket clients that reconnect whenever the gateway goes away.

Each worker is a thread with its own keep-alive HTTP connection; all stop
when `Load.stop` is set. Nothing here asserts: the test reads the records
afterwards and checks them against the data."""
import http.client
import itertools
import json
import threading
import time

from votes import iso

CLIENT_TIMEOUT = 20.0  # far past any deadline: a request reaching it hung


class Record:
    __slots__ = ("kind", "method", "path", "status", "body", "started", "latency", "error", "sent")

    def __init__(self, kind, method, path, sent):
        self.kind, self.method, self.path, self.sent = kind, method, path, sent
        self.status = self.body = self.error = None
        self.started = self.latency = 0.0

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300

    def __repr__(self):
        return (f"{self.kind} {self.method} {self.path} -> {self.status} in {self.latency:.3f}s"
                f"{' ' + self.error if self.error else ''} {str(self.body)[:160]}")


class Client:
    """One keep-alive connection to the gateway, reopened after any error,
    and before a request after IDLE_S of quiet: the gateway closes idle
    connections (HTTP_IDLE_TIMEOUT_MS), and a request sent as it does so
    is lost in the race every keep-alive client has (RFC 9112 §9.3.1)."""

    IDLE_S = 2.0

    def __init__(self, load, kind):
        self.load, self.kind = load, kind
        self.connection = None
        self.last_used = 0.0

    def request(self, method, path, body=None, auth=True):
        record = Record(self.kind, method, path, body)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if auth:
            headers["Authorization"] = f"Bearer {self.load.token}"
        payload = json.dumps(body) if body is not None else None
        record.started = time.monotonic()
        if record.started - self.last_used > self.IDLE_S:
            self.close()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.load.port, timeout=CLIENT_TIMEOUT)
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            record.status = response.status
            try:
                record.body = json.loads(data) if data else None
            except ValueError:
                record.body = data[:200]
            if response.getheader("connection", "").lower() == "close":
                self.close()
        except TimeoutError as error:
            record.error = f"timeout: {error}"
            self.close()
        except (OSError, http.client.HTTPException) as error:
            record.error = f"{type(error).__name__}: {error}"
            self.close()
        record.latency = time.monotonic() - record.started
        self.last_used = time.monotonic()
        self.load.add(record)
        return record

    def close(self):
        if self.connection is not None:
            self.connection.close()
        self.connection = None


class Room:
    """A room code on the fake and the session game watching it."""

    def __init__(self, code, session_id, players):
        self.code, self.session_id, self.players = code, session_id, players
        self.game_id = None          # the session game
        self.watched_at = None       # the fake saw the monitor's shard connection
        self.ended_at = None         # end_game sent to the fake
        self.finished_at = None      # the session game shows the final state


class Load:
    def __init__(self, system, fake, token, voters=3, ws_clients=4):
        self.system, self.fake, self.token, self.port = system, fake, token, system.port
        self.stop = threading.Event()
        self.ws_stop = threading.Event()
        self.lock = threading.Lock()
        self.records = []
        self.sessions = {}           # id -> notes, for every 201
        self.session_id = None       # the active one, as the conductor knows it
        self.rooms = []
        self.catalogue_games = {}    # id -> the 201 body
        self.epochs = 0
        self.codes = (f"F{a}{b}{c}" for a, b, c in itertools.product("ABCDEFGHJKLMNPQRSTUVWXYZ", repeat=3))
        self.names = itertools.count()
        self.threads = [threading.Thread(target=self._guard(self.conductor), name="conductor", daemon=True),
                        threading.Thread(target=self._guard(self.chat_importer), name="chat", daemon=True),
                        threading.Thread(target=self._guard(self.catalogue_writer), name="catalogue", daemon=True),
                        threading.Thread(target=self._guard(self.reader), name="reader", daemon=True)]
        self.threads += [threading.Thread(target=self._guard(self.voter), args=(n,), name=f"voter-{n}", daemon=True)
                         for n in range(voters)]
        self.ws = [LiveSubscriber(self, n) for n in range(ws_clients)]
        self.crashes = []

    def _guard(self, body):
        def run(*args):
            try:
                body(*args)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                self.crashes.append(f"{threading.current_thread().name}: {type(error).__name__}: {error}")
                raise
        return run

    def add(self, record):
        with self.lock:
            self.records.append(record)

    def start(self):
        for thread in self.threads:
            thread.start()
        for subscriber in self.ws:
            subscriber.start()
        return self

    def finish(self, timeout=90):
        """Stops the HTTP workers (the WebSocket clients go on); returns
        the names of those that did not stop in time."""
        self.stop.set()
        return self._join(self.threads, timeout)

    def finish_subscribers(self, timeout=15):
        self.ws_stop.set()
        return self._join(self.ws, timeout)

    @staticmethod
    def _join(threads, timeout):
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        return [t.name for t in threads if t.is_alive()]

    def unique(self, prefix):
        return f"{prefix}{next(self.names)}"

    def room_in_lobby(self):
        """A room the monitor is watching that has not ended yet."""
        with self.lock:
            return next((r for r in self.rooms if r.watched_at and not r.ended_at), None)

    # --- sessions, session games, room codes, monitors ---------------------------------------

    def conductor(self):
        """One session at a time (the API allows no more): create it, add a
        plain game and a room-coded one, drive the room from lobby to end on
        the fake, wait until the session game shows the end, close the
        session."""
        client = Client(self, "sessions")
        game_ids = [g["id"] for g in self.system_games()][:6]
        while not self.stop.is_set():
            self.epochs += 1
            notes = f"faults epoch {self.epochs}"
            session_id = self.create_session(client, notes)
            if session_id is None:
                return
            self.session_id = session_id
            pick = [game_ids[(self.epochs * 2 + i) % len(game_ids)] for i in range(2)]
            # One room per session: adding a game finishes the one playing,
            # which stops its monitor. Odd epochs give the code with the
            # add, even ones by PATCH room-code.
            room = Room(next(self.codes), session_id, [f"P{i}" for i in range(2 + self.epochs % 3)])
            self.fake.create_room(room.code)
            self.retry(client, "POST", f"/api/sessions/{session_id}/games", {"game_id": pick[0]}, {201})
            if self.add_room_game(client, session_id, pick[1], room, via_patch=self.epochs % 2 == 0):
                with self.lock:
                    self.rooms.append(room)
                self.drive(client, [room])
            if self.stop.is_set():
                return
            self.retry(client, "POST", f"/api/sessions/{session_id}/close", {}, {200}, done_on={400})

    def system_games(self):
        r = self.system.request("GET", "/api/games")
        assert r.status == 200, r
        return [g for g in r.json() if g["enabled"] == 1]

    def retry(self, client, method, path, body, ok, done_on=(), deadline=45.0):
        """Repeats a request while it fails for reasons of the fault (5xx, no
        answer), up to `deadline` seconds; returns the last record."""
        end = time.monotonic() + deadline
        while True:
            record = client.request(method, path, body)
            if record.status in ok or record.status in done_on or time.monotonic() > end:
                return record
            if record.status is not None and record.status < 500:
                return record
            time.sleep(0.2)

    def create_session(self, client, notes):
        end = time.monotonic() + 60
        while time.monotonic() < end:
            record = client.request("POST", "/api/sessions", {"notes": notes})
            if record.status == 201:
                with self.lock:
                    self.sessions[record.body["id"]] = notes
                return record.body["id"]
            if record.status == 400 and "activeSessionId" in (record.body or {}):
                # A create the fault cut off may have committed: adopt it if
                # it is ours, else close whatever is active.
                active = record.body["activeSessionId"]
                got = client.request("GET", f"/api/sessions/{active}", auth=False)
                if got.status == 200 and got.body.get("notes") == notes:
                    return active
                client.request("POST", f"/api/sessions/{active}/close", {})
            time.sleep(0.2)
        return None

    def add_room_game(self, client, session_id, game_id, room, via_patch):
        if via_patch:
            added = self.retry(client, "POST", f"/api/sessions/{session_id}/games", {"game_id": game_id}, {201})
            if added.status != 201:
                return False
            room.game_id = added.body["id"]
            set_code = self.retry(client, "PATCH", f"/api/sessions/{session_id}/games/{room.game_id}/room-code",
                                  {"room_code": room.code}, {200})
            return set_code.status == 200 or self.adopt(client, session_id, room)
        end = time.monotonic() + 45
        while time.monotonic() < end:
            added = client.request("POST", f"/api/sessions/{session_id}/games",
                                   {"game_id": game_id, "room_code": room.code})
            if added.status == 201:
                room.game_id = added.body["id"]
                return True
            if added.status is not None and added.status < 500:
                return False
            if self.adopt(client, session_id, room):
                return True
            time.sleep(0.2)
        return False

    def adopt(self, client, session_id, room):
        """After an answer the fault cut off: the session game with the room
        code, if the write committed after all."""
        listed = client.request("GET", f"/api/sessions/{session_id}/games", auth=False)
        if listed.status != 200:
            return False
        rows = [row for row in listed.body if row["room_code"] == room.code]
        if rows:
            room.game_id = rows[0]["id"]
            return True
        return False

    def drive(self, client, rooms):
        """Lobby → players → start → end on the fake, slowly enough that the
        kills land in the middle; then waits for the session games to show
        the end (monitors resumed after any kill report it)."""
        deadline = time.monotonic() + 20
        for room in rooms:
            while not self.fake.connections(room.code) and time.monotonic() < deadline:
                time.sleep(0.05)
            if self.fake.connections(room.code):
                room.watched_at = time.monotonic()
        for step in range(max(len(r.players) for r in rooms)):
            for room in rooms:
                if step < len(room.players):
                    self.fake.room(room.code).add_player(room.players[step])
            time.sleep(0.6)
        for room in rooms:
            self.fake.room(room.code).set_room(lobbyState="CanStart", gameCanStart=True)
        time.sleep(0.8)
        for room in rooms:
            self.fake.room(room.code).start_game(state="Gameplay")
        time.sleep(1.2)
        for room in rooms:
            self.fake.room(room.code).end_game(how="postgame")
            room.ended_at = time.monotonic()
        end = time.monotonic() + 45
        while time.monotonic() < end and not all(r.finished_at for r in rooms):
            for room in rooms:
                if not room.finished_at and self.room_finished(client, room):
                    room.finished_at = time.monotonic()
            time.sleep(0.3)

    def room_finished(self, client, room):
        live = client.request("GET", f"/api/sessions/{room.session_id}/games/{room.game_id}/status-live", auth=False)
        if live.status != 200 or live.body.get("monitoring") or live.body.get("status") != "completed":
            return False
        listed = client.request("GET", f"/api/sessions/{room.session_id}/games", auth=False)
        return listed.status == 200 and any(row["id"] == room.game_id and row["player_count"] == len(room.players)
                                            for row in listed.body)

    # --- votes, chat imports, catalogue, reads -------------------------------------------------

    def voter(self, index):
        client = Client(self, "vote")
        number = 0
        while not self.stop.is_set():
            number += 1
            body = {"username": f"v{index}-{number}", "vote": "up" if (number + index) % 3 else "down",
                    "timestamp": iso(int(time.time() * 1000))}
            record = client.request("POST", "/api/votes/live", body)
            time.sleep(0.03 if record.ok else 0.15)

    def chat_importer(self):
        client = Client(self, "chat")
        batch = 0
        while not self.stop.is_set():
            session_id = self.session_id
            if session_id is None:
                time.sleep(0.2)
                continue
            batch += 1
            now = int(time.time() * 1000)
            messages = [{"username": f"c{batch}-{n}", "message": "thisgame++" if n % 4 else "thisgame--",
                         "timestamp": iso(now + n)} for n in range(20)]
            client.request("POST", f"/api/sessions/{session_id}/chat-import", {"chatData": messages})
            time.sleep(0.4)

    def catalogue_writer(self):
        client = Client(self, "catalogue")
        while not self.stop.is_set():
            title = self.unique("Fault Game ")
            body = {"pack_name": "Faults Pack", "title": title, "min_players": 2 + len(title) % 3,
                    "max_players": 8, "game_type": "Trivia"}
            record = client.request("POST", "/api/games", body)
            if record.status == 201:
                with self.lock:
                    self.catalogue_games[record.body["id"]] = body
            time.sleep(0.2)

    def reader(self):
        client = Client(self, "read")
        paths = ["/api/sessions/active", "/api/games?enabled=true", "/api/sessions"]
        for n in itertools.count():
            if self.stop.is_set():
                return
            record = client.request("GET", paths[n % len(paths)], auth=False)
            time.sleep(0.1 if record.ok else 0.2)


class LiveSubscriber(threading.Thread):
    """A dashboard on /api/sessions/live: authenticates, follows the active
    session (subscribing on each `session.started`) and reconnects 0.2 s
    after any loss. Records its connections and every event's arrival."""

    def __init__(self, load, index):
        super().__init__(name=f"ws-{index}", daemon=True)
        self.load = load
        self.connected_at = []   # monotonic times of successful auth
        self.events = []         # (monotonic time, type)
        self.failures = []

    def run(self):
        from websockets.exceptions import ConnectionClosed, InvalidHandshake
        from websockets.sync.client import connect
        while not self.load.ws_stop.is_set():
            try:
                with connect(f"ws://127.0.0.1:{self.load.port}/api/sessions/live", open_timeout=3,
                             close_timeout=1, proxy=None) as ws:
                    ws.send(json.dumps({"type": "auth", "token": self.load.token}))
                    if json.loads(ws.recv(5)).get("type") != "auth_success":
                        self.failures.append("auth refused")
                        time.sleep(0.5)
                        continue
                    self.connected_at.append(time.monotonic())
                    subscribed = self.load.session_id
                    if subscribed:
                        ws.send(json.dumps({"type": "subscribe", "sessionId": subscribed}))
                    while not self.load.ws_stop.is_set():
                        try:
                            message = json.loads(ws.recv(0.5))
                        except TimeoutError:
                            continue
                        self.events.append((time.monotonic(), message.get("type")))
                        if message.get("type") == "session.started":
                            if subscribed:
                                ws.send(json.dumps({"type": "unsubscribe", "sessionId": subscribed}))
                            subscribed = message["data"]["session"]["id"]
                            ws.send(json.dumps({"type": "subscribe", "sessionId": subscribed}))
            except (ConnectionClosed, InvalidHandshake, OSError, TimeoutError) as error:
                self.failures.append(f"{type(error).__name__}")
                time.sleep(0.2)

    def events_between(self, start, end):
        return [kind for at, kind in self.events if start < at < end]
