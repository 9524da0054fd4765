"""POST /api/pick: filters, weighting by game and pack favor, repeat
avoidance within a session, seeds, and every error row."""
import collections

import pytest

from helpers import GAME_KEYS, JSON_CONTENT_TYPE, add_game_ok, admin_token, assert_json_response, catalogue, fresh_session

NO_MATCH = {"error": "No games match the current filters"}


@pytest.fixture
def token(system):
    return admin_token(system)


def pick(system, body=None):
    return system.request("POST", "/api/pick", body={} if body is None else body)


def pick_ok(system, body=None):
    r = pick(system, body)
    answer = assert_json_response(r, 200)
    assert list(answer) == ["game", "poolSize", "totalEnabled"], answer
    assert list(answer["game"]) == GAME_KEYS
    return answer


def test_pick_needs_no_token_and_returns_an_enabled_game(system):
    games = catalogue(system)
    answer = pick_ok(system)
    assert answer["game"]["enabled"] == 1
    assert answer["game"] in games
    enabled = sum(g["enabled"] for g in games)
    assert answer["totalEnabled"] == enabled
    assert answer["poolSize"] == enabled


def test_an_empty_body_is_the_same_as_no_filters(system):
    r = system.request("POST", "/api/pick")
    assert r.status == 200, r


@pytest.mark.parametrize("body,query", [
    ({"playerCount": 9}, "?playerCount=9"),
    ({"drawing": "only"}, "?drawing=only"),
    ({"drawing": "exclude", "length": "short"}, "?drawing=exclude&length=short"),
    ({"length": "medium", "familyFriendly": True}, "?length=medium&familyFriendly=true"),
    ({"length": "long"}, "?length=long"),
    ({"familyFriendly": False, "playerCount": 2}, "?familyFriendly=false&playerCount=2"),
])
def test_filters_match_the_games_list_filters(system, body, query):
    expected = {g["id"] for g in catalogue(system, query + "&enabled=true")}
    assert expected, query
    seen = set()
    for seed in range(60):
        answer = pick_ok(system, {**body, "seed": seed})
        assert answer["poolSize"] == len(expected)
        assert answer["game"]["id"] in expected
        seen.add(answer["game"]["id"])
    assert len(seen) > min(3, len(expected) - 1)


def test_a_seed_reproduces_the_pick(system):
    for seed in [0, 1, 42, -7, 9223372036854775807]:
        first = pick_ok(system, {"seed": seed})["game"]["id"]
        for _ in range(3):
            assert pick_ok(system, {"seed": seed})["game"]["id"] == first
    assert len({pick_ok(system, {"seed": s})["game"]["id"] for s in range(40)}) > 10


def test_no_match_is_404(system):
    r = pick(system, {"playerCount": 1000})
    assert assert_json_response(r, 404) == NO_MATCH


@pytest.mark.parametrize("field,value", [
    ("playerCount", "4"), ("playerCount", 0), ("playerCount", -2), ("playerCount", 2.5), ("playerCount", True),
    ("drawing", "sometimes"), ("drawing", 1), ("length", "forever"), ("length", ["short"]),
    ("familyFriendly", "true"), ("familyFriendly", 1), ("sessionId", "1"), ("sessionId", 0),
    ("excludePlayed", "yes"), ("seed", "1"), ("seed", 1.5),
])
def test_bad_fields_are_400(system, field, value):
    r = pick(system, {field: value})
    assert assert_json_response(r, 400) == {"error": f"Invalid {field}"}


def test_a_body_that_is_not_an_object_is_400(system):
    r = system.request("POST", "/api/pick", body=[1, 2])
    assert assert_json_response(r, 400) == {"error": "Invalid JSON body"}


def test_unknown_session_is_404(system):
    r = pick(system, {"sessionId": 999999})
    assert assert_json_response(r, 404) == {"error": "Session not found"}


def test_a_session_avoids_its_last_two_games_or_all_with_exclude_played(system, token):
    session = fresh_session(system, token)["id"]
    drawing = [g["id"] for g in catalogue(system, "?drawing=only&enabled=true")]
    assert len(drawing) >= 4
    for game_id in drawing[:3]:
        add_game_ok(system, token, session, game_id)
    base = {"drawing": "only", "sessionId": session}
    recent = set(drawing[1:3])
    for seed in range(40):
        answer = pick_ok(system, {**base, "seed": seed})
        assert answer["poolSize"] == len(drawing) - 2
        assert answer["game"]["id"] not in recent
    for seed in range(40):
        answer = pick_ok(system, {**base, "excludePlayed": True, "seed": seed})
        assert answer["poolSize"] == len(drawing) - 3
        assert answer["game"]["id"] not in set(drawing[:3])
    # Every drawing game played: nothing left.
    for game_id in drawing[3:]:
        add_game_ok(system, token, session, game_id)
    assert pick(system, {**base, "excludePlayed": True}).json() == NO_MATCH


def test_favor_weights_the_draw(system, token):
    """Within one filtered pool: a game favored (x3) in a favored pack (x3)
    against games at x1 and one disfavored (x0.2)."""
    games = catalogue(system, "?playerCount=10&enabled=true")
    assert len(games) >= 3, games
    pool = {"playerCount": 10}
    favored, neutral, disfavored = games[0], games[1], games[2]
    try:
        assert system.request("PATCH", f"/api/games/{favored['id']}/favor", body={"favor_bias": 1}, token=token).status == 200
        assert system.request("PATCH", f"/api/games/{disfavored['id']}/favor", body={"favor_bias": -1},
                              token=token).status == 200
        counts = collections.Counter(pick_ok(system, {**pool, "seed": seed})["game"]["id"] for seed in range(600))
        weights = {g["id"]: 1.0 for g in games}
        weights[favored["id"]] = 3.0
        weights[disfavored["id"]] = 0.2
        total = sum(weights.values())
        share = counts[favored["id"]] / 600
        assert abs(share - 3.0 / total) < 0.08, (share, 3.0 / total)
        assert counts[disfavored["id"]] < counts[neutral["id"]] + 10
    finally:
        for game in (favored, disfavored):
            system.request("PATCH", f"/api/games/{game['id']}/favor", body={"favor_bias": 0}, token=token)


def test_disabled_games_are_never_picked(system, token):
    games = catalogue(system, "?playerCount=10&enabled=true")
    off = games[0]["id"]
    assert system.request("PATCH", f"/api/games/{off}/toggle", token=token).json()["enabled"] == 0
    try:
        for seed in range(50):
            answer = pick_ok(system, {"playerCount": 10, "seed": seed})
            assert answer["game"]["id"] != off
            assert answer["poolSize"] == len(games) - 1
    finally:
        system.request("PATCH", f"/api/games/{off}/toggle", token=token)
