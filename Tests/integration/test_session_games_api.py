"""Session games: GET/POST /api/sessions/{id}/games and the
/api/sessions/{sessionId}/games/{sessionGameId} sub-routes status, DELETE,
room-code and player-count (sessions-api.txt). sessionGameId is
session_games.id, never games.id."""
import pytest

from helpers import (BAD_IDS, ISO_MS, JSON_CONTENT_TYPE, SESSION_GAME_ADDED_KEYS, SESSION_GAME_KEYS,
                     SESSION_GAME_ROOM_CODE_KEYS, add_game, add_game_ok, admin_token, assert_recent, close_active,
                     fresh_session, get_game, is_int, playable_game_ids, session_games)

ROOM_CODE_FORMAT = "room_code must be exactly 4 alphanumeric characters (A-Z, 0-9)"
INVALID_STATUS = "Invalid status. Must be playing, played, or skipped"
SG_NOT_FOUND = {"error": "Session game not found"}
INVALID_ROOM_CODES = ["abcd", "AbCD", "ABC", "ABCDE", "AB-D", "AB D", "ÄBCD", 1234, True, ["ABCD"], {"a": "ABCD"}]


@pytest.fixture
def token(system):
    return admin_token(system)


@pytest.fixture
def games(system):
    """Five distinct enabled games from the seeded catalogue."""
    return playable_game_ids(system, 5)


@pytest.fixture
def session(system, token):
    return fresh_session(system, token, notes="session games")


def statuses(system, session_id):
    return {g["id"]: g["status"] for g in session_games(system, session_id)}


def sub(session_id, sg_id, suffix=""):
    return f"/api/sessions/{session_id}/games/{sg_id}{suffix}"


# --- POST /api/sessions/{id}/games --------------------------------------------------

def test_add_game_returns_201_with_the_joined_row(system, token, session, games):
    game = get_game(system, games[0])
    r = add_game(system, token, session["id"], game["id"])
    assert r.status == 201, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    row = r.json()
    assert list(row) == SESSION_GAME_ADDED_KEYS
    assert is_int(row["id"]) and row["id"] > 0
    assert row["session_id"] == session["id"]
    assert row["game_id"] == game["id"]
    assert row["manually_added"] == 0 and is_int(row["manually_added"])
    assert row["status"] == "playing"
    assert row["room_code"] is None
    assert ISO_MS.match(row["played_at"]), row
    assert_recent(row["played_at"])
    for key in ["pack_name", "title", "game_type", "min_players", "max_players"]:
        assert row[key] == game[key], key


def test_add_game_with_manual_flag_and_room_code(system, token, session, games):
    row = add_game_ok(system, token, session["id"], games[0], manually_added=True, room_code="AB12")
    assert row["manually_added"] == 1 and is_int(row["manually_added"])
    assert row["room_code"] == "AB12"
    listed = session_games(system, session["id"])[0]
    assert listed["manually_added"] == 1 and listed["room_code"] == "AB12"


@pytest.mark.parametrize("value,stored", [(True, 1), (False, 0), (1, 1), (0, 0)])
def test_add_game_manually_added_accepts_booleans_and_0_1(system, token, session, games, value, stored):
    row = add_game_ok(system, token, session["id"], games[0], manually_added=value)
    assert row["manually_added"] == stored and is_int(row["manually_added"])


@pytest.mark.parametrize("value", ["yes", "true", 2, -1, 1.5, [], {}])
def test_add_game_manually_added_of_another_type_is_400(system, token, session, games, value):
    r = add_game(system, token, session["id"], games[0], manually_added=value)
    assert r.status == 400, r
    assert r.json() == {"error": "manually_added must be a boolean"}
    assert session_games(system, session["id"]) == []


def test_add_game_with_null_room_code(system, token, session, games):
    assert add_game_ok(system, token, session["id"], games[0], room_code=None)["room_code"] is None


@pytest.mark.parametrize("room_code", INVALID_ROOM_CODES + [""])
def test_add_game_with_invalid_room_code_is_400(system, token, session, games, room_code):
    before = get_game(system, games[0])["play_count"]
    r = add_game(system, token, session["id"], games[0], room_code=room_code)
    assert r.status == 400, r
    assert r.json() == {"error": ROOM_CODE_FORMAT}
    assert session_games(system, session["id"]) == []
    assert get_game(system, games[0])["play_count"] == before


