"""Games catalogue: GET /api/games (+filters), GET/PUT/DELETE /api/games/{id},
POST /api/games, PATCH /api/games/{id}/toggle (platform-api.md, Games
catalogue)."""
import itertools
import re
import urllib.parse

import pytest

from helpers import (BAD_IDS, GAME_KEYS, ISO_MS, JSON_CONTENT_TYPE, add_game_ok, admin_token, assert_recent,
                     catalogue, fresh_session, get_game, is_int)

RANGE_ERROR = "min_players and max_players must be positive integers with min_players <= max_players"
MISSING_ERROR = "Missing required fields: pack_name, title, min_players, max_players"
GAME_NOT_FOUND = {"error": "Game not found"}
_names = itertools.count(1)


@pytest.fixture
def token(system):
    return admin_token(system)


def unique_title(prefix="Test Game"):
    return f"{prefix} {next(_names)}"


def create_game(system, token, **fields):
    body = {"pack_name": "Test Pack", "title": unique_title(), "min_players": 2, "max_players": 6, **fields}
    r = system.request("POST", "/api/games", body=body, token=token)
    assert r.status == 201, r
    return r.json()


def assert_game_shape(game):
    assert list(game) == GAME_KEYS, list(game)
    assert is_int(game["id"]) and game["id"] > 0
    assert isinstance(game["pack_name"], str) and game["pack_name"]
    assert isinstance(game["title"], str) and game["title"]
    assert is_int(game["min_players"]) and is_int(game["max_players"])
    assert 1 <= game["min_players"] <= game["max_players"], game
    assert game["length_minutes"] is None or is_int(game["length_minutes"])
    for flag in ["has_audience", "family_friendly", "enabled"]:
        assert game[flag] in (0, 1) and is_int(game[flag]), (flag, game)
    for text in ["game_type", "secondary_type"]:
        assert game[text] is None or isinstance(game[text], str), (text, game)
    for counter in ["play_count", "popularity_score", "upvotes", "downvotes", "favor_bias"]:
        assert is_int(game[counter]), (counter, game)
    assert game["play_count"] >= 0 and game["upvotes"] >= 0 and game["downvotes"] >= 0
    assert game["popularity_score"] == game["upvotes"] - game["downvotes"], game
    assert ISO_MS.match(game["created_at"]), game
    assert game["ticker"] is None or re.fullmatch(r"[A-Z0-9]{1,8}", game["ticker"]), game
    assert game["favor_bias"] in (-1, 0, 1), game


def order_key(game):
    return game["pack_name"], game["title"]


# --- the seeded catalogue ----------------------------------------------------------------

def test_catalogue_is_seeded_with_the_jackbox_games(system):
    r = system.request("GET", "/api/games")
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    games = r.json()
    assert isinstance(games, list)
    assert len(games) >= 60, f"only {len(games)} games seeded"  # 11 packs x 5 + standalones
    quiplash = [g for g in games if g["title"] == "Quiplash 3" and g["pack_name"] == "The Jackbox Party Pack 7"]
    assert len(quiplash) == 1, [g for g in games if "Quiplash" in g["title"]]
    assert (quiplash[0]["min_players"], quiplash[0]["max_players"]) == (3, 8)
    assert any(g["game_type"] == "Drawing" for g in games)


def test_every_row_has_the_documented_shape(system):
    games = catalogue(system)
    for game in games:
        assert_game_shape(game)
    ids = [g["id"] for g in games]
    assert len(ids) == len(set(ids))


def test_list_is_ordered_by_pack_name_then_title(system, token):
    create_game(system, token, pack_name="AAA First Pack", title="Zzz")
    create_game(system, token, pack_name="AAA First Pack", title="Aaa")
    games = catalogue(system)
    keys = [order_key(g) for g in games]
    assert keys == sorted(keys)
    assert keys[:2] == [("AAA First Pack", "Aaa"), ("AAA First Pack", "Zzz")]


