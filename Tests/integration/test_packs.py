"""Packs and favor: GET /api/games/packs, GET /api/games/meta/packs,
PATCH /api/games/packs/{name}/toggle and …/favor, PATCH /api/games/{id}/favor;
pack names with spaces, &, ' and non-ASCII through the path."""
import urllib.parse

import pytest

from helpers import (BAD_IDS, GAME_KEYS, add_game_ok, admin_token, assert_json_response, catalogue, fresh_session,
                     get_game)

PACK_NOT_FOUND = {"error": "Pack not found"}
FAVOR_ERROR = {"error": "favor_bias must be -1, 0 or 1"}
ODD_PACKS = ["Tom & Jerry's Party Pack", "Ünïcödé Pack ✓", "100% Fun + More?", "Hash #1; semi"]


@pytest.fixture
def token(system):
    return admin_token(system)


def quote(name):
    return urllib.parse.quote(name, safe="")


def packs(system):
    return assert_json_response(system.request("GET", "/api/games/packs"), 200)


def meta(system):
    return assert_json_response(system.request("GET", "/api/games/meta/packs"), 200)


def create_in_pack(system, token, pack, title, **fields):
    body = {"pack_name": pack, "title": title, "min_players": 2, "max_players": 6, **fields}
    r = system.request("POST", "/api/games", body=body, token=token)
    assert r.status == 201, r
    return r.json()


def test_packs_list_counts_per_pack_by_name(system):
    games = catalogue(system)
    listed = packs(system)
    assert [p["name"] for p in listed] == sorted({g["pack_name"] for g in games})
    for entry in listed:
        assert list(entry) == ["name", "favor_bias", "enabled_games", "total_games"]
        mine = [g for g in games if g["pack_name"] == entry["name"]]
        assert entry["total_games"] == len(mine)
        assert entry["enabled_games"] == sum(g["enabled"] for g in mine)
        assert entry["favor_bias"] == 0


def test_meta_packs_has_plays(system, token):
    session = fresh_session(system, token)["id"]
    game = catalogue(system, "?pack=" + quote("The Jackbox Party Pack 7"))[0]
    add_game_ok(system, token, session, game["id"])
    games = catalogue(system)
    listed = meta(system)
    assert [p["name"] for p in listed] == sorted({g["pack_name"] for g in games})
    for entry in listed:
        assert list(entry) == ["name", "total_games", "enabled_games", "total_plays", "favor_bias"]
        mine = [g for g in games if g["pack_name"] == entry["name"]]
        assert entry["total_plays"] == sum(g["play_count"] for g in mine)
    seven = next(p for p in listed if p["name"] == "The Jackbox Party Pack 7")
    assert seven["total_plays"] >= 1


def test_static_pack_routes_are_not_game_ids(system):
    assert isinstance(packs(system), list)
    assert isinstance(meta(system), list)
    # The game routes still answer for real ids and 404 for words.
    assert system.request("GET", "/api/games/1").status == 200
    assert system.request("GET", "/api/games/meta").json() == {"error": "Game not found"}


def test_toggle_a_pack_sets_every_game(system, token):
    pack = "The Jackbox Party Pack 3"
    total = len(catalogue(system, "?pack=" + quote(pack)))
    r = system.request("PATCH", f"/api/games/packs/{quote(pack)}/toggle", body={"enabled": False}, token=token)
    assert assert_json_response(r, 200) == {"message": "Pack updated", "pack": pack, "enabled": False,
                                            "games_updated": total}
    assert all(g["enabled"] == 0 for g in catalogue(system, "?pack=" + quote(pack)))
    assert next(p for p in packs(system) if p["name"] == pack)["enabled_games"] == 0
    r = system.request("PATCH", f"/api/games/packs/{quote(pack)}/toggle", body={"enabled": True}, token=token)
    assert r.json()["enabled"] is True
    assert all(g["enabled"] == 1 for g in catalogue(system, "?pack=" + quote(pack)))


@pytest.mark.parametrize("body", [{}, {"enabled": 1}, {"enabled": "false"}, {"enabled": None}])
def test_toggle_needs_a_boolean(system, token, body):
    r = system.request("PATCH", f"/api/games/packs/{quote('The Jackbox Party Pack 3')}/toggle", body=body, token=token)
    assert assert_json_response(r, 400) == {"error": "enabled must be a boolean"}


@pytest.mark.parametrize("action,body", [("toggle", {"enabled": False}), ("favor", {"favor_bias": 1})])
def test_unknown_pack_is_404(system, token, action, body):
    for name in ["No Such Pack", "the jackbox party pack 7", "%C3%9C"]:
        r = system.request("PATCH", f"/api/games/packs/{name if '%' in name else quote(name)}/{action}", body=body,
                           token=token)
        assert assert_json_response(r, 404) == PACK_NOT_FOUND