@pytest.mark.parametrize("body", [{}, {"game_id": None}, {"manually_added": True}], ids=["empty", "null", "absent"])
def test_add_game_without_game_id_is_400(system, token, session, body):
    r = system.request("POST", f"/api/sessions/{session['id']}/games", body=body, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "game_id is required"}


@pytest.mark.parametrize("game_id", ["1", "abc", 1.5, True, False, [1], {"id": 1}])
def test_add_game_with_non_integer_game_id_is_400(system, token, session, game_id):
    r = system.request("POST", f"/api/sessions/{session['id']}/games", body={"game_id": game_id}, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "game_id must be an integer"}


def test_add_game_checks_in_the_documented_order(system, token, games):
    closed = fresh_session(system, token)
    assert system.request("POST", f"/api/sessions/{closed['id']}/close", token=token).status == 200
    active = fresh_session(system, token)
    unknown_session = 987654
    cases = [
        # missing game_id before anything else
        (unknown_session, {}, 400, {"error": "game_id is required"}),
        (closed["id"], {}, 400, {"error": "game_id is required"}),
        # type before existence
        (unknown_session, {"game_id": "7"}, 400, {"error": "game_id must be an integer"}),
        (closed["id"], {"game_id": "7"}, 400, {"error": "game_id must be an integer"}),
        # unknown session before closed / unknown game
        (unknown_session, {"game_id": games[0]}, 404, {"error": "Session not found"}),
        (unknown_session, {"game_id": 99999999}, 404, {"error": "Session not found"}),
        # closed before unknown game
        (closed["id"], {"game_id": 99999999}, 400, {"error": "Cannot add games to a closed session"}),
        (closed["id"], {"game_id": games[0]}, 400, {"error": "Cannot add games to a closed session"}),
        # finally the game
        (active["id"], {"game_id": 99999999}, 404, {"error": "Game not found"}),
        (active["id"], {"game_id": 0}, 404, {"error": "Game not found"}),
        (active["id"], {"game_id": -1}, 404, {"error": "Game not found"}),
    ]
    for session_id, body, status, expected in cases:
        r = system.request("POST", f"/api/sessions/{session_id}/games", body=body, token=token)
        assert (r.status, r.json()) == (status, expected), (session_id, body)
    assert session_games(system, closed["id"]) == []
    assert session_games(system, active["id"]) == []


@pytest.mark.parametrize("session_id", BAD_IDS)
def test_add_game_to_an_invalid_session_id_is_404(system, token, games, session_id):
    r = add_game(system, token, session_id, games[0])
    assert r.status == 404, r
    assert r.json() == {"error": "Session not found"}


def test_add_game_increments_play_count(system, token, session, games):
    before = get_game(system, games[1])["play_count"]
    add_game_ok(system, token, session["id"], games[1])
    assert get_game(system, games[1])["play_count"] == before + 1
    add_game_ok(system, token, session["id"], games[1])
    assert get_game(system, games[1])["play_count"] == before + 2
    other = get_game(system, games[2])["play_count"]
    add_game_ok(system, token, session["id"], games[2])
    assert get_game(system, games[1])["play_count"] == before + 2
    assert get_game(system, games[2])["play_count"] == other + 1


