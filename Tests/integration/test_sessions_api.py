"""Sessions: GET /api/sessions, GET /api/sessions/active, GET /api/sessions/{id},
POST /api/sessions, POST /api/sessions/{id}/close, DELETE /api/sessions/{id}
(sessions-api.txt), and GET /api/openapi.json."""
import re

import pytest

from helpers import (BAD_IDS, ISO_MS, JSON_CONTENT_TYPE, SESSION_CREATED_KEYS, SESSION_KEYS, add_game_ok,
                     admin_token, assert_recent, close_active, fresh_session, is_int, playable_game_ids,
                     session_games)

ACTIVE_EXISTS = "An active session already exists. Please close it before creating a new one."


@pytest.fixture
def token(system):
    return admin_token(system)


def get_session(system, session_id):
    r = system.request("GET", f"/api/sessions/{session_id}")
    assert r.status == 200, r
    return r.json()


def assert_session_shape(session):
    assert list(session) == SESSION_KEYS, list(session)
    assert is_int(session["id"]) and session["id"] > 0
    assert session["notes"] is None or isinstance(session["notes"], str)
    assert session["is_active"] in (0, 1) and is_int(session["is_active"])
    assert ISO_MS.match(session["created_at"]), session
    if session["is_active"] == 1:
        assert session["closed_at"] is None
    else:
        assert ISO_MS.match(session["closed_at"]), session
    assert is_int(session["games_played"]) and session["games_played"] >= 0


# --- GET /api/sessions/active ------------------------------------------------------

def test_active_without_a_session_is_a_null_wrapper(system, token):
    close_active(system, token)
    r = system.request("GET", "/api/sessions/active")
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    assert r.json() == {"session": None, "message": "No active session"}
    assert list(r.json()) == ["session", "message"]


def test_active_returns_the_session_object_directly(system, token):
    created = fresh_session(system, token, notes="active one")
    r = system.request("GET", "/api/sessions/active")
    assert r.status == 200, r
    session = r.json()
    assert_session_shape(session)
    assert session == {**created, "games_played": 0, "archived": 0}


# --- POST /api/sessions ---------------------------------------------------------------

def test_create_returns_201_with_the_session(system, token):
    close_active(system, token)
    r = system.request("POST", "/api/sessions", body={"notes": "Friday game night"}, token=token)
    assert r.status == 201, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    session = r.json()
    assert list(session) == SESSION_CREATED_KEYS
    assert is_int(session["id"]) and session["id"] > 0
    assert session["notes"] == "Friday game night"
    assert session["is_active"] == 1 and is_int(session["is_active"])
    assert ISO_MS.match(session["created_at"]), session
    assert_recent(session["created_at"])
    assert session["closed_at"] is None


@pytest.mark.parametrize("body", [{}, {"notes": None}], ids=["no notes", "null notes"])
def test_create_without_notes_has_null_notes(system, token, body):
    close_active(system, token)
    r = system.request("POST", "/api/sessions", body=body, token=token)
    assert r.status == 201, r
    assert r.json()["notes"] is None
    assert get_session(system, r.json()["id"])["notes"] is None


def test_create_keeps_unicode_notes(system, token):
    notes = "Ünïcode 🎉 \"quotes\" \\ and\nnewline"
    session = fresh_session(system, token, notes=notes)
    assert session["notes"] == notes
    assert get_session(system, session["id"])["notes"] == notes


@pytest.mark.parametrize("notes", [123, True, ["a"], {"a": 1}, 1.5])
def test_create_with_non_string_notes_is_400(system, token, notes):
    close_active(system, token)
    r = system.request("POST", "/api/sessions", body={"notes": notes}, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "notes must be a string"}
    assert system.request("GET", "/api/sessions/active").json() == {"session": None, "message": "No active session"}


def test_create_while_one_is_active_is_400_with_its_id(system, token):
    active = fresh_session(system, token, notes="first")
    for body in [{"notes": "second"}, {}]:
        r = system.request("POST", "/api/sessions", body=body, token=token)
        assert r.status == 400, r
        assert r.json() == {"error": ACTIVE_EXISTS, "activeSessionId": active["id"]}
        assert list(r.json()) == ["error", "activeSessionId"]
    assert system.request("GET", "/api/sessions/active").json()["id"] == active["id"]
    assert [s["id"] for s in system.request("GET", "/api/sessions").json() if s["is_active"] == 1] == [active["id"]]


# --- GET /api/sessions/{id} ------------------------------------------------------------

