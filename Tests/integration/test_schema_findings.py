"""Regression tests for what schemathesis found (test_schemathesis.py), each
pinned down by hand so it stays fixed even if the fuzzer's seed or budget
changes: ids that are no positive integer, whole numbers spelt with a
fraction or exponent, methods on literal paths, webhook URLs that are no
RFC 3986 URI, and text limits counted in characters."""
import json

import pytest

from helpers import (BAD_IDS, add_game_ok, admin_token, assert_json_response, fresh_session, get_game,
                     playable_game_ids)


@pytest.fixture
def token(system):
    return admin_token(system)


def raw(system, method, path, text, token):
    """A request whose JSON body is sent exactly as written (Python's json
    would print 5.0 as 5.0 but cannot print 5e0)."""
    return system.request(method, path, body=text.encode(), token=token,
                          headers={"Content-Type": "application/json"})


# --- path ids -------------------------------------------------------------------------------

@pytest.mark.parametrize("path, error", [
    ("/api/sessions/{}/games", "Session not found"),
    ("/api/sessions/{}/votes", "Session not found"),
    ("/api/sessions/{}", "Session not found"),
    ("/api/sessions/1/games/{}/status-live", "Session game not found"),
    ("/api/sessions/{}/games/1/status-live", "Session game not found"),
    ("/api/games/{}", "Game not found"),
])
@pytest.mark.parametrize("bad", BAD_IDS + ["+1", "007x", "1e3", "%31%2E5"])
def test_public_routes_answer_404_for_an_id_that_is_no_positive_integer(system, path, error, bad):
    r = system.request("GET", path.format(bad))
    assert assert_json_response(r, 404) == {"error": error}, (path, bad)


def test_a_bad_id_is_refused_before_the_body_is_read(system, token):
    # Not "game_id is required": the id names no session, so nothing else matters.
    r = system.request("POST", "/api/sessions/0/games", body={}, token=token)
    assert assert_json_response(r, 404) == {"error": "Session not found"}
    # A well-formed unknown id keeps the documented order (body first).
    r = system.request("POST", "/api/sessions/987654/games", body={}, token=token)
    assert assert_json_response(r, 400) == {"error": "game_id is required"}


def test_the_largest_int64_id_is_well_formed_and_simply_unknown(system):
    r = system.request("GET", "/api/sessions/9223372036854775807/games")
    assert assert_json_response(r, 200) == []


# --- whole numbers ----------------------------------------------------------------------------

def test_whole_numbers_with_a_fraction_or_exponent_are_integers(system, token):
    session = fresh_session(system, token)
    game_id = playable_game_ids(system, 1)[0]
    r = raw(system, "POST", f"/api/sessions/{session['id']}/games", f'{{"game_id": {game_id}.0}}', token)
    added = assert_json_response(r, 201)
    assert added["game_id"] == game_id
    path = f"/api/sessions/{session['id']}/games/{added['id']}/player-count"
    r = raw(system, "PATCH", path, '{"player_count": 6e0}', token)
    assert assert_json_response(r, 200)["player_count"] == 6
    r = raw(system, "POST", "/api/games", '{"pack_name": "Floats", "title": "Whole", "min_players": 2.0, '
                                          '"max_players": 8E0, "length_minutes": 150e-1, "favor_bias": -1.0}', token)
    game = assert_json_response(r, 201)
    assert (game["min_players"], game["max_players"], game["length_minutes"], game["favor_bias"]) == (2, 8, 15, -1)
    assert get_game(system, game["id"])["max_players"] == 8
    r = raw(system, "POST", "/api/pick", '{"playerCount": 4.0, "seed": 7.0}', token)
    assert r.status == 200, r


@pytest.mark.parametrize("text, error", [
    ('{"player_count": 1.5}', "player_count must be a positive number"),
    ('{"player_count": 9223372036854775808}', "player_count must be a positive number"),
    ('{"player_count": 1e300}', "player_count must be a positive number"),
])
def test_fractions_and_integers_past_int64_stay_refused(system, token, text, error):
    session = fresh_session(system, token)
    added = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    r = raw(system, "PATCH", f"/api/sessions/{session['id']}/games/{added['id']}/player-count", text, token)
    assert assert_json_response(r, 400) == {"error": error}


def test_an_integer_below_int64_is_not_rounded_into_range(system, token):
    # -9223372036854775809 is the Double -2^63: it must not pass for Int64.min.
    r = raw(system, "POST", "/api/pick", '{"seed": -9223372036854775809}', token)
    assert assert_json_response(r, 400) == {"error": "Invalid seed"}


