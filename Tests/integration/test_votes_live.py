"""POST /api/votes/live, GET /api/votes and GET /api/sessions/{id}/votes
through the gateway (platform-api.md "Live votes", sessions-api.txt)."""
import itertools

import pytest

from helpers import (ISO_MS, admin_token, assert_json_response, close_active, playable_game_ids, wait_for_event)
from votes import counters, iso, live_vote, ms_of, session_with_games

_names = itertools.count()


def user():
    return f"viewer{next(_names)}"


@pytest.fixture
def token(system):
    return admin_token(system)


def test_a_live_vote_counts_for_the_game_being_played(system, token):
    first, second = playable_game_ids(system, 2)
    session, (game1, game2) = session_with_games(system, token, [first, second])
    before = counters(system, second)
    name = user()
    stamp = iso(ms_of(game2["played_at"]) + 5)
    body = assert_json_response(live_vote(system, token, name, "up", stamp), 200)
    up, down = before[0] + 1, before[1]
    assert body == {
        "success": True, "message": "Vote recorded successfully",
        "session": {"id": session["id"], "games_played": 2},
        "game": {"id": second, "title": game2["title"], "upvotes": up, "downvotes": down,
                 "popularity_score": up - down},
        "vote": {"username": name, "type": "up", "timestamp": stamp},
    }
    assert counters(system, second) == (up, down)
    listed = [g for g in system.request("GET", f"/api/sessions/{session['id']}/games").json() if g["id"] == game2["id"]]
    assert (listed[0]["upvotes"], listed[0]["downvotes"], listed[0]["popularity_score"]) == (up, down, up - down)


def test_interval_boundaries_decide_the_game(system, token):
    first, second = playable_game_ids(system, 2)
    _, (game1, game2) = session_with_games(system, token, [first, second])
    start1, start2 = ms_of(game1["played_at"]), ms_of(game2["played_at"])
    assert start2 > start1
    cases = [(start1, first), (start2 - 1, first), (start2, second), (start2 + 86_400_000, second)]
    for moment, expected in cases:
        r = live_vote(system, token, user(), "down", iso(moment))
        assert r.status == 200, r
        assert r.json()["game"]["id"] == expected, (moment, r.json())
    r = live_vote(system, token, user(), "up", iso(start1 - 1))
    assert_json_response(r, 404)
    assert r.json() == {"error": "Vote timestamp does not match any game in the active session"}


def test_timestamps_are_read_leniently_and_echoed_normalized(system, token):
    game = playable_game_ids(system, 1)[0]
    _, (added,) = session_with_games(system, token, [game])
    start = ms_of(added["played_at"]) // 1000 * 1000 + 2000  # whole second after the start
    for sent in [iso(start)[:19] + "Z", iso(start)[:19] + "+00:00", iso(start + 7200_000)[:19] + "+02:00"]:
        r = live_vote(system, token, user(), "up", sent)
        assert r.status == 200, (sent, r)
        assert r.json()["vote"]["timestamp"] == iso(start), sent
        assert ISO_MS.match(r.json()["vote"]["timestamp"])


@pytest.mark.parametrize("body", [
    {}, {"vote": "up", "timestamp": "2026-03-15T20:30:00Z"}, {"username": "a", "timestamp": "2026-03-15T20:30:00Z"},
    {"username": "a", "vote": "up"}, {"username": "", "vote": "up", "timestamp": "2026-03-15T20:30:00Z"},
    {"username": 5, "vote": "up", "timestamp": "2026-03-15T20:30:00Z"},
    {"username": "a", "vote": None, "timestamp": "2026-03-15T20:30:00Z"},
])
def test_missing_fields(system, token, body):
    r = system.request("POST", "/api/votes/live", token=token, body=body)
    assert_json_response(r, 400)
    assert r.json() == {"error": "Missing required fields: username, vote, timestamp"}


@pytest.mark.parametrize("vote", ["UP", "upvote", "1", "++"])
def test_vote_must_be_up_or_down(system, token, vote):
    r = live_vote(system, token, "a", vote, "2026-03-15T20:30:00Z")
    assert_json_response(r, 400)
    assert r.json() == {"error": 'vote must be either "up" or "down"'}


@pytest.mark.parametrize("stamp", ["yesterday", "2026-13-01T00:00:00Z", "2026-03-15 20:30", "1742068800000",
                                   "2026-03-15T20:30:00"])
def test_timestamp_must_be_iso_8601(system, token, stamp):
    r = live_vote(system, token, "a", "up", stamp)
    assert_json_response(r, 400)
    assert r.json() == {"error": "Invalid timestamp format. Use ISO 8601 format (e.g., 2025-11-01T20:30:00Z)"}


def test_no_active_session_and_no_games_yet(system, token):
    close_active(system, token)
    r = live_vote(system, token, user(), "up", iso(ms_of("2026-03-15T20:30:00.000Z")))
    assert_json_response(r, 404)
    assert r.json() == {"error": "No active session found"}
    session_with_games(system, token, [])
    r = live_vote(system, token, user(), "up", "2026-03-15T20:30:00Z")
    assert_json_response(r, 404)
    assert r.json() == {"error": "No games have been played in the active session yet"}


def test_a_second_vote_within_one_second_is_a_duplicate(system, token):
    game = playable_game_ids(system, 1)[0]
    _, (added,) = session_with_games(system, token, [game])
    base = ms_of(added["played_at"]) + 10_000
    name = user()
    before = counters(system, game)
    assert live_vote(system, token, name, "up", iso(base)).status == 200
    for moment in [base, base + 999, base - 999]:
        r = live_vote(system, token, name, "down", iso(moment))
        assert_json_response(r, 409)
        assert r.json() == {"error": "Duplicate vote: this user already voted within 1 second"}
    assert live_vote(system, token, user(), "up", iso(base)).status == 200  # another user
    assert live_vote(system, token, name, "up", iso(base + 1000)).status == 200  # a second later
    assert counters(system, game) == (before[0] + 3, before[1])


