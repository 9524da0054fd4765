"""Webhooks (platform-api.md "Webhooks"): the CRUD routes, and durable,
signed, retried delivery through libcurl to a real local HTTP receiver.

The receiver verifies every `X-Webhook-Signature` against the exact body
bytes it received and can be told to fail, stall or refuse connections, so
the retry, logging, non-blocking and restart behaviour are observed from
outside, as a receiver would see them."""
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gamenight import System, free_port
from helpers import (BAD_IDS, ISO_MS, add_game_ok, admin_token, assert_json_response, assert_recent, close_active,
                     fresh_session, playable_game_ids, wait_for_event)

SECRET = "receiver-secret-ü"
WEBHOOK_KEYS = ["id", "name", "url", "events", "enabled", "created_at"]
LOG_KEYS = ["id", "webhook_id", "event_type", "attempt", "response_status", "error_message", "duration_ms",
            "created_at"]
UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
RETRY_BASE_MS = 200


# --- the receiver ----------------------------------------------------------------

class Receiver:
    """A local HTTP server that records every POST it gets.

    `plan` lists the statuses to answer, one per request, then 200;
    `delay` seconds are slept before answering; `hold` makes every request
    wait until released (a transfer stuck in flight)."""

    def __init__(self, port=None, secret=SECRET):
        self.port = port or free_port()
        self.secret = secret.encode()
        self.plan = []
        self.delay = 0.0
        self.hold = None
        self.requests = []
        self.condition = threading.Condition()
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                expected = "sha256=" + hmac.new(receiver.secret, body, hashlib.sha256).hexdigest()
                with receiver.condition:
                    status = receiver.plan.pop(0) if receiver.plan else 200
                    hold, delay = receiver.hold, receiver.delay
                    record = {"at": time.time(), "path": self.path, "headers": dict(self.headers.items()),
                              "body": body, "signature_ok": hmac.compare_digest(
                                  self.headers.get("X-Webhook-Signature", ""), expected),
                              "status": status}
                    receiver.requests.append(record)
                    receiver.condition.notify_all()
                if hold is not None:
                    hold.wait(30)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def wait_for(self, count, timeout=10.0, predicate=lambda r: True):
        """The first `count` recorded requests matching `predicate`."""
        deadline = time.time() + timeout
        with self.condition:
            while True:
                matching = [r for r in self.requests if predicate(r)]
                if len(matching) >= count:
                    return matching
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise AssertionError(f"{len(matching)} of {count} deliveries after {timeout}s: {matching}")
                self.condition.wait(remaining)

    def of_type(self, event_type):
        return lambda r: r["headers"].get("X-Webhook-Event") == event_type


def body_of(request):
    return json.loads(request["body"])


# --- fixtures --------------------------------------------------------------------

