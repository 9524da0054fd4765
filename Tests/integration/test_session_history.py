"""Session history through the gateway: the archived flag, the filtered and
paged GET /api/sessions (X-Prev-Last-Date), archive/unarchive and the
all-or-nothing POST /api/sessions/bulk (with the single delete's cascade:
session games, and chat logs + live votes in votes.db via the peer outbox)."""
import time

import pytest

from helpers import (SESSION_KEYS, add_game_ok, admin_token, assert_json_response, close_active, fresh_session,
                     playable_game_ids)
from votes import import_chat, iso, live_vote, ms_of


@pytest.fixture
def token(system):
    return admin_token(system)


def closed_sessions(system, token, count):
    """`count` new closed sessions, oldest first."""
    ids = []
    for index in range(count):
        session = fresh_session(system, token, notes=f"history {index}")
        close_active(system, token)
        ids.append(session["id"])
    return ids


def listing(system, query=""):
    r = system.request("GET", "/api/sessions" + query)
    return assert_json_response(r, 200), r.headers


def post(system, token, path, body=None):
    return system.request("POST", path, token=token, body=body)


def test_sessions_show_archived_last_and_the_plain_list_is_unchanged(system, token):
    closed_sessions(system, token, 1)
    body, headers = listing(system)
    assert body and all(list(s) == SESSION_KEYS for s in body)
    assert SESSION_KEYS[-1] == "archived"
    assert "x-prev-last-date" not in headers
    assert [s["created_at"] for s in body] == sorted((s["created_at"] for s in body), reverse=True)
    single = system.request("GET", f"/api/sessions/{body[0]['id']}").json()
    assert list(single) == SESSION_KEYS and single["archived"] == 0


def test_archive_and_unarchive(system, token):
    (sid,) = closed_sessions(system, token, 1)
    archived = assert_json_response(post(system, token, f"/api/sessions/{sid}/archive"), 200)
    assert list(archived) == SESSION_KEYS
    assert archived["id"] == sid and archived["archived"] == 1
    assert assert_json_response(post(system, token, f"/api/sessions/{sid}/archive"), 200)["archived"] == 1
    # The plain list is the sessions document's: every session.
    assert sid in [s["id"] for s in listing(system)[0]]
    assert sid not in [s["id"] for s in listing(system, "?filter=default")[0]]
    assert sid not in [s["id"] for s in listing(system, "?limit=100")[0]]
    assert sid in [s["id"] for s in listing(system, "?filter=archived")[0]]
    assert all(s["archived"] == 1 for s in listing(system, "?filter=archived")[0])
    assert sid in [s["id"] for s in listing(system, "?filter=all")[0]]
    back = assert_json_response(post(system, token, f"/api/sessions/{sid}/unarchive"), 200)
    assert back["archived"] == 0
    assert sid in [s["id"] for s in listing(system)[0]]


def test_archive_errors(system, token):
    active = fresh_session(system, token)
    r = post(system, token, f"/api/sessions/{active['id']}/archive")
    assert assert_json_response(r, 400) == {"error": "Cannot archive an active session"}
    for bad in ["999999", "abc", "0"]:
        for action in ["archive", "unarchive"]:
            r = post(system, token, f"/api/sessions/{bad}/{action}")
            assert assert_json_response(r, 404) == {"error": "Session not found"}
    close_active(system, token)


def test_pages_walk_every_session_once_newest_first(system, token):
    closed_sessions(system, token, 5)
    everything, _ = listing(system, "?filter=all")
    seen, before, pages = [], None, 0
    while True:
        query = "?filter=all&limit=2" + (f"&before={before}" if before else "")
        page, headers = listing(system, query)
        if not page:
            assert "x-prev-last-date" not in headers
            break
        assert len(page) <= 2
        assert headers["x-prev-last-date"] == page[-1]["created_at"]
        assert "X-Prev-Last-Date" in headers.get("access-control-expose-headers", "")
        seen += page
        before = headers["x-prev-last-date"]
        pages += 1
    assert seen == everything
    assert pages == (len(everything) + 1) // 2
    # `before` is strictly older, and also read in other ISO forms.
    cut = everything[1]["created_at"]
    older, _ = listing(system, f"?filter=all&before={cut}")
    assert older == everything[2:]
    older_z, _ = listing(system, f"?filter=all&before={cut[:19]}.{cut[20:23]}%2B00:00")
    assert older_z == older


@pytest.mark.parametrize("query,name", [
    ("?filter=bogus", "filter"), ("?filter=", "filter"), ("?filter=ALL", "filter"), ("?limit=0", "limit"),
    ("?limit=-2", "limit"), ("?limit=ten", "limit"), ("?limit=", "limit"), ("?before=yesterday", "before"),
    ("?before=", "before"),
])
def test_invalid_query_parameters(system, query, name):
    r = system.request("GET", "/api/sessions" + query)
    assert assert_json_response(r, 400) == {"error": f"Invalid query parameter: {name}"}