def test_get_by_id_returns_the_session_with_games_played(system, token):
    created = fresh_session(system, token, notes="by id")
    session = get_session(system, created["id"])
    assert_session_shape(session)
    assert session == {**created, "games_played": 0, "archived": 0}
    first, second = playable_game_ids(system, 2)
    add_game_ok(system, token, created["id"], first)
    add_game_ok(system, token, created["id"], second)
    assert get_session(system, created["id"])["games_played"] == 2


@pytest.mark.parametrize("session_id", ["999999"] + BAD_IDS + ["9223372036854775807"])
def test_get_unknown_or_invalid_id_is_404(system, session_id):
    r = system.request("GET", f"/api/sessions/{session_id}")
    assert r.status == 404, r
    assert r.json() == {"error": "Session not found"}


# --- GET /api/sessions ----------------------------------------------------------------------

def test_list_contains_every_session_newest_first(system, token):
    ids = []
    for n in range(4):
        ids.append(fresh_session(system, token, notes=f"list {n}")["id"])
    r = system.request("GET", "/api/sessions")
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    sessions = r.json()
    assert isinstance(sessions, list)
    for session in sessions:
        assert_session_shape(session)
    listed = [s["id"] for s in sessions]
    assert len(listed) == len(set(listed))
    # created_at DESC, then id DESC
    keys = [(s["created_at"], s["id"]) for s in sessions]
    assert keys == sorted(keys, reverse=True)
    mine = [i for i in listed if i in ids]
    assert mine == sorted(ids, reverse=True)
    assert sum(1 for s in sessions if s["is_active"] == 1) == 1
    assert sessions[0]["id"] == ids[-1] and sessions[0]["is_active"] == 1


def test_list_rows_match_get_by_id(system, token):
    session = fresh_session(system, token, notes="match")
    game = playable_game_ids(system, 1)[0]
    add_game_ok(system, token, session["id"], game)
    rows = {s["id"]: s for s in system.request("GET", "/api/sessions").json()}
    assert rows[session["id"]] == get_session(system, session["id"])
    assert rows[session["id"]]["games_played"] == 1


# --- POST /api/sessions/{id}/close -------------------------------------------------------