# --- filters -----------------------------------------------------------------------------------

def expect_filter(system, query, predicate):
    everything = catalogue(system)
    filtered = catalogue(system, "?" + query)
    assert filtered == [g for g in everything if predicate(g)], query
    return filtered


def test_filter_enabled(system, token):
    disabled = create_game(system, token, title=unique_title("Disabled"))
    r = system.request("PATCH", f"/api/games/{disabled['id']}/toggle", token=token)
    assert r.status == 200, r
    on = expect_filter(system, "enabled=true", lambda g: g["enabled"] == 1)
    off = expect_filter(system, "enabled=false", lambda g: g["enabled"] == 0)
    assert on and disabled["id"] in [g["id"] for g in off]


@pytest.mark.parametrize("count", [1, 2, 3, 8, 10, 100])
def test_filter_player_count(system, count):
    filtered = expect_filter(system, f"playerCount={count}", lambda g: g["min_players"] <= count <= g["max_players"])
    if count in (3, 8):
        assert filtered


def test_filter_drawing(system):
    only = expect_filter(system, "drawing=only", lambda g: g["game_type"] == "Drawing")
    assert only
    everything = catalogue(system)
    excluded = catalogue(system, "?drawing=exclude")
    assert all(g["game_type"] != "Drawing" for g in excluded)
    # rows without a game_type may go either way; every other row must be there
    assert [g for g in excluded if g["game_type"] is not None] == \
        [g for g in everything if g["game_type"] not in (None, "Drawing")]
    assert [g["id"] for g in excluded] == [g["id"] for g in everything if g["id"] in {e["id"] for e in excluded}]


def test_filter_length(system, token):
    create_game(system, token, title=unique_title("Untimed"))  # length_minutes null counts as short
    for minutes in (15, 16, 25, 26):
        create_game(system, token, title=unique_title(f"Length {minutes}"), length_minutes=minutes)
    short = expect_filter(system, "length=short", lambda g: g["length_minutes"] is None or g["length_minutes"] <= 15)
    medium = expect_filter(system, "length=medium",
                           lambda g: g["length_minutes"] is not None and 16 <= g["length_minutes"] <= 25)
    long = expect_filter(system, "length=long", lambda g: g["length_minutes"] is not None and g["length_minutes"] > 25)
    assert {15, None} <= {g["length_minutes"] for g in short}
    assert {16, 25} <= {g["length_minutes"] for g in medium}
    assert 26 in {g["length_minutes"] for g in long}


def test_filter_family_friendly(system):
    yes = expect_filter(system, "familyFriendly=true", lambda g: g["family_friendly"] == 1)
    no = expect_filter(system, "familyFriendly=false", lambda g: g["family_friendly"] == 0)
    assert yes and no


def test_filter_pack(system):
    pack = "The Jackbox Party Pack 7"
    filtered = expect_filter(system, "pack=" + urllib.parse.quote(pack), lambda g: g["pack_name"] == pack)
    assert "Quiplash 3" in [g["title"] for g in filtered]
    assert catalogue(system, "?pack=" + urllib.parse.quote("No Such Pack")) == []
    # exact match, not a prefix or substring
    assert catalogue(system, "?pack=" + urllib.parse.quote("The Jackbox Party Pack")) == \
        [g for g in catalogue(system) if g["pack_name"] == "The Jackbox Party Pack"]


def test_filters_combine(system):
    query = "enabled=true&playerCount=8&drawing=exclude&length=short&familyFriendly=true"
    filtered = catalogue(system, "?" + query)
    everything = catalogue(system)
    expected = [g for g in everything
                if g["enabled"] == 1 and g["min_players"] <= 8 <= g["max_players"] and g["game_type"] != "Drawing"
                and (g["length_minutes"] is None or g["length_minutes"] <= 15) and g["family_friendly"] == 1]
    assert [g for g in filtered if g["game_type"] is not None] == [g for g in expected if g["game_type"] is not None]
    assert all(g in expected for g in filtered)