@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """A system whose retries come quickly (200 ms, 800 ms)."""
    workdir = tmp_path_factory.mktemp("webhooks")
    system = System(workdir, env={"WEBHOOK_RETRY_BASE_MS": str(RETRY_BASE_MS), "RPC_TIMEOUT_MS": "3000",
                                  "LOG_LEVEL": "debug"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


@pytest.fixture
def token(system):
    return admin_token(system)


@pytest.fixture(autouse=True)
def no_webhooks_left(system, token):
    """Each test starts and ends with no webhooks, so one test's receivers
    never get another test's events."""
    def clear():
        r = system.request("GET", "/api/webhooks", token=token)
        assert r.status == 200, r
        for webhook in r.json():
            assert system.request("DELETE", f"/api/webhooks/{webhook['id']}", token=token).status == 200
    clear()
    yield
    clear()


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    if receiver.hold is not None:
        receiver.hold.set()
    receiver.stop()


def create(system, token, url, events=("game.added",), name="hook", secret=SECRET, **extra):
    r = system.request("POST", "/api/webhooks", token=token,
                       body={"name": name, "url": url, "secret": secret, "events": list(events), **extra})
    return assert_json_response(r, 201)


def logs(system, token, webhook_id):
    r = system.request("GET", f"/api/webhooks/{webhook_id}/logs", token=token)
    return assert_json_response(r, 200)


def wait_for_logs(system, token, webhook_id, count, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        rows = logs(system, token, webhook_id)
        if len(rows) >= count:
            return rows
        if time.time() > deadline:
            raise AssertionError(f"{len(rows)} of {count} log rows after {timeout}s: {rows}")
        time.sleep(0.05)


def send_test(system, token, webhook_id):
    r = system.request("POST", f"/api/webhooks/test/{webhook_id}", token=token)
    assert assert_json_response(r, 200) == {"message": "Test webhook sent"}
    return r


# --- CRUD and validation ------------------------------------------------------------

def test_create_returns_201_with_the_object_and_never_the_secret(system, token):
    created = create(system, token, "https://example.com/hook", events=["game.added", "session.started"],
                     name="Discord bot")
    assert list(created) == WEBHOOK_KEYS
    assert created["name"] == "Discord bot"
    assert created["url"] == "https://example.com/hook"
    assert created["events"] == ["game.added", "session.started"]
    assert created["enabled"] is True
    assert ISO_MS.match(created["created_at"])
    assert_recent(created["created_at"])

    listed = assert_json_response(system.request("GET", "/api/webhooks", token=token), 200)
    assert listed == [created]
    fetched = assert_json_response(system.request("GET", f"/api/webhooks/{created['id']}", token=token), 200)
    assert fetched == created
    for r in (system.request("GET", "/api/webhooks", token=token),
              system.request("GET", f"/api/webhooks/{created['id']}", token=token)):
        assert b"secret" not in r.body and SECRET.encode() not in r.body


def test_create_can_start_disabled_and_collapses_duplicate_events(system, token):
    created = create(system, token, "http://127.0.0.1:9/x", events=["vote.received", "vote.received"],
                     enabled=False)
    assert created["enabled"] is False
    assert created["events"] == ["vote.received"]


@pytest.mark.parametrize("body, message", [
    ({}, "Missing required fields: name, url, secret, events"),
    ({"url": "http://a/", "secret": "s", "events": ["game.added"]}, "Missing required fields: name, url, secret, events"),
    ({"name": "n", "secret": "s", "events": ["game.added"]}, "Missing required fields: name, url, secret, events"),
    ({"name": "n", "url": "http://a/", "events": ["game.added"]}, "Missing required fields: name, url, secret, events"),
    ({"name": "n", "url": "http://a/", "secret": "s"}, "Missing required fields: name, url, secret, events"),
    ({"name": "n", "url": "http://a/", "secret": "s", "events": None}, "Missing required fields: name, url, secret, events"),
    ({"name": "n", "url": "ftp://a/", "secret": "s", "events": ["game.added"]}, "url must be an http or https URL"),
    ({"name": "n", "url": "file:///etc/passwd", "secret": "s", "events": ["game.added"]}, "url must be an http or https URL"),
    ({"name": "n", "url": "not a url", "secret": "s", "events": ["game.added"]}, "url must be an http or https URL"),
    ({"name": "n", "url": 42, "secret": "s", "events": ["game.added"]}, "url must be an http or https URL"),
    ({"name": "n", "url": "http://a/", "secret": "s", "events": ["game.added", "room.connected"]},
     "Unknown event type: room.connected"),
    ({"name": "n", "url": "http://a/", "secret": "s", "events": ["webhook.test"]}, "Unknown event type: webhook.test"),
    ({"name": "n", "url": "http://a/", "secret": "s", "events": []}, "events must be a non-empty array of event types"),
    ({"name": "n", "url": "http://a/", "secret": "s", "events": "game.added"},
     "events must be a non-empty array of event types"),
    ({"name": "", "url": "http://a/", "secret": "s", "events": ["game.added"]},
     "name must be a non-empty string of at most 200 characters"),
    ({"name": "n", "url": "http://a/", "secret": "", "events": ["game.added"]},
     "secret must be a non-empty string of at most 1024 characters"),
    ({"name": "n", "url": "http://a/", "secret": "s", "events": ["game.added"], "enabled": "yes"},
     "enabled must be a boolean"),
])
def test_create_validation(system, token, body, message):
    r = system.request("POST", "/api/webhooks", token=token, body=body)
    assert assert_json_response(r, 400) == {"error": message}
    assert assert_json_response(system.request("GET", "/api/webhooks", token=token), 200) == []


def test_create_with_malformed_json_is_400(system, token):
    r = system.request("POST", "/api/webhooks", token=token, body="{nope")
    assert assert_json_response(r, 400) == {"error": "Invalid JSON body"}


def test_patch_changes_any_field_and_keeps_the_rest(system, token):
    created = create(system, token, "http://127.0.0.1:9/x")
    r = system.request("PATCH", f"/api/webhooks/{created['id']}", token=token,
                       body={"name": "renamed", "enabled": False, "events": ["session.ended", "game.added"],
                             "url": "https://example.org/new", "secret": "new-secret"})
    updated = assert_json_response(r, 200)
    assert updated == {**created, "name": "renamed", "enabled": False, "events": ["session.ended", "game.added"],
                       "url": "https://example.org/new"}
    assert b"new-secret" not in r.body
    r = system.request("PATCH", f"/api/webhooks/{created['id']}", token=token, body={"enabled": True})
    assert assert_json_response(r, 200)["enabled"] is True


@pytest.mark.parametrize("body, message", [
    ({}, "No valid fields to update. Allowed: name, url, secret, events, enabled"),
    ({"url": "gopher://x"}, "url must be an http or https URL"),
    ({"events": ["nope"]}, "Unknown event type: nope"),
    ({"enabled": "no"}, "enabled must be a boolean"),
    ({"secret": None}, "secret must be a non-empty string of at most 1024 characters"),
])
def test_patch_validation(system, token, body, message):
    created = create(system, token, "http://127.0.0.1:9/x")
    r = system.request("PATCH", f"/api/webhooks/{created['id']}", token=token, body=body)
    assert assert_json_response(r, 400) == {"error": message}
    assert assert_json_response(system.request("GET", f"/api/webhooks/{created['id']}", token=token), 200) == created


def test_delete_then_everything_is_404(system, token):
    created = create(system, token, "http://127.0.0.1:9/x")
    r = system.request("DELETE", f"/api/webhooks/{created['id']}", token=token)
    assert assert_json_response(r, 200) == {"message": "Webhook deleted successfully"}
    path = f"/api/webhooks/{created['id']}"
    for method, url, body in [("GET", path, None), ("PATCH", path, {"name": "x"}), ("DELETE", path, None),
                              ("POST", f"/api/webhooks/test/{created['id']}", None), ("GET", path + "/logs", None)]:
        r = system.request(method, url, token=token, body=body)
        assert assert_json_response(r, 404) == {"error": "Webhook not found"}, (method, url)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_are_404(system, token, bad):
    for method, url, body in [("GET", f"/api/webhooks/{bad}", None), ("PATCH", f"/api/webhooks/{bad}", {"name": "x"}),
                              ("DELETE", f"/api/webhooks/{bad}", None), ("POST", f"/api/webhooks/test/{bad}", None),
                              ("GET", f"/api/webhooks/{bad}/logs", None)]:
        r = system.request(method, url, token=token, body=body)
        assert assert_json_response(r, 404) == {"error": "Webhook not found"}, (method, url)


ROUTES = [("GET", "/api/webhooks"), ("POST", "/api/webhooks"), ("GET", "/api/webhooks/1"),
          ("PATCH", "/api/webhooks/1"), ("DELETE", "/api/webhooks/1"), ("POST", "/api/webhooks/test/1"),
          ("GET", "/api/webhooks/1/logs")]


@pytest.mark.parametrize("method, path", ROUTES)
def test_every_route_requires_a_bearer_token(system, method, path):
    body = {"name": "n"} if method in ("POST", "PATCH") else None
    r = system.request(method, path, body=body)
    assert assert_json_response(r, 401) == {"error": "Access token required"}
    r = system.request(method, path, body=body, token="not.a.jwt")
    assert assert_json_response(r, 403) == {"error": "Invalid or expired token"}


def test_logs_limit_is_validated(system, token):
    created = create(system, token, "http://127.0.0.1:9/x")
    for bad in ["0", "1001", "abc"]:
        r = system.request("GET", f"/api/webhooks/{created['id']}/logs?limit={bad}", token=token)
        assert assert_json_response(r, 400) == {"error": "limit must be an integer between 1 and 1000"}


# --- delivery --------------------------------------------------------------------

def assert_well_formed(request, event_type):
    headers = request["headers"]
    assert request["signature_ok"], request
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Webhook-Event"] == event_type
    assert UUID_V4.match(headers["X-Webhook-Delivery"]), headers
    assert re.match(r"^sha256=[0-9a-f]{64}$", headers["X-Webhook-Signature"]), headers
    assert headers["User-Agent"] == "gamenight-webhooks/1"
    body = body_of(request)
    assert list(body) == ["event", "timestamp", "data"]
    assert body["event"] == event_type
    assert ISO_MS.match(body["timestamp"])
    # Compact JSON: the bytes are exactly what a compact serializer writes.
    assert request["body"] == json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return body


def test_test_delivery_arrives_signed(system, token, receiver):
    created = create(system, token, receiver.url)
    send_test(system, token, created["id"])
    [request] = receiver.wait_for(1)
    body = assert_well_formed(request, "webhook.test")
    assert body["data"]["message"] == "This is a test webhook from gamenight"
    assert request["path"] == "/hook"
    [log] = wait_for_logs(system, token, created["id"], 1)
    assert list(log) == LOG_KEYS
    assert log["webhook_id"] == created["id"] and log["event_type"] == "webhook.test" and log["attempt"] == 1
    assert log["response_status"] == 200 and log["error_message"] is None
    assert isinstance(log["duration_ms"], int) and log["duration_ms"] >= 0
    assert ISO_MS.match(log["created_at"])


def test_session_and_game_events_are_delivered_with_the_websocket_data(system, token, receiver):
    close_active(system, token)
    webhook = create(system, token, receiver.url, events=["game.added", "session.started", "session.ended"])
    other = create(system, token, receiver.url, events=["session.ended"], name="ended only")
    session = fresh_session(system, token, notes="webhooks")
    [game_id] = playable_game_ids(system, 1)
    added = add_game_ok(system, token, session["id"], game_id, room_code="ABCD")
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200

    def for_session(event_type):
        def match(r):
            if r["headers"].get("X-Webhook-Event") != event_type:
                return False
            return body_of(r)["data"]["session"]["id"] == session["id"]
        return match

    [started] = receiver.wait_for(1, predicate=for_session("session.started"))
    [game] = receiver.wait_for(1, predicate=for_session("game.added"))
    ended = receiver.wait_for(2, predicate=for_session("session.ended"))
    for request, event_type in [(started, "session.started"), (game, "game.added"), (ended[0], "session.ended")]:
        body = assert_well_formed(request, event_type)
        # `data` is exactly the WebSocket event's data (the gateway logs each event it fans out).
        logged = wait_for_event(system, event_type, lambda d: d["session"]["id"] == session["id"])
        assert body["data"] == logged, event_type
    game_data = body_of(game)["data"]
    assert game_data["game"]["id"] == game_id
    assert game_data["game"]["session_game_id"] == added["id"]
    assert game_data["game"]["room_code"] == "ABCD"
    assert game_data["session"]["is_active"] is True
    # Two webhooks subscribe to session.ended: two deliveries, distinct ids, same bytes.
    assert {r["headers"]["X-Webhook-Delivery"] for r in ended}.__len__() == 2
    assert ended[0]["body"] == ended[1]["body"]
    time.sleep(0.3)
    assert len([r for r in receiver.requests if r["headers"]["X-Webhook-Event"] == "game.added"]) == 1
    assert [l["event_type"] for l in wait_for_logs(system, token, other["id"], 1)] == ["session.ended"]
    assert sorted(l["event_type"] for l in wait_for_logs(system, token, webhook["id"], 3)) == [
        "game.added", "session.ended", "session.started"]


def test_disabled_webhooks_get_no_events(system, token, receiver):
    close_active(system, token)
    webhook = create(system, token, receiver.url, events=["session.started"], enabled=False)
    fresh_session(system, token)
    time.sleep(0.5)
    assert receiver.requests == []
    assert logs(system, token, webhook["id"]) == []


def test_server_errors_are_retried_with_backoff_and_every_attempt_logged(system, token, receiver):
    receiver.plan = [500, 503]
    webhook = create(system, token, receiver.url)
    send_test(system, token, webhook["id"])
    attempts = receiver.wait_for(3, timeout=10)
    assert len({r["headers"]["X-Webhook-Delivery"] for r in attempts}) == 1, "same delivery id on every retry"
    assert len({r["body"] for r in attempts}) == 1 and all(r["signature_ok"] for r in attempts)
    gaps = [attempts[1]["at"] - attempts[0]["at"], attempts[2]["at"] - attempts[1]["at"]]
    assert gaps[0] >= RETRY_BASE_MS / 1000 * 0.9, gaps
    assert gaps[1] >= 4 * RETRY_BASE_MS / 1000 * 0.9, gaps
    rows = wait_for_logs(system, token, webhook["id"], 3)
    assert [(r["attempt"], r["response_status"]) for r in rows] == [(3, 200), (2, 503), (1, 500)]
    assert [r["error_message"] for r in rows] == [None, "HTTP 503", "HTTP 500"]
    time.sleep(1.2)
    assert len(receiver.requests) == 3


def test_three_server_errors_give_up_after_three_attempts(system, token, receiver):
    receiver.plan = [500, 500, 500, 500]
    webhook = create(system, token, receiver.url)
    send_test(system, token, webhook["id"])
    receiver.wait_for(3)
    time.sleep(2 * 16 * RETRY_BASE_MS / 1000)
    assert len(receiver.requests) == 3
    assert [r["response_status"] for r in logs(system, token, webhook["id"])] == [500, 500, 500]


@pytest.mark.parametrize("status", [400, 404, 410])
def test_client_errors_are_not_retried(system, token, receiver, status):
    receiver.plan = [status]
    webhook = create(system, token, receiver.url)
    send_test(system, token, webhook["id"])
    receiver.wait_for(1)
    [row] = wait_for_logs(system, token, webhook["id"], 1)
    assert (row["attempt"], row["response_status"], row["error_message"]) == (1, status, f"HTTP {status}")
    time.sleep(5 * RETRY_BASE_MS / 1000 + 0.5)
    assert len(receiver.requests) == 1
    assert len(logs(system, token, webhook["id"])) == 1


def test_unreachable_receiver_is_a_logged_network_error_retried_three_times(system, token):
    closed_port = free_port()
    webhook = create(system, token, f"http://127.0.0.1:{closed_port}/hook")
    send_test(system, token, webhook["id"])
    rows = wait_for_logs(system, token, webhook["id"], 3)
    assert [r["attempt"] for r in rows] == [3, 2, 1]
    for row in rows:
        assert row["response_status"] is None
        # A generic message: libcurl's text would make the log a port scanner.
        assert row["error_message"] == "network error", row
    time.sleep(1.0)
    assert len(logs(system, token, webhook["id"])) == 3


def test_a_slow_receiver_does_not_delay_api_replies(system, token, receiver):
    receiver.delay = 3.0
    webhook = create(system, token, receiver.url)
    started = time.time()
    send_test(system, token, webhook["id"])
    enqueue_took = time.time() - started
    receiver.wait_for(1)  # the delivery is now in flight, held for 3 s
    timings = []
    for _ in range(5):
        t0 = time.time()
        assert system.request("GET", "/api/webhooks", token=token).status == 200
        t1 = time.time()
        assert system.request("POST", "/api/sessions", token=token, body={}).status in (201, 400)
        timings.append((t1 - t0, time.time() - t1))
    assert len(logs(system, token, webhook["id"])) == 0, "measured while the delivery was still in flight"
    assert enqueue_took < 1.0, enqueue_took
    assert max(max(t) for t in timings) < 1.0, timings
    [row] = wait_for_logs(system, token, webhook["id"], 1, timeout=10)
    assert row["response_status"] == 200 and row["duration_ms"] >= 2900, row


def test_slow_receivers_are_served_concurrently(system, token):
    receivers = [Receiver().start() for _ in range(3)]
    try:
        for r in receivers:
            r.delay = 2.0
        hooks = [create(system, token, r.url, name=f"slow {i}") for i, r in enumerate(receivers)]
        started = time.time()
        for hook in hooks:
            send_test(system, token, hook["id"])
        for hook in hooks:
            wait_for_logs(system, token, hook["id"], 1, timeout=10)
        elapsed = time.time() - started
        # One at a time would take 6 s.
        assert elapsed < 4.0, elapsed
    finally:
        for r in receivers:
            r.stop()


def test_deliveries_to_one_webhook_go_out_in_order(system, token, receiver):
    receiver.delay = 0.2
    webhook = create(system, token, receiver.url)
    for _ in range(4):
        send_test(system, token, webhook["id"])
    requests = receiver.wait_for(4)
    stamps = [body_of(r)["timestamp"] for r in requests]
    assert stamps == sorted(stamps)
    # never two at once to the same webhook
    assert all(b["at"] - a["at"] >= 0.19 for a, b in zip(requests, requests[1:])), [r["at"] for r in requests]


def test_deleting_a_webhook_drops_its_pending_deliveries(system, token):
    closed_port = free_port()
    webhook = create(system, token, f"http://127.0.0.1:{closed_port}/hook")
    send_test(system, token, webhook["id"])
    wait_for_logs(system, token, webhook["id"], 1)  # attempt 1 failed; a retry is pending
    assert system.request("DELETE", f"/api/webhooks/{webhook['id']}", token=token).status == 200
    receiver = Receiver(port=closed_port).start()
    try:
        time.sleep(1.5)
        assert receiver.requests == []
    finally:
        receiver.stop()


# --- durability across a crash -------------------------------------------------------

@pytest.fixture
def durable_system(tmp_path):
    """Its own system with 1 s backoff, so the kill lands between attempts."""
    system = System(tmp_path, env={"WEBHOOK_RETRY_BASE_MS": "1000", "LOG_LEVEL": "info"}).start()
    yield system
    system.stop()


def kill_session_service(system):
    pid = system.pid("session-service")
    assert pid, system.logs()
    os.kill(pid, signal.SIGKILL)
    deadline = time.time() + 10
    while time.time() < deadline:
        new = system.pid("session-service")
        if new not in (None, pid):
            return new
        time.sleep(0.05)
    raise AssertionError("session-service was not restarted\n" + system.logs())


def test_pending_delivery_survives_kill_9_and_arrives_after_restart(durable_system):
    system = durable_system
    token = admin_token(system)
    receiver = Receiver()  # not listening yet: connections are refused
    webhook = create(system, token, receiver.url, events=["session.started"])
    close_active(system, token)
    session = fresh_session(system, token)
    kill_session_service(system)
    receiver.start()
    try:
        [request] = receiver.wait_for(1, timeout=15)
        body = assert_well_formed(request, "session.started")
        assert body["data"]["session"]["id"] == session["id"]
        system.wait_healthy(10)
        rows = wait_for_logs(system, token, webhook["id"], 1)
        assert rows[0]["response_status"] == 200
        assert all(r["response_status"] is None for r in rows[1:])
        time.sleep(0.5)
        assert len(receiver.requests) == 1
    finally:
        receiver.stop()


def test_delivery_in_flight_at_a_crash_is_sent_again_with_the_same_id(durable_system):
    system = durable_system
    token = admin_token(system)
    receiver = Receiver().start()
    receiver.hold = threading.Event()  # the first request never gets an answer
    try:
        webhook = create(system, token, receiver.url)
        send_test(system, token, webhook["id"])
        [first] = receiver.wait_for(1)
        kill_session_service(system)
        receiver.hold.set()
        receiver.hold = None
        requests = receiver.wait_for(2, timeout=15)
        assert requests[1]["headers"]["X-Webhook-Delivery"] == first["headers"]["X-Webhook-Delivery"]
        assert requests[1]["body"] == first["body"] and requests[1]["signature_ok"]
        system.wait_healthy(10)
        [row] = wait_for_logs(system, token, webhook["id"], 1)
        assert (row["attempt"], row["response_status"]) == (1, 200)
    finally:
        if receiver.hold is not None:
            receiver.hold.set()
        receiver.stop()


# --- where deliveries may go (SSRF) ------------------------------------------------------

REFUSED = "delivery refused: address not allowed"


@pytest.fixture(scope="module")
def strict_system(tmp_path_factory):
    """WEBHOOK_ALLOW_PRIVATE unset (production): only public addresses."""
    workdir = tmp_path_factory.mktemp("webhooks-strict")
    system = System(workdir, env={"WEBHOOK_ALLOW_PRIVATE": "", "LOG_LEVEL": "debug"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


class Listener:
    """A bare TCP listener that records whether anyone connected."""

    def __init__(self, family=socket.AF_INET, host="127.0.0.1"):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def stop(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def ipv6_loopback_available():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def denied_urls(v4_port, v6_port):
    urls = [f"http://127.0.0.1:{v4_port}/hook", f"http://localhost:{v4_port}/hook",
            f"http://2130706433:{v4_port}/hook", f"http://0177.0.0.1:{v4_port}/hook",
            f"http://0x7f000001:{v4_port}/hook", f"http://127.1:{v4_port}/hook",
            f"https://127.0.0.1:{v4_port}/hook", f"http://[::ffff:127.0.0.1]:{v4_port}/hook",
            f"http://0.0.0.0:{v4_port}/hook"]
    if v6_port:
        urls.append(f"http://[::1]:{v6_port}/hook")
    return urls


def test_private_and_loopback_receivers_are_refused_before_connecting(strict_system):
    system = strict_system
    token = admin_token(system)
    v4 = Listener()
    v6 = Listener(socket.AF_INET6, "::1") if ipv6_loopback_available() else None
    try:
        for url in denied_urls(v4.port, v6.port if v6 else None):
            webhook = create(system, token, url)
            send_test(system, token, webhook["id"])
            rows = wait_for_logs(system, token, webhook["id"], 1)
            assert len(rows) == 1, (url, rows)
            assert rows[0]["response_status"] is None, (url, rows)
            assert rows[0]["error_message"] == REFUSED, (url, rows)
        time.sleep(0.5)
        # Refused deliveries are not retried: the address will not change.
        assert v4.connections == 0
        assert v6 is None or v6.connections == 0
    finally:
        v4.stop()
        if v6:
            v6.stop()
    logs_text = system.logs()
    assert REFUSED in logs_text
    assert "Failed to connect" not in logs_text and "Couldn't connect" not in logs_text


def test_metadata_and_link_local_addresses_are_refused(strict_system):
    # Never contacted: the refusal happens before connect(2).
    system = strict_system
    token = admin_token(system)
    for url in ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1%25lo]/", "http://10.0.0.1/",
                "http://192.168.1.1/", "http://[fd00::1]/", "http://224.0.0.1/", "http://100.64.0.1/"]:
        webhook = create(system, token, url)
        send_test(system, token, webhook["id"])
        rows = wait_for_logs(system, token, webhook["id"], 1)
        assert rows[0]["error_message"] == REFUSED, (url, rows)
    for webhook in system.request("GET", "/api/webhooks", token=token).json():
        system.request("DELETE", f"/api/webhooks/{webhook['id']}", token=token)


def test_loopback_is_delivered_when_private_addresses_are_allowed(system, token, receiver):
    # The module's system sets WEBHOOK_ALLOW_PRIVATE=1 (gamenight.System's default).
    webhook = create(system, token, receiver.url.replace("127.0.0.1", "localhost"))
    send_test(system, token, webhook["id"])
    assert len(receiver.wait_for(1)) == 1