def test_pack_favor_is_stored_and_listed(system, token):
    pack = "The Jackbox Party Pack 5"
    for bias in [1, -1, 0]:
        r = system.request("PATCH", f"/api/games/packs/{quote(pack)}/favor", body={"favor_bias": bias}, token=token)
        assert assert_json_response(r, 200) == {"message": "Pack favor updated", "pack": pack, "favor_bias": bias}
        assert next(p for p in packs(system) if p["name"] == pack)["favor_bias"] == bias
        assert next(p for p in meta(system) if p["name"] == pack)["favor_bias"] == bias


@pytest.mark.parametrize("body", [{}, {"favor_bias": 2}, {"favor_bias": -2}, {"favor_bias": "1"}, {"favor_bias": 0.5},
                                  {"favor_bias": True}, {"favor_bias": None}])
def test_pack_favor_validation(system, token, body):
    r = system.request("PATCH", f"/api/games/packs/{quote('The Jackbox Party Pack 5')}/favor", body=body, token=token)
    assert assert_json_response(r, 400) == FAVOR_ERROR


@pytest.mark.parametrize("pack", ODD_PACKS)
def test_odd_pack_names_survive_the_path(system, token, pack):
    first = create_in_pack(system, token, pack, "One")
    create_in_pack(system, token, pack, "Two")
    assert next(p for p in packs(system) if p["name"] == pack)["total_games"] == 2
    r = system.request("PATCH", f"/api/games/packs/{quote(pack)}/favor", body={"favor_bias": -1}, token=token)
    assert assert_json_response(r, 200)["pack"] == pack
    r = system.request("PATCH", f"/api/games/packs/{quote(pack)}/toggle", body={"enabled": False}, token=token)
    assert assert_json_response(r, 200) == {"message": "Pack updated", "pack": pack, "enabled": False,
                                            "games_updated": 2}
    assert get_game(system, first["id"])["enabled"] == 0
    assert next(p for p in packs(system) if p["name"] == pack)["favor_bias"] == -1


def test_game_favor_returns_the_row(system, token):
    game = catalogue(system)[0]
    for bias in [1, -1, 0]:
        r = system.request("PATCH", f"/api/games/{game['id']}/favor", body={"favor_bias": bias}, token=token)
        row = assert_json_response(r, 200)
        assert list(row) == GAME_KEYS
        assert row["favor_bias"] == bias
        assert row == get_game(system, game["id"])


@pytest.mark.parametrize("body", [{}, {"favor_bias": 3}, {"favor_bias": "0"}, {"favor_bias": False}])
def test_game_favor_validation(system, token, body):
    game = catalogue(system)[0]
    r = system.request("PATCH", f"/api/games/{game['id']}/favor", body=body, token=token)
    assert assert_json_response(r, 400) == FAVOR_ERROR


@pytest.mark.parametrize("game_id", BAD_IDS + ["999999"])
def test_game_favor_unknown_game_is_404(system, token, game_id):
    r = system.request("PATCH", f"/api/games/{game_id}/favor", body={"favor_bias": 1}, token=token)
    assert assert_json_response(r, 404) == {"error": "Game not found"}


def test_post_and_put_validate_favor_and_ticker(system, token):
    created = create_in_pack(system, token, "Ticker Pack", "Ticker Game", ticker="TICK1", favor_bias=1)
    assert created["ticker"] == "TICK1" and created["favor_bias"] == 1
    r = system.request("POST", "/api/games", body={"pack_name": "Ticker Pack", "title": "Copy", "min_players": 1,
                                                   "max_players": 2, "ticker": "TICK1"}, token=token)
    assert assert_json_response(r, 409) == {"error": "Ticker already in use"}
    for bad in ["tick", "", "TOOLONG99", "A-B", 5]:
        r = system.request("PUT", f"/api/games/{created['id']}", body={"ticker": bad}, token=token)
        assert assert_json_response(r, 400) == {"error": "ticker must be 1-8 characters A-Z or 0-9"}, bad
    r = system.request("PUT", f"/api/games/{created['id']}", body={"favor_bias": 4}, token=token)
    assert assert_json_response(r, 400) == FAVOR_ERROR
    r = system.request("PUT", f"/api/games/{created['id']}", body={"ticker": None}, token=token)
    assert assert_json_response(r, 200)["ticker"] is None


def test_built_in_games_have_unique_tickers(system):
    games = catalogue(system)
    tickers = [g["ticker"] for g in games if g["ticker"] is not None]
    assert len(tickers) == len(set(tickers))
    quiplash = next(g for g in games if g["title"] == "Quiplash 3" and g["pack_name"] == "The Jackbox Party Pack 7")
    assert quiplash["ticker"] == "QPL3"
    assert sum(1 for g in games if g["ticker"] is not None) >= 60