def test_close_with_notes_replaces_notes_and_returns_the_closed_session(system, token):
    session = fresh_session(system, token, notes="before")
    first, second = playable_game_ids(system, 2)
    add_game_ok(system, token, session["id"], first)
    add_game_ok(system, token, session["id"], second)
    r = system.request("POST", f"/api/sessions/{session['id']}/close", body={"notes": "Great session!"},
                       token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    closed = r.json()
    assert_session_shape(closed)
    assert closed["id"] == session["id"]
    assert closed["notes"] == "Great session!"
    assert closed["is_active"] == 0
    assert closed["created_at"] == session["created_at"]
    assert ISO_MS.match(closed["closed_at"])
    assert_recent(closed["closed_at"])
    assert closed["closed_at"] >= closed["created_at"]
    assert closed["games_played"] == 2
    assert get_session(system, session["id"]) == closed
    assert system.request("GET", "/api/sessions/active").json() == {"session": None, "message": "No active session"}


@pytest.mark.parametrize("body", [None, {}], ids=["no body", "empty object"])
def test_close_without_notes_keeps_notes(system, token, body):
    session = fresh_session(system, token, notes="keep me")
    r = system.request("POST", f"/api/sessions/{session['id']}/close", body=body, token=token)
    assert r.status == 200, r
    assert r.json()["notes"] == "keep me"
    assert r.json()["is_active"] == 0


def test_close_sets_playing_games_to_played(system, token):
    session = fresh_session(system, token)
    first, second, third = playable_game_ids(system, 3)
    a = add_game_ok(system, token, session["id"], first)
    b = add_game_ok(system, token, session["id"], second)
    r = system.request("PATCH", f"/api/sessions/{session['id']}/games/{b['id']}/status", body={"status": "skipped"},
                       token=token)
    assert r.status == 200, r
    c = add_game_ok(system, token, session["id"], third)
    statuses = {g["id"]: g["status"] for g in session_games(system, session["id"])}
    assert statuses == {a["id"]: "played", b["id"]: "skipped", c["id"]: "playing"}
    r = system.request("POST", f"/api/sessions/{session['id']}/close", token=token)
    assert r.status == 200, r
    assert r.json()["games_played"] == 3
    statuses = {g["id"]: g["status"] for g in session_games(system, session["id"])}
    assert statuses == {a["id"]: "played", b["id"]: "skipped", c["id"]: "played"}


def test_close_twice_is_400(system, token):
    session = fresh_session(system, token)
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200
    first_close = get_session(system, session["id"])
    r = system.request("POST", f"/api/sessions/{session['id']}/close", body={"notes": "again"}, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "Session is already closed"}
    assert get_session(system, session["id"]) == first_close


@pytest.mark.parametrize("session_id", ["999999"] + BAD_IDS)
def test_close_unknown_or_invalid_id_is_404(system, token, session_id):
    r = system.request("POST", f"/api/sessions/{session_id}/close", token=token)
    assert r.status == 404, r
    assert r.json() == {"error": "Session not found"}


def test_a_new_session_can_be_created_after_close(system, token):
    first = fresh_session(system, token)
    system.request("POST", f"/api/sessions/{first['id']}/close", token=token)
    r = system.request("POST", "/api/sessions", body={"notes": "next"}, token=token)
    assert r.status == 201, r
    assert r.json()["id"] > first["id"]


# --- DELETE /api/sessions/{id} --------------------------------------------------------------

def test_delete_active_session_is_400(system, token):
    session = fresh_session(system, token)
    r = system.request("DELETE", f"/api/sessions/{session['id']}", token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "Cannot delete an active session. Please close it first."}
    assert get_session(system, session["id"])["is_active"] == 1


def test_delete_closed_session_removes_it_and_its_games(system, token):
    session = fresh_session(system, token)
    first, second = playable_game_ids(system, 2)
    add_game_ok(system, token, session["id"], first)
    add_game_ok(system, token, session["id"], second)
    assert len(session_games(system, session["id"])) == 2
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200
    r = system.request("DELETE", f"/api/sessions/{session['id']}", token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    assert r.json() == {"message": "Session deleted successfully", "sessionId": session["id"]}
    assert list(r.json()) == ["message", "sessionId"]
    gone = system.request("GET", f"/api/sessions/{session['id']}")
    assert gone.status == 404 and gone.json() == {"error": "Session not found"}
    assert session_games(system, session["id"]) == []
    assert session["id"] not in [s["id"] for s in system.request("GET", "/api/sessions").json()]
    again = system.request("DELETE", f"/api/sessions/{session['id']}", token=token)
    assert again.status == 404 and again.json() == {"error": "Session not found"}


@pytest.mark.parametrize("session_id", ["999999"] + BAD_IDS)
def test_delete_unknown_or_invalid_id_is_404(system, token, session_id):
    r = system.request("DELETE", f"/api/sessions/{session_id}", token=token)
    assert r.status == 404, r
    assert r.json() == {"error": "Session not found"}


# --- GET /api/openapi.json ---------------------------------------------------------------------

IN_SCOPE_ROUTES = [
    ("get", "/api/sessions"),
    ("post", "/api/sessions"),
    ("get", "/api/sessions/active"),
    ("get", "/api/sessions/{id}"),
    ("delete", "/api/sessions/{id}"),
    ("post", "/api/sessions/{id}/close"),
    ("get", "/api/sessions/{id}/games"),
    ("post", "/api/sessions/{id}/games"),
    ("patch", "/api/sessions/{sessionId}/games/{sessionGameId}/status"),
    ("delete", "/api/sessions/{sessionId}/games/{sessionGameId}"),
    ("patch", "/api/sessions/{sessionId}/games/{sessionGameId}/room-code"),
    ("patch", "/api/sessions/{sessionId}/games/{sessionGameId}/player-count"),
    ("post", "/api/auth/login"),
    ("post", "/api/auth/verify"),
    ("get", "/api/games"),
    ("post", "/api/games"),
    ("get", "/api/games/{id}"),
    ("put", "/api/games/{id}"),
    ("delete", "/api/games/{id}"),
    ("patch", "/api/games/{id}/toggle"),
]


def template_shape(path):
    """Path templates compare without their parameter names."""
    return re.sub(r"\{[^}/]+\}", "{}", path)


def test_openapi_document_lists_every_route(system):
    r = system.request("GET", "/api/openapi.json")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/json")
    document = r.json()
    assert isinstance(document.get("openapi"), str) and document["openapi"].startswith("3.1"), document.get("openapi")
    paths = document["paths"]
    assert isinstance(paths, dict)
    for path in paths:
        assert path.startswith("/"), path
        assert ":" not in path, f"{path}: OpenAPI templates use {{name}}, not :name"
    by_shape = {}
    for path, item in paths.items():
        by_shape.setdefault(template_shape(path), {}).update(item)
    missing = [(method, path) for method, path in IN_SCOPE_ROUTES
               if method not in by_shape.get(template_shape(path), {})]
    assert not missing, f"routes missing from openapi.json: {missing}"
