"""POST /api/votes/live with a `ticker`: the vote goes to the game with that
ticker (existing and enabled; not necessarily in the session), recorded
against the active session, with the usual duplicate rule and exactly-once
tally. session_game_id: the game's session game in the active session, or 0."""
import itertools

import pytest

from helpers import add_game_ok, admin_token, assert_json_response, catalogue, close_active, fresh_session
from votes import counters, iso, ms_of, session_with_games

_names = itertools.count()


def user():
    return f"ticker-viewer{next(_names)}"


@pytest.fixture
def token(system):
    return admin_token(system)


def ticker_vote(system, token, username, vote, timestamp, ticker):
    return system.request("POST", "/api/votes/live", token=token,
                          body={"username": username, "vote": vote, "timestamp": timestamp, "ticker": ticker})


def games_with_tickers(system, count):
    games = [g for g in catalogue(system) if g["enabled"] == 1 and g["ticker"]]
    assert len(games) >= count
    return games[:count]


def stored_vote(system, session_id, username):
    votes = system.request("GET", f"/api/votes?session_id={session_id}&username={username}").json()["votes"]
    assert len(votes) == 1, votes
    return votes[0]


def test_a_ticker_vote_counts_for_that_game_even_outside_the_session(system, token):
    played, elsewhere = games_with_tickers(system, 2)
    session, (added,) = session_with_games(system, token, [played["id"]])
    before = counters(system, elsewhere["id"])
    name = user()
    stamp = iso(ms_of(added["played_at"]) + 5)
    body = assert_json_response(ticker_vote(system, token, name, "up", stamp, elsewhere["ticker"].lower()), 200)
    up, down = before[0] + 1, before[1]
    assert body == {
        "success": True, "message": "Vote recorded successfully",
        "session": {"id": session["id"], "games_played": 1},
        "game": {"id": elsewhere["id"], "title": elsewhere["title"], "upvotes": up, "downvotes": down,
                 "popularity_score": up - down},
        "vote": {"username": name, "type": "up", "timestamp": stamp},
    }
    assert counters(system, elsewhere["id"]) == (up, down)
    vote = stored_vote(system, session["id"], name)
    assert vote["game_id"] == elsewhere["id"] and vote["session_id"] == session["id"]
    breakdown = system.request("GET", f"/api/sessions/{session['id']}/votes").json()["votes"]
    assert elsewhere["id"] in [row["game_id"] for row in breakdown]


def test_a_ticker_vote_needs_no_game_in_play_and_ignores_the_timeline(system, token):
    (game,) = games_with_tickers(system, 1)
    session = fresh_session(system, token)
    # No game played yet, a timestamp long before the session: still counted.
    r = ticker_vote(system, token, user(), "down", "2020-01-01T00:00:00Z", game["ticker"])
    assert assert_json_response(r, 200)["game"]["id"] == game["id"]
    assert r.json()["session"] == {"id": session["id"], "games_played": 0}


def test_the_game_in_the_session_is_the_same_game(system, token):
    first, second = games_with_tickers(system, 2)
    _, (added1, added2) = session_with_games(system, token, [first["id"], second["id"]])
    # A ticker vote for the first game during the second one goes to the first.
    r = ticker_vote(system, token, user(), "up", iso(ms_of(added2["played_at"]) + 5), first["ticker"])
    assert assert_json_response(r, 200)["game"]["id"] == first["id"]


def test_duplicate_rule_applies(system, token):
    (game,) = games_with_tickers(system, 1)
    session_with_games(system, token, [game["id"]])
    name = user()
    stamp_ms = 1_800_000_000_000
    assert ticker_vote(system, token, name, "up", iso(stamp_ms), game["ticker"]).status == 200
    r = ticker_vote(system, token, name, "down", iso(stamp_ms + 500), game["ticker"])
    assert assert_json_response(r, 409) == {"error": "Duplicate vote: this user already voted within 1 second"}
    assert ticker_vote(system, token, name, "down", iso(stamp_ms + 1000), game["ticker"]).status == 200


def test_unknown_and_disabled_tickers(system, token):
    (game,) = games_with_tickers(system, 1)
    session_with_games(system, token, [game["id"]])
    for ticker in ["ZZZZZZZZ", "NOPE1", "X" * 100]:
        r = ticker_vote(system, token, user(), "up", "2026-03-15T20:30:00Z", ticker)
        assert assert_json_response(r, 404) == {"error": "Unknown ticker"}
    toggled = system.request("PATCH", f"/api/games/{game['id']}/toggle", token=token)
    assert toggled.status == 200 and toggled.json()["enabled"] == 0
    try:
        before = counters(system, game["id"])
        r = ticker_vote(system, token, user(), "up", "2026-03-15T20:30:00Z", game["ticker"])
        assert assert_json_response(r, 404) == {"error": "Unknown ticker"}
        assert counters(system, game["id"]) == before
    finally:
        assert system.request("PATCH", f"/api/games/{game['id']}/toggle", token=token).json()["enabled"] == 1


def test_no_active_session_comes_first(system, token):
    (game,) = games_with_tickers(system, 1)
    close_active(system, token)
    for ticker in [game["ticker"], "ZZZZZZZZ"]:
        r = ticker_vote(system, token, user(), "up", "2026-03-15T20:30:00Z", ticker)
        assert assert_json_response(r, 404) == {"error": "No active session found"}


@pytest.mark.parametrize("ticker", ["", 5, ["QPL3"], True])
def test_a_ticker_must_be_a_non_empty_string(system, token, ticker):
    r = ticker_vote(system, token, user(), "up", "2026-03-15T20:30:00Z", ticker)
    assert assert_json_response(r, 400) == {"error": "ticker must be a non-empty string"}


def test_null_ticker_is_an_ordinary_vote(system, token):
    (game,) = games_with_tickers(system, 1)
    _, (added,) = session_with_games(system, token, [game["id"]])
    r = ticker_vote(system, token, user(), "up", iso(ms_of(added["played_at"]) - 100_000), None)
    assert assert_json_response(r, 404) == {"error": "Vote timestamp does not match any game in the active session"}