# --- methods on literal paths -----------------------------------------------------------------

@pytest.mark.parametrize("method, path, allow", [
    ("DELETE", "/api/sessions/active", "GET, HEAD, OPTIONS"),
    ("POST", "/api/sessions/active", "GET, HEAD, OPTIONS"),
    ("GET", "/api/sessions/bulk", "POST, OPTIONS"),
    ("PUT", "/api/games/packs", "GET, HEAD, OPTIONS"),
    ("DELETE", "/api/games/packs", "GET, HEAD, OPTIONS"),
])
def test_a_literal_path_is_its_own_resource_not_an_id(system, token, method, path, allow):
    # Not `/api/sessions/:id` with the id "active" (that was a 404 "Session
    # not found"): the path exists, without this method.
    r = system.request(method, path, token=token)
    assert assert_json_response(r, 405) == {"error": "Method not allowed"}
    assert r.headers["allow"] == allow


def test_a_literal_branch_that_dead_ends_still_reaches_the_id_route(system):
    # /api/sessions/active/games is no literal route: "active" is then an id
    # (and not a valid one).
    r = system.request("GET", "/api/sessions/active/games")
    assert assert_json_response(r, 404) == {"error": "Session not found"}


# --- webhook URLs and text limits -------------------------------------------------------------

def webhook(url="http://127.0.0.1:9/hook", name="hook", secret="s"):
    return {"name": name, "url": url, "secret": secret, "events": ["game.added"]}


@pytest.mark.parametrize("url", ["http://127.0.0.1:9x", "https://café.example/", "http://h/é", "http://h/<x>",
                                 "http://h/a|b", "http://h/%zz", "http://h/[x]", "http://a@b@c/",
                                 "htTpS://\u00a9h"])
def test_a_webhook_url_must_be_an_rfc_3986_uri(system, token, url):
    r = system.request("POST", "/api/webhooks", body=webhook(url), token=token)
    assert assert_json_response(r, 400) == {"error": "url must be an http or https URL"}, url


def test_a_percent_encoded_webhook_url_is_accepted_and_returned_as_sent(system, token):
    url = "HTTP://127.0.0.1:9/caf%C3%A9?a=(1)&b=*;c,d+e~f'g!$#frag"
    r = system.request("POST", "/api/webhooks", body=webhook(url), token=token)
    assert assert_json_response(r, 201)["url"] == url
    assert system.request("DELETE", f"/api/webhooks/{r.json()['id']}", token=token).status == 200


def test_webhook_name_and_secret_limits_count_characters_not_bytes(system, token):
    r = system.request("POST", "/api/webhooks", body=webhook(name="é" * 200, secret="ü" * 1024), token=token)
    created = assert_json_response(r, 201)
    assert created["name"] == "é" * 200
    assert system.request("DELETE", f"/api/webhooks/{created['id']}", token=token).status == 200
    r = system.request("POST", "/api/webhooks", body=webhook(name="é" * 201), token=token)
    assert assert_json_response(r, 400) == {"error": "name must be a non-empty string of at most 200 characters"}
    r = system.request("POST", "/api/webhooks", body=webhook(secret="ü" * 1025), token=token)
    assert assert_json_response(r, 400) == {
        "error": "secret must be a non-empty string of at most 1024 characters"}


def test_a_live_vote_username_limit_counts_characters(system, token):
    fresh_session(system, token)  # active, but no game: a valid vote gets the documented 404
    vote = {"vote": "up", "timestamp": "2026-03-15T19:20:00Z"}
    r = system.request("POST", "/api/votes/live", body={**vote, "username": "é" * 256}, token=token)
    assert assert_json_response(r, 404) == {"error": "No games have been played in the active session yet"}
    r = system.request("POST", "/api/votes/live", body={**vote, "username": "é" * 257}, token=token)
    assert assert_json_response(r, 400) == {"error": "username must be at most 256 characters"}


def test_the_csv_import_error_body_is_one_documented_shape(system, token):
    # {"error", "errors"} is both an Error and a CatalogueImportError: the
    # document says anyOf (oneOf could never match it).
    r = system.request("POST", "/api/games/import/csv", body={"csvData": ""}, token=token)
    body = assert_json_response(r, 400)
    assert body["error"] == "Import failed" and body["errors"][0]["line"] == 1, body
    schema = json.loads((__import__("gamenight").REPO / "docs" / "openapi.json").read_text())[
        "paths"]["/api/games/import/csv"]["post"]["responses"]["400"]["content"]["application/json"]["schema"]
    assert "anyOf" in schema and "oneOf" not in schema