@pytest.mark.parametrize("name,value", [
    ("enabled", "yes"), ("enabled", "2"), ("playerCount", "abc"), ("playerCount", "3x"), ("drawing", "maybe"),
    ("length", "huge"), ("familyFriendly", "maybe"),
])
def test_invalid_filter_value_is_400(system, name, value):
    r = system.request("GET", f"/api/games?{name}={value}")
    assert r.status == 400, r
    assert r.json() == {"error": f"Invalid query parameter: {name}"}


# --- GET /api/games/{id} -------------------------------------------------------------------------

def test_get_by_id_matches_the_list_row(system):
    games = catalogue(system)
    for game in games[:3] + games[-3:]:
        r = system.request("GET", f"/api/games/{game['id']}")
        assert r.status == 200, r
        assert r.headers["content-type"] == JSON_CONTENT_TYPE
        assert r.json() == game
        assert list(r.json()) == GAME_KEYS


@pytest.mark.parametrize("game_id", ["987654"] + BAD_IDS + ["9223372036854775807"])
def test_get_unknown_or_invalid_id_is_404(system, game_id):
    r = system.request("GET", f"/api/games/{game_id}")
    assert r.status == 404, r
    assert r.json() == GAME_NOT_FOUND


# --- POST /api/games ------------------------------------------------------------------------------

def test_create_returns_201_with_the_full_row(system, token):
    title = unique_title("Created")
    body = {"pack_name": "Test Pack", "title": title, "min_players": 3, "max_players": 10, "length_minutes": 20,
            "has_audience": True, "family_friendly": False, "game_type": "Trivia", "secondary_type": "Drawing"}
    r = system.request("POST", "/api/games", body=body, token=token)
    assert r.status == 201, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    game = r.json()
    assert_game_shape(game)
    assert {k: game[k] for k in ["pack_name", "title", "min_players", "max_players", "length_minutes",
                                 "game_type", "secondary_type"]} == \
        {"pack_name": "Test Pack", "title": title, "min_players": 3, "max_players": 10, "length_minutes": 20,
         "game_type": "Trivia", "secondary_type": "Drawing"}
    assert game["has_audience"] == 1 and game["family_friendly"] == 0
    assert (game["play_count"], game["popularity_score"], game["upvotes"], game["downvotes"]) == (0, 0, 0, 0)
    assert game["enabled"] == 1
    assert_recent(game["created_at"])
    assert get_game(system, game["id"]) == game
    assert game in catalogue(system)


def test_create_with_only_the_required_fields(system, token):
    game = create_game(system, token, min_players=1, max_players=1)
    assert_game_shape(game)
    assert game["length_minutes"] is None
    assert (game["play_count"], game["popularity_score"], game["enabled"]) == (0, 0, 1)


@pytest.mark.parametrize("missing", ["pack_name", "title", "min_players", "max_players"])
def test_create_without_a_required_field_is_400(system, token, missing):
    count = len(catalogue(system))
    body = {"pack_name": "Test Pack", "title": unique_title(), "min_players": 2, "max_players": 4}
    for variant in [{k: v for k, v in body.items() if k != missing}, {**body, missing: None}]:
        r = system.request("POST", "/api/games", body=variant, token=token)
        assert r.status == 400, (variant, r)
        assert r.json() == {"error": MISSING_ERROR}
    assert len(catalogue(system)) == count


@pytest.mark.parametrize("players", [(0, 4), (-1, 4), (2, 0), (2, -3), (5, 3), (1.5, 4), (2, 4.5)])
def test_create_with_a_bad_player_range_is_400(system, token, players):
    count = len(catalogue(system))
    body = {"pack_name": "Test Pack", "title": unique_title(), "min_players": players[0], "max_players": players[1]}
    r = system.request("POST", "/api/games", body=body, token=token)
    assert r.status == 400, r
    assert r.json() == {"error": RANGE_ERROR}
    assert len(catalogue(system)) == count


