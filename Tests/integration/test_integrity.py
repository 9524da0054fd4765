"""Integrity of the sessions API under pressure: concurrent creates and adds,
no 500 for any malformed input, durability across a kill -9 of
session-service, and the events session-service publishes to the gateway
(logged at debug level until WebSockets exist)."""
import concurrent.futures
import os
import signal
import threading
import time

import pytest

from helpers import (BAD_IDS, ISO_MS, add_game_ok, admin_token, close_active, events, fresh_session, get_game,
                     playable_game_ids, session_games, wait_for_event)

ACTIVE_EXISTS = "An active session already exists. Please close it before creating a new one."


@pytest.fixture
def token(system):
    return admin_token(system)


def parallel(count, call):
    """Runs call(i) for i in range(count) on `count` threads released together."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait(timeout=30)
        return call(i)

    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


# --- concurrency ---------------------------------------------------------------------------

def test_parallel_creates_yield_exactly_one_active_session(system, token):
    close_active(system, token)
    results = parallel(50, lambda i: system.request("POST", "/api/sessions", body={"notes": f"race {i}"},
                                                    token=token, timeout=30))
    created = [r for r in results if r.status == 201]
    rejected = [r for r in results if r.status == 400]
    assert len(created) == 1, [r.status for r in results]
    assert len(rejected) == 49, [r.status for r in results]
    winner = created[0].json()
    for r in rejected:
        assert r.json() == {"error": ACTIVE_EXISTS, "activeSessionId": winner["id"]}
    active = [s for s in system.request("GET", "/api/sessions").json() if s["is_active"] == 1]
    assert [s["id"] for s in active] == [winner["id"]]
    assert system.request("GET", "/api/sessions/active").json()["id"] == winner["id"]


def test_parallel_adds_keep_one_playing_game_and_count_every_play(system, token):
    session = fresh_session(system, token, notes="parallel adds")
    game_id = playable_game_ids(system, 1)[0]
    before = get_game(system, game_id)["play_count"]
    results = parallel(50, lambda i: system.request("POST", f"/api/sessions/{session['id']}/games",
                                                    body={"game_id": game_id}, token=token, timeout=30))
    assert [r.status for r in results] == [201] * 50, [r for r in results if r.status != 201][:3]
    added_ids = sorted(r.json()["id"] for r in results)
    assert len(set(added_ids)) == 50
    rows = session_games(system, session["id"])
    assert sorted(row["id"] for row in rows) == added_ids
    playing = [row for row in rows if row["status"] == "playing"]
    assert len(playing) == 1, [row["status"] for row in rows]
    assert playing[0]["id"] == max(added_ids), "the last insert is the one playing"
    assert all(row["status"] == "played" for row in rows if row["id"] != playing[0]["id"])
    assert get_game(system, game_id)["play_count"] == before + 50
    assert system.request("GET", f"/api/sessions/{session['id']}").json()["games_played"] == 50


# --- no 500 for bad input ---------------------------------------------------------------------

MALFORMED_JSON = ['{"a": ', "not json", "[1,2]", '"a string"', '{"a":1} trailing', "{'a': 1}", '{"a":1,}']
ODD_JSON = ["5", "null", "true", "[]", '{"a":{"b":{"c":[[[[]]]]}}}', '{"game_id": 1e400, "player_count": 1e400}',
            '{"game_id": -0, "player_count": -0}', '{"game_id": 1e2, "player_count": 1E1}',
            '{"room_code": "\\u0000ABC", "notes": "\\ud800"}']
ODD_VALUES = [None, True, False, 0, -1, 1.5, 10 ** 20, -(10 ** 20), "", "x" * 5000, "ABCD", "1", [], {}, [1],
              {"a": 1}, "\u0000", "😀"]


def body_routes(session_id, sg_id, game_id):
    """(method, path, valid body) for every in-scope route that reads a body;
    POST …/close last, since it ends the session."""
    return [
        ("POST", "/api/auth/login", {"key": "nope"}),
        ("POST", "/api/sessions", {"notes": "x"}),
        ("POST", f"/api/sessions/{session_id}/games", {"game_id": game_id, "manually_added": False,
                                                        "room_code": "ABCD"}),
        ("PATCH", f"/api/sessions/{session_id}/games/{sg_id}/status", {"status": "playing"}),
        ("PATCH", f"/api/sessions/{session_id}/games/{sg_id}/room-code", {"room_code": "ABCD"}),
        ("PATCH", f"/api/sessions/{session_id}/games/{sg_id}/player-count", {"player_count": 4}),
        ("POST", "/api/games", {"pack_name": "Sweep", "title": "Sweep", "min_players": 1, "max_players": 4,
                                "length_minutes": 10, "has_audience": True, "family_friendly": True,
                                "game_type": "Trivia", "secondary_type": None}),
        ("PUT", f"/api/games/{game_id}", {"pack_name": "Sweep", "title": "Sweep", "min_players": 1,
                                          "max_players": 4, "length_minutes": 10, "has_audience": True,
                                          "family_friendly": True, "game_type": "Trivia", "secondary_type": None}),
        ("POST", f"/api/sessions/{session_id}/close", {"notes": "done"}),
    ]


def id_routes(session_id, sg_id, game_id):
    """Every in-scope route with its ids as format placeholders."""
    s, g, x = "{s}", "{g}", "{x}"
    return [
        ("GET", f"/api/sessions/{s}", None),
        ("POST", f"/api/sessions/{s}/close", {}),
        ("DELETE", f"/api/sessions/{s}", None),
        ("GET", f"/api/sessions/{s}/games", None),
        ("POST", f"/api/sessions/{s}/games", {"game_id": game_id}),
        ("PATCH", f"/api/sessions/{s}/games/{g}/status", {"status": "played"}),
        ("DELETE", f"/api/sessions/{s}/games/{g}", None),
        ("PATCH", f"/api/sessions/{s}/games/{g}/room-code", {"room_code": "WXYZ"}),
        ("PATCH", f"/api/sessions/{s}/games/{g}/player-count", {"player_count": 2}),
        ("GET", f"/api/games/{x}", None),
        ("PUT", f"/api/games/{x}", {"title": "T"}),
        ("DELETE", f"/api/games/{x}", None),
        ("PATCH", f"/api/games/{x}/toggle", None),
    ]


def sweep_target(system, token):
    """A sweep game (never added elsewhere), an active session and one of its
    session games, all created just for the sweep."""
    r = system.request("POST", "/api/games", body={"pack_name": "Sweep", "title": "Sweep target", "min_players": 1,
                                                   "max_players": 8}, token=token)
    assert r.status == 201, r
    game_id = r.json()["id"]
    session = fresh_session(system, token, notes="sweep")
    sg = add_game_ok(system, token, session["id"], game_id)
    return session["id"], sg["id"], game_id


def test_malformed_json_bodies_are_400_invalid_json_body(system, token):
    session_id, sg_id, game_id = sweep_target(system, token)
    failures = []
    for method, path, _ in body_routes(session_id, sg_id, game_id):
        for raw in MALFORMED_JSON:
            r = system.request(method, path, body=raw, token=token)
            try:
                ok = r.status == 400 and r.json() == {"error": "Invalid JSON body"}
            except ValueError:
                ok = False
            if not ok:
                failures.append((method, path, raw, r.status, r.body[:100]))
    assert not failures, failures
    # nothing happened: the session is still active, its game untouched
    assert system.request("GET", f"/api/sessions/{session_id}").json()["is_active"] == 1
    assert [(g["id"], g["status"], g["room_code"], g["player_count"]) for g in session_games(system, session_id)] \
        == [(sg_id, "playing", None, None)]


def test_odd_json_bodies_never_500(system, token):
    session_id, sg_id, game_id = sweep_target(system, token)
    failures = []
    for method, path, _ in body_routes(session_id, sg_id, game_id):
        for raw in ODD_JSON:
            r = system.request(method, path, body=raw, token=token)
            if not 200 <= r.status < 500:
                failures.append((method, path, raw, r.status, r.body[:100]))
    assert not failures, failures
    assert system.request("GET", "/health").status == 200


def test_wrong_field_types_never_500(system, token):
    session_id, sg_id, game_id = sweep_target(system, token)
    failures = []
    for method, path, valid in body_routes(session_id, sg_id, game_id):
        for field in valid:
            for value in ODD_VALUES:
                r = system.request(method, path, body={**valid, field: value}, token=token)
                if not 200 <= r.status < 500:
                    failures.append((method, path, field, repr(value)[:30], r.status, r.body[:100]))
        for extra in [{"unexpected": 1}, {"id": 999, "session_id": 999, "created_at": "x"}]:
            r = system.request(method, path, body={**valid, **extra}, token=token)
            if not 200 <= r.status < 500:
                failures.append((method, path, extra, r.status, r.body[:100]))
    assert not failures, failures
    assert system.request("GET", "/health").status == 200


ODD_IDS = BAD_IDS + ["-9223372036854775809", "1e3", "0x10", "%41", "-0", "00", "1%2F1", "%E2%82%AC", "a" * 300]


def test_odd_path_ids_never_500(system, token):
    session_id, sg_id, game_id = sweep_target(system, token)
    failures = []
    valid = {"s": session_id, "g": sg_id, "x": game_id}
    for method, template, body in id_routes(session_id, sg_id, game_id):
        names = [name for name in "sgx" if "{" + name + "}" in template]
        for name in names:
            for odd in ODD_IDS:
                path = template.format(**{**valid, name: odd})
                r = system.request(method, path, body=body, token=token)
                # never a 500; and an id that is not a positive integer is
                # an unknown id, so no write may succeed with it
                if r.status >= 500 or (r.status < 300 and method != "GET"):
                    failures.append((method, path, r.status, r.body[:100]))
    assert not failures, failures
    # the valid ids were never touched by a request with a bad id
    assert system.request("GET", f"/api/sessions/{session_id}").json()["is_active"] == 1
    assert [g["id"] for g in session_games(system, session_id)] == [sg_id]
    assert system.request("GET", f"/api/games/{game_id}").status == 200


def test_query_strings_never_500(system):
    failures = []
    for query in ["enabled=", "playerCount=", "playerCount=99999999999999999999", "playerCount=-1",
                  "playerCount=1.5", "length=", "pack=", "pack=%00", "pack=%FF", "drawing=only&drawing=exclude",
                  "enabled=true&enabled=false", "&&&", "=x", "unknown=1", "playerCount=%20"]:
        r = system.request("GET", "/api/games?" + query)
        if not 200 <= r.status < 500:
            failures.append((query, r.status, r.body[:100]))
    for path in ["/api/sessions?x=1", "/api/sessions/active?x=1", "/api/sessions/1/games?x=1"]:
        r = system.request("GET", path)
        if not 200 <= r.status < 500:
            failures.append((path, r.status, r.body[:100]))
    assert not failures, failures


# --- durability -----------------------------------------------------------------------------------

def wait_for_new_pid(system, service, old_pid, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        pid = system.pid(service)
        if pid is not None and pid != old_pid:
            return pid
        time.sleep(0.1)
    raise AssertionError(f"{service} was not restarted within {timeout}s\n{system.logs()}")


def wait_for_status(system, path, status=200, timeout=30):
    deadline = time.time() + timeout
    while True:
        r = system.request("GET", path)
        if r.status == status or time.time() > deadline:
            return r
        time.sleep(0.1)


def test_acknowledged_writes_survive_kill_9_of_session_service(system, token):
    session = fresh_session(system, token, notes="durable")
    game_id = playable_game_ids(system, 1)[0]
    added = add_game_ok(system, token, session["id"], game_id, room_code="DURA")
    play_count = get_game(system, game_id)["play_count"]
    old_pid = system.pid("session-service")
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    wait_for_new_pid(system, "session-service", old_pid)
    system.wait_healthy(timeout=30)
    r = wait_for_status(system, f"/api/sessions/{session['id']}")
    assert r.status == 200, r
    assert r.json()["notes"] == "durable" and r.json()["is_active"] == 1
    assert r.json()["games_played"] == 1
    rows = session_games(system, session["id"])
    assert [(g["id"], g["game_id"], g["room_code"], g["status"]) for g in rows] == \
        [(added["id"], game_id, "DURA", "playing")]
    assert get_game(system, game_id)["play_count"] == play_count
    # and the restarted service keeps working
    assert system.request("GET", "/api/sessions/active").json()["id"] == session["id"]
    second = add_game_ok(system, token, session["id"], game_id)
    assert second["id"] > added["id"]


# --- events ----------------------------------------------------------------------------------------------

def test_session_started_event(system, token):
    session = fresh_session(system, token, notes="event start")
    data = wait_for_event(system, "session.started", lambda d: d["session"]["id"] == session["id"])
    assert data == {"session": {"id": session["id"], "is_active": 1, "created_at": session["created_at"],
                                "notes": "event start"}}


def test_game_added_event(system, token):
    session = fresh_session(system, token)
    first, second = playable_game_ids(system, 2)
    add_game_ok(system, token, session["id"], first)
    game = get_game(system, second)
    added = add_game_ok(system, token, session["id"], second, manually_added=True, room_code="EVNT")
    data = wait_for_event(system, "game.added", lambda d: d["game"]["session_game_id"] == added["id"])
    assert set(data) == {"session", "game"}
    assert set(data["session"]) == {"id", "is_active", "games_played"}
    assert data["session"]["id"] == session["id"]
    assert data["session"]["is_active"] is True
    # the count before or after this add: the documents do not say which
    assert data["session"]["games_played"] in (1, 2)
    assert set(data["game"]) == {"id", "session_game_id", "title", "pack_name", "min_players", "max_players",
                                 "manually_added", "room_code"}
    assert data["game"]["id"] == game["id"]  # games.id
    assert {k: data["game"][k] for k in ["title", "pack_name", "min_players", "max_players", "room_code"]} == \
        {"title": game["title"], "pack_name": game["pack_name"], "min_players": game["min_players"],
         "max_players": game["max_players"], "room_code": "EVNT"}
    assert data["game"]["manually_added"] in (True, 1)


def test_game_added_event_without_room_code(system, token):
    session = fresh_session(system, token)
    added = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    data = wait_for_event(system, "game.added", lambda d: d["game"]["session_game_id"] == added["id"])
    assert data["game"]["room_code"] is None
    assert data["game"]["manually_added"] in (False, 0)
    assert data["session"]["games_played"] in (0, 1)


def test_player_count_updated_event(system, token):
    session = fresh_session(system, token)
    added = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    r = system.request("PATCH", f"/api/sessions/{session['id']}/games/{added['id']}/player-count",
                       body={"player_count": 7}, token=token)
    assert r.status == 200, r
    data = wait_for_event(system, "player-count.updated",
                          lambda d: d["sessionId"] == session["id"] and d["gameId"] == added["id"])
    assert data == {"sessionId": session["id"], "gameId": added["id"], "playerCount": 7, "status": "completed"}


def test_session_ended_event(system, token):
    session = fresh_session(system, token)
    first, second = playable_game_ids(system, 2)
    add_game_ok(system, token, session["id"], first)
    add_game_ok(system, token, session["id"], second)
    r = system.request("POST", f"/api/sessions/{session['id']}/close", token=token)
    assert r.status == 200, r
    data = wait_for_event(system, "session.ended", lambda d: d["session"]["id"] == session["id"])
    assert data == {"session": {"id": session["id"], "is_active": 0, "games_played": 2}}


def test_rejected_requests_publish_no_events(system, token):
    session = fresh_session(system, token)
    r = system.request("POST", "/api/sessions", body={}, token=token)
    assert r.status == 400
    r = system.request("POST", f"/api/sessions/{session['id']}/games", body={"game_id": 99999999}, token=token)
    assert r.status == 404
    added = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    r = system.request("PATCH", f"/api/sessions/{session['id']}/games/{added['id']}/player-count",
                       body={"player_count": -1}, token=token)
    assert r.status == 400
    # a later, accepted event proves the log has caught up
    system.request("POST", f"/api/sessions/{session['id']}/close", token=token)
    wait_for_event(system, "session.ended", lambda d: d["session"]["id"] == session["id"])
    logged = events(system)
    started = [d for t, d in logged if t == "session.started" and d["session"]["id"] == session["id"]]
    assert len(started) == 1
    added_events = [d for t, d in logged if t == "game.added" and d["session"]["id"] == session["id"]]
    assert [d["game"]["session_game_id"] for d in added_events] == [added["id"]]
    assert not [d for t, d in logged if t == "player-count.updated" and d.get("sessionId") == session["id"]]
    assert all(ISO_MS.match(d["session"]["created_at"]) for t, d in logged if t == "session.started")