def test_bulk_archive_unarchive(system, token):
    ids = closed_sessions(system, token, 3)
    r = post(system, token, "/api/sessions/bulk", {"action": "archive", "ids": ids})
    assert assert_json_response(r, 200) == {"success": True, "affected": 3}
    archived_ids = [s["id"] for s in listing(system, "?filter=archived")[0]]
    assert set(ids) <= set(archived_ids)
    r = post(system, token, "/api/sessions/bulk", {"action": "archive", "ids": ids[:1]})
    assert r.json() == {"success": True, "affected": 0}
    r = post(system, token, "/api/sessions/bulk", {"action": "unarchive", "ids": ids})
    assert r.json() == {"success": True, "affected": 3}
    assert not set(ids) & {s["id"] for s in listing(system, "?filter=archived")[0]}


def test_bulk_is_all_or_nothing(system, token):
    ids = closed_sessions(system, token, 2)
    active = fresh_session(system, token)
    before = listing(system, "?filter=all")[0]
    r = post(system, token, "/api/sessions/bulk", {"action": "delete", "ids": ids + [active["id"]]})
    assert assert_json_response(r, 400) == {"error": "Cannot modify the active session"}
    r = post(system, token, "/api/sessions/bulk", {"action": "archive", "ids": [ids[0], 987654, ids[1], 987655]})
    assert assert_json_response(r, 400) == {"error": "Session not found", "ids": [987654, 987655]}
    assert listing(system, "?filter=all")[0] == before
    close_active(system, token)


@pytest.mark.parametrize("body,error", [
    ({}, "Invalid action"),
    ({"action": "purge", "ids": [1]}, "Invalid action"),
    ({"action": None, "ids": [1]}, "Invalid action"),
    ({"action": "delete"}, "ids must be a non-empty array of session ids"),
    ({"action": "delete", "ids": []}, "ids must be a non-empty array of session ids"),
    ({"action": "archive", "ids": ["1"]}, "ids must be a non-empty array of session ids"),
    ({"action": "archive", "ids": [0]}, "ids must be a non-empty array of session ids"),
    ({"action": "archive", "ids": 5}, "ids must be a non-empty array of session ids"),
])
def test_bulk_bad_bodies(system, token, body, error):
    r = post(system, token, "/api/sessions/bulk", body)
    assert assert_json_response(r, 400) == {"error": error}


def test_bulk_is_not_a_session_id_route(system, token):
    # /api/sessions/bulk is its own (POST-only) resource: GET and DELETE there
    # are 405, never the `:id` routes with the id "bulk".
    for method in ["GET", "DELETE"]:
        r = system.request(method, "/api/sessions/bulk", token=token)
        assert assert_json_response(r, 405) == {"error": "Method not allowed"}
        assert r.headers["allow"] == "POST, OPTIONS", r.headers
    r = system.request("POST", "/api/sessions/bulk", body=b"not json", token=token)
    assert assert_json_response(r, 400) == {"error": "Invalid JSON body"}


def test_bulk_delete_cascades_to_games_and_votes(system, token):
    game = playable_game_ids(system, 1)[0]
    session = fresh_session(system, token)
    added = add_game_ok(system, token, session["id"], game)
    stamp = iso(ms_of(added["played_at"]) + 10)
    assert live_vote(system, token, "bulk-viewer", "up", stamp).status == 200
    r = import_chat(system, token, session["id"],
                    [{"username": "chat-bulk", "message": "thisgame++", "timestamp": iso(ms_of(added["played_at"]) + 50)}])
    assert r.status == 200, r
    close_active(system, token)
    (other,) = closed_sessions(system, token, 1)
    votes = system.request("GET", f"/api/votes?session_id={session['id']}").json()
    assert votes["pagination"]["total"] == 1

    r = post(system, token, "/api/sessions/bulk", {"action": "delete", "ids": [session["id"], other]})
    assert assert_json_response(r, 200) == {"success": True, "affected": 2}
    for sid in (session["id"], other):
        assert system.request("GET", f"/api/sessions/{sid}").status == 404
        assert system.request("GET", f"/api/sessions/{sid}/games").json() == []
    # vote-service purges the live votes and chat log through the peer outbox.
    deadline = time.time() + 10
    while time.time() < deadline:
        if system.request("GET", f"/api/votes?session_id={session['id']}").json()["pagination"]["total"] == 0:
            break
        time.sleep(0.1)
    assert system.request("GET", f"/api/votes?session_id={session['id']}").json()["pagination"]["total"] == 0