def test_live_votes_require_a_token(system):
    r = system.request("POST", "/api/votes/live", body={"username": "a", "vote": "up", "timestamp": "x"})
    assert r.status == 401


def test_malformed_json_is_400(system, token):
    r = system.request("POST", "/api/votes/live", token=token, body="{not json")
    assert_json_response(r, 400)
    assert r.json() == {"error": "Invalid JSON body"}


def test_vote_received_event_carries_the_new_totals(system, token):
    game = playable_game_ids(system, 1)[0]
    session, (added,) = session_with_games(system, token, [game])
    name = user()
    body = live_vote(system, token, name, "down", iso(ms_of(added["played_at"]) + 1)).json()
    data = wait_for_event(system, "vote.received", lambda d: d["vote"]["username"] == name)
    assert data == {
        "sessionId": session["id"],
        "game": {"id": game, "title": added["title"], "pack_name": added["pack_name"]},
        "vote": body["vote"],
        "totals": {"upvotes": body["game"]["upvotes"], "downvotes": body["game"]["downvotes"],
                   "popularity_score": body["game"]["popularity_score"]},
    }


# --- GET /api/votes ----------------------------------------------------------------

def test_votes_list_filters_and_paginates(system, token):
    first, second = playable_game_ids(system, 2)
    session, (game1, game2) = session_with_games(system, token, [first, second])
    start2 = ms_of(game2["played_at"])
    name = user()
    cast = []
    for index in range(7):
        moment = start2 - 1 if index < 3 else start2 + index * 1000
        vote = "up" if index % 2 == 0 else "down"
        voter = name if index == 6 else user()
        r = live_vote(system, token, voter, vote, iso(moment))
        assert r.status == 200, r
        cast.append(r.json())
    r = system.request("GET", f"/api/votes?session_id={session['id']}")
    body = assert_json_response(r, 200)
    assert body["pagination"] == {"page": 1, "limit": 50, "total": 7, "total_pages": 1}
    votes = body["votes"]
    assert [v["timestamp"] for v in votes] == sorted((v["timestamp"] for v in votes), reverse=True)
    assert list(votes[0]) == ["id", "session_id", "game_id", "game_title", "pack_name", "username", "vote_type",
                              "timestamp", "created_at"]
    newest = votes[0]
    assert newest["username"] == name and newest["game_id"] == second and newest["game_title"] == game2["title"]
    assert newest["pack_name"] == game2["pack_name"] and newest["vote_type"] == "up"
    assert ISO_MS.match(newest["created_at"])

    def total(query):
        r = system.request("GET", f"/api/votes?session_id={session['id']}&{query}")
        assert r.status == 200, r
        return r.json()["pagination"]["total"]

    assert total(f"game_id={first}") == 3
    assert total(f"game_id={second}") == 4
    assert total("vote_type=up") == 4
    assert total("vote_type=down") == 3
    assert total(f"username={name}") == 1
    assert total(f"game_id={second}&vote_type=down") == 2

    page2 = system.request("GET", f"/api/votes?session_id={session['id']}&limit=3&page=2").json()
    assert page2["pagination"] == {"page": 2, "limit": 3, "total": 7, "total_pages": 3}
    assert [v["id"] for v in page2["votes"]] == [v["id"] for v in votes[3:6]]
    capped = system.request("GET", "/api/votes?limit=1000").json()
    assert capped["pagination"]["limit"] == 100
    beyond = system.request("GET", f"/api/votes?session_id={session['id']}&page=99").json()
    assert beyond["votes"] == [] and beyond["pagination"]["total"] == 7


@pytest.mark.parametrize("query", ["vote_type=sideways", "session_id=abc", "game_id=-1", "page=0", "limit=x"])
def test_votes_list_rejects_bad_filters(system, query):
    r = system.request("GET", f"/api/votes?{query}")
    assert_json_response(r, 400)
    assert r.json() == {"error": f"Invalid query parameter: {query.split('=')[0]}"}


# --- GET /api/sessions/{id}/votes ----------------------------------------------------

def test_session_votes_breakdown_by_net_score(system, token):
    first, second = playable_game_ids(system, 2)
    session, (game1, game2) = session_with_games(system, token, [first, second])
    start2 = ms_of(game2["played_at"])
    for vote in ["down", "down", "up"]:
        assert live_vote(system, token, user(), vote, iso(start2 - 1)).status == 200
    for vote in ["up", "up", "up", "down"]:
        assert live_vote(system, token, user(), vote, iso(start2 + 5)).status == 200
    body = assert_json_response(system.request("GET", f"/api/sessions/{session['id']}/votes"), 200)
    assert body == {"session_id": session["id"], "votes": [
        {"game_id": second, "title": game2["title"], "pack_name": game2["pack_name"], "upvotes": 3, "downvotes": 1,
         "net_score": 2, "total_votes": 4},
        {"game_id": first, "title": game1["title"], "pack_name": game1["pack_name"], "upvotes": 1, "downvotes": 2,
         "net_score": -1, "total_votes": 3},
    ]}


def test_session_votes_empty_and_unknown(system, token):
    session, _ = session_with_games(system, token, [])
    assert system.request("GET", f"/api/sessions/{session['id']}/votes").json() == {
        "session_id": session["id"], "votes": []}
    for bad in ["999999", "abc", "0"]:
        r = system.request("GET", f"/api/sessions/{bad}/votes")
        assert_json_response(r, 404)
        assert r.json() == {"error": "Session not found"}