def test_adding_a_game_sets_the_previous_playing_game_to_played(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    assert statuses(system, session["id"]) == {a["id"]: "playing"}
    b = add_game_ok(system, token, session["id"], games[1])
    assert statuses(system, session["id"]) == {a["id"]: "played", b["id"]: "playing"}
    c = add_game_ok(system, token, session["id"], games[2])
    assert statuses(system, session["id"]) == {a["id"]: "played", b["id"]: "played", c["id"]: "playing"}


def test_adding_a_game_keeps_skipped_games_skipped(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/status"), body={"status": "skipped"}, token=token)
    assert r.status == 200, r
    b = add_game_ok(system, token, session["id"], games[1])
    assert statuses(system, session["id"]) == {a["id"]: "skipped", b["id"]: "playing"}


def test_adding_a_game_leaves_other_sessions_alone(system, token, games):
    first = fresh_session(system, token)
    old = add_game_ok(system, token, first["id"], games[0])
    system.request("POST", f"/api/sessions/{first['id']}/close", token=token)
    snapshot = session_games(system, first["id"])
    second = fresh_session(system, token)
    add_game_ok(system, token, second["id"], games[1])
    add_game_ok(system, token, second["id"], games[2])
    assert session_games(system, first["id"]) == snapshot
    assert [g["id"] for g in snapshot] == [old["id"]]


# --- GET /api/sessions/{id}/games ----------------------------------------------------------

def test_list_games_rows_are_joined_with_the_catalogue(system, token, session, games):
    added = [add_game_ok(system, token, session["id"], g, room_code=code)
             for g, code in zip(games[:3], ["ABCD", None, "Z9Z9"])]
    r = system.request("GET", f"/api/sessions/{session['id']}/games")
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    rows = r.json()
    assert [row["id"] for row in rows] == [a["id"] for a in added]
    for row, sent in zip(rows, added):
        assert list(row) == SESSION_GAME_KEYS
        game = get_game(system, row["game_id"])
        assert row["session_id"] == session["id"]
        assert row["room_code"] == sent["room_code"]
        assert row["played_at"] == sent["played_at"]
        assert row["player_count"] is None
        for key in ["pack_name", "title", "game_type", "min_players", "max_players", "popularity_score",
                    "upvotes", "downvotes"]:
            assert row[key] == game[key], key
        assert is_int(row["popularity_score"]) and is_int(row["upvotes"]) and is_int(row["downvotes"])


def test_list_games_ordered_by_played_at_then_id(system, token, session, games):
    added = [add_game_ok(system, token, session["id"], games[i % 2]) for i in range(6)]
    rows = session_games(system, session["id"])
    keys = [(row["played_at"], row["id"]) for row in rows]
    assert keys == sorted(keys)
    assert [row["id"] for row in rows] == sorted(a["id"] for a in added)


def test_list_games_of_an_unknown_session_is_an_empty_list(system):
    # sessions-api.txt lists no error for this route: a session id that could
    # exist but does not has no games.
    r = system.request("GET", "/api/sessions/987654/games")
    assert r.status == 200, r
    assert r.json() == []


@pytest.mark.parametrize("session_id", BAD_IDS)
def test_list_games_with_an_id_that_is_no_positive_integer_is_404(system, session_id):
    # Such an id names no session at all (docs/openapi.json: minimum 1,
    # int64): the gateway answers the route's 404 like every other id route.
    r = system.request("GET", f"/api/sessions/{session_id}/games")
    assert r.status == 404, r
    assert r.json() == {"error": "Session not found"}


# --- PATCH …/games/{sgId}/status --------------------------------------------------------------

@pytest.mark.parametrize("status", ["played", "skipped", "playing"])
def test_update_status(system, token, session, games, status):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/status"), body={"status": status}, token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    assert r.json() == {"message": "Status updated successfully", "status": status}
    assert list(r.json()) == ["message", "status"]
    assert statuses(system, session["id"]) == {a["id"]: status}


def test_setting_playing_demotes_the_other_playing_game(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    b = add_game_ok(system, token, session["id"], games[1])
    c = add_game_ok(system, token, session["id"], games[2])
    system.request("PATCH", sub(session["id"], b["id"], "/status"), body={"status": "skipped"}, token=token)
    assert statuses(system, session["id"]) == {a["id"]: "played", b["id"]: "skipped", c["id"]: "playing"}
    r = system.request("PATCH", sub(session["id"], a["id"], "/status"), body={"status": "playing"}, token=token)
    assert r.status == 200, r
    assert statuses(system, session["id"]) == {a["id"]: "playing", b["id"]: "skipped", c["id"]: "played"}
    r = system.request("PATCH", sub(session["id"], b["id"], "/status"), body={"status": "playing"}, token=token)
    assert r.status == 200, r
    assert statuses(system, session["id"]) == {a["id"]: "played", b["id"]: "playing", c["id"]: "played"}


@pytest.mark.parametrize("body", [{}, {"status": None}, {"status": ""}, {"status": "done"}, {"status": "PLAYING"},
                                  {"status": " played"}, {"status": 1}, {"status": ["played"]}, {"status": True}])
def test_update_status_with_an_invalid_value_is_400(system, token, session, games, body):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/status"), body=body, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": INVALID_STATUS}
    assert statuses(system, session["id"]) == {a["id"]: "playing"}


def test_update_status_validates_before_looking_up(system, token):
    r = system.request("PATCH", sub(987654, 987654, "/status"), body={"status": "nope"}, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": INVALID_STATUS}


def test_update_status_of_an_unknown_session_game_is_404(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    for session_id, sg_id in [(session["id"], 987654), (987654, a["id"])]:
        r = system.request("PATCH", sub(session_id, sg_id, "/status"), body={"status": "played"}, token=token)
        assert r.status == 404, (session_id, sg_id, r)
        assert r.json() == SG_NOT_FOUND
    for bad in BAD_IDS:
        for path in [sub(session["id"], bad, "/status"), sub(bad, a["id"], "/status")]:
            r = system.request("PATCH", path, body={"status": "played"}, token=token)
            assert r.status == 404, (path, r)
            assert r.json() == SG_NOT_FOUND
    assert statuses(system, session["id"]) == {a["id"]: "playing"}


# --- DELETE …/games/{sgId} -----------------------------------------------------------------------

def test_remove_a_game_from_the_session(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    b = add_game_ok(system, token, session["id"], games[1])
    r = system.request("DELETE", sub(session["id"], a["id"]), token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    assert r.json() == {"message": "Game removed from session successfully"}
    assert [g["id"] for g in session_games(system, session["id"])] == [b["id"]]
    again = system.request("DELETE", sub(session["id"], a["id"]), token=token)
    assert again.status == 404 and again.json() == SG_NOT_FOUND
    sessions = {s["id"]: s for s in system.request("GET", "/api/sessions").json()}
    assert sessions[session["id"]]["games_played"] == 1


def test_remove_unknown_or_invalid_session_game_is_404(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    paths = [sub(session["id"], 987654), sub(987654, a["id"])]
    paths += [sub(session["id"], bad) for bad in BAD_IDS] + [sub(bad, a["id"]) for bad in BAD_IDS]
    for path in paths:
        r = system.request("DELETE", path, token=token)
        assert r.status == 404, (path, r)
        assert r.json() == SG_NOT_FOUND
    assert [g["id"] for g in session_games(system, session["id"])] == [a["id"]]


# --- PATCH …/games/{sgId}/room-code ----------------------------------------------------------------

def test_update_room_code_returns_the_joined_row(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0], manually_added=True, room_code="ABCD")
    game = get_game(system, games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/room-code"), body={"room_code": "XY9Z"}, token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    row = r.json()
    assert list(row) == SESSION_GAME_ROOM_CODE_KEYS
    assert row["room_code"] == "XY9Z"
    for key in ["id", "session_id", "game_id", "manually_added", "status", "played_at"]:
        assert row[key] == a[key], key
    for key in ["pack_name", "title", "game_type", "min_players", "max_players", "popularity_score", "upvotes",
                "downvotes"]:
        assert row[key] == game[key], key
    assert session_games(system, session["id"])[0]["room_code"] == "XY9Z"


def test_set_a_room_code_on_a_game_added_without_one(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/room-code"), body={"room_code": "0000"}, token=token)
    assert r.status == 200, r
    assert r.json()["room_code"] == "0000"


def test_update_room_code_without_room_code_is_400(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0], room_code="ABCD")
    r = system.request("PATCH", sub(session["id"], a["id"], "/room-code"), body={}, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "room_code is required"}
    # null and "" are either "required" or a format error, but always 400
    for body in [{"room_code": None}, {"room_code": ""}]:
        r = system.request("PATCH", sub(session["id"], a["id"], "/room-code"), body=body, token=token)
        assert r.status == 400, (body, r)
        assert r.json() in ({"error": "room_code is required"}, {"error": ROOM_CODE_FORMAT})
    assert session_games(system, session["id"])[0]["room_code"] == "ABCD"


@pytest.mark.parametrize("room_code", INVALID_ROOM_CODES)
def test_update_room_code_with_an_invalid_code_is_400(system, token, session, games, room_code):
    a = add_game_ok(system, token, session["id"], games[0], room_code="ABCD")
    r = system.request("PATCH", sub(session["id"], a["id"], "/room-code"), body={"room_code": room_code},
                       token=token)
    assert r.status == 400, r
    assert r.json() == {"error": ROOM_CODE_FORMAT}
    assert session_games(system, session["id"])[0]["room_code"] == "ABCD"


def test_update_room_code_validates_before_looking_up(system, token):
    r = system.request("PATCH", sub(987654, 987654, "/room-code"), body={"room_code": "abcd"}, token=token)
    assert (r.status, r.json()) == (400, {"error": ROOM_CODE_FORMAT})
    r = system.request("PATCH", sub(987654, 987654, "/room-code"), body={}, token=token)
    assert (r.status, r.json()) == (400, {"error": "room_code is required"})


def test_update_room_code_of_an_unknown_session_game_is_404(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    paths = [sub(session["id"], 987654, "/room-code"), sub(987654, a["id"], "/room-code")]
    paths += [sub(session["id"], bad, "/room-code") for bad in BAD_IDS]
    for path in paths:
        r = system.request("PATCH", path, body={"room_code": "ABCD"}, token=token)
        assert r.status == 404, (path, r)
        assert r.json() == SG_NOT_FOUND


# --- PATCH …/games/{sgId}/player-count -------------------------------------------------------------

@pytest.mark.parametrize("count", [6, 0, 1, 100])
def test_update_player_count(system, token, session, games, count):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/player-count"), body={"player_count": count},
                       token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    assert r.json() == {"message": "Player count updated successfully", "player_count": count}
    assert list(r.json()) == ["message", "player_count"]
    row = session_games(system, session["id"])[0]
    assert row["player_count"] == count and is_int(row["player_count"])


def test_update_player_count_twice_keeps_the_last(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    b = add_game_ok(system, token, session["id"], games[1])
    for count in (4, 7):
        r = system.request("PATCH", sub(session["id"], a["id"], "/player-count"), body={"player_count": count},
                           token=token)
        assert r.status == 200, r
    rows = {g["id"]: g["player_count"] for g in session_games(system, session["id"])}
    assert rows == {a["id"]: 7, b["id"]: None}


@pytest.mark.parametrize("body", [{}, {"player_count": None}], ids=["missing", "null"])
def test_update_player_count_without_a_value_is_400(system, token, session, games, body):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/player-count"), body=body, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "player_count is required"}


@pytest.mark.parametrize("value", [-1, 1.5, "6", True, "abc", [6], {"n": 6}])
def test_update_player_count_with_an_invalid_value_is_400(system, token, session, games, value):
    a = add_game_ok(system, token, session["id"], games[0])
    r = system.request("PATCH", sub(session["id"], a["id"], "/player-count"), body={"player_count": value},
                       token=token)
    assert r.status == 400, r
    assert r.json() == {"error": "player_count must be a positive number"}
    assert session_games(system, session["id"])[0]["player_count"] is None


def test_update_player_count_validates_before_looking_up(system, token):
    r = system.request("PATCH", sub(987654, 987654, "/player-count"), body={"player_count": -3}, token=token)
    assert (r.status, r.json()) == (400, {"error": "player_count must be a positive number"})
    r = system.request("PATCH", sub(987654, 987654, "/player-count"), body={}, token=token)
    assert (r.status, r.json()) == (400, {"error": "player_count is required"})


def test_update_player_count_of_an_unknown_session_game_is_404(system, token, session, games):
    a = add_game_ok(system, token, session["id"], games[0])
    paths = [sub(session["id"], 987654, "/player-count"), sub(987654, a["id"], "/player-count")]
    paths += [sub(session["id"], bad, "/player-count") for bad in BAD_IDS]
    for path in paths:
        r = system.request("PATCH", path, body={"player_count": 5}, token=token)
        assert r.status == 404, (path, r)
        assert r.json() == SG_NOT_FOUND


# --- a session game of another session ------------------------------------------------------------

def test_a_session_game_of_another_session_is_404_on_every_sub_route(system, token, games):
    old = fresh_session(system, token)
    foreign = add_game_ok(system, token, old["id"], games[0], room_code="ABCD")
    close_active(system, token)
    current = fresh_session(system, token)
    own = add_game_ok(system, token, current["id"], games[1])
    snapshot = session_games(system, old["id"])
    requests = [
        ("PATCH", "/status", {"status": "skipped"}),
        ("PATCH", "/room-code", {"room_code": "WXYZ"}),
        ("PATCH", "/player-count", {"player_count": 3}),
        ("DELETE", "", None),
    ]
    for method, suffix, body in requests:
        r = system.request(method, sub(current["id"], foreign["id"], suffix), body=body, token=token)
        assert r.status == 404, (method, suffix, r)
        assert r.json() == SG_NOT_FOUND
    # and the other way round: the current session's game under the old session
    for method, suffix, body in requests:
        r = system.request(method, sub(old["id"], own["id"], suffix), body=body, token=token)
        assert r.status == 404, (method, suffix, r)
        assert r.json() == SG_NOT_FOUND
    assert session_games(system, old["id"]) == snapshot
    assert [(g["id"], g["status"], g["room_code"], g["player_count"]) for g in session_games(system, current["id"])] \
        == [(own["id"], "playing", None, None)]