# --- PUT /api/games/{id} ----------------------------------------------------------------------------

def test_put_updates_only_the_given_fields(system, token):
    game = create_game(system, token, length_minutes=10, game_type="Writing")
    renamed = unique_title("Renamed")
    r = system.request("PUT", f"/api/games/{game['id']}", body={"title": renamed, "max_players": 9}, token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    updated = r.json()
    assert_game_shape(updated)
    assert updated == {**game, "title": renamed, "max_players": 9}
    assert get_game(system, game["id"]) == updated


def test_put_more_fields(system, token):
    game = create_game(system, token)
    change = {"pack_name": "Other Pack", "min_players": 4, "max_players": 4, "length_minutes": 30,
              "game_type": "Drawing"}
    r = system.request("PUT", f"/api/games/{game['id']}", body=change, token=token)
    assert r.status == 200, r
    assert r.json() == {**game, **change}
    assert r.json() in catalogue(system, "?drawing=only&length=long&playerCount=4")


@pytest.mark.parametrize("game_id", ["987654"] + BAD_IDS)
def test_put_unknown_or_invalid_id_is_404(system, token, game_id):
    r = system.request("PUT", f"/api/games/{game_id}", body={"title": "Nope"}, token=token)
    assert r.status == 404, r
    assert r.json() == GAME_NOT_FOUND


# --- DELETE /api/games/{id} ----------------------------------------------------------------------------

def test_delete_a_game(system, token):
    game = create_game(system, token)
    r = system.request("DELETE", f"/api/games/{game['id']}", token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    assert r.json() == {"message": "Game deleted successfully"}
    gone = system.request("GET", f"/api/games/{game['id']}")
    assert (gone.status, gone.json()) == (404, GAME_NOT_FOUND)
    assert game["id"] not in [g["id"] for g in catalogue(system)]
    again = system.request("DELETE", f"/api/games/{game['id']}", token=token)
    assert (again.status, again.json()) == (404, GAME_NOT_FOUND)


@pytest.mark.parametrize("game_id", ["987654"] + BAD_IDS)
def test_delete_unknown_or_invalid_id_is_404(system, token, game_id):
    r = system.request("DELETE", f"/api/games/{game_id}", token=token)
    assert r.status == 404, r
    assert r.json() == GAME_NOT_FOUND


def test_delete_a_game_played_in_a_session_is_409(system, token):
    game = create_game(system, token)
    session = fresh_session(system, token)
    add_game_ok(system, token, session["id"], game["id"])
    r = system.request("DELETE", f"/api/games/{game['id']}", token=token)
    assert r.status == 409, r
    assert r.json() == {"error": "Cannot delete a game that has been played in a session"}
    assert get_game(system, game["id"])["play_count"] == 1


# --- PATCH /api/games/{id}/toggle -------------------------------------------------------------------------

def test_toggle_flips_enabled(system, token):
    game = create_game(system, token)
    first = system.request("PATCH", f"/api/games/{game['id']}/toggle", token=token)
    assert first.status == 200, first
    assert first.headers["content-type"] == JSON_CONTENT_TYPE
    assert_game_shape(first.json())
    assert first.json() == {**game, "enabled": 0}
    assert get_game(system, game["id"])["enabled"] == 0
    second = system.request("PATCH", f"/api/games/{game['id']}/toggle", token=token)
    assert second.status == 200, second
    assert second.json() == {**game, "enabled": 1}


@pytest.mark.parametrize("game_id", ["987654"] + BAD_IDS)
def test_toggle_unknown_or_invalid_id_is_404(system, token, game_id):
    r = system.request("PATCH", f"/api/games/{game_id}/toggle", token=token)
    assert r.status == 404, r
    assert r.json() == GAME_NOT_FOUND
