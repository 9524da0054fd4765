"""GET /api/stats: the catalogue, session and play figures and the two top-10 lists."""
import pytest

from helpers import add_game_ok, admin_token, assert_json_response, catalogue, close_active, fresh_session
from votes import iso, live_vote, ms_of, session_with_games

KEYS = ["games", "sessions", "gamesPlayed", "topRatedGames", "mostPlayedGames"]


@pytest.fixture
def token(system):
    return admin_token(system)


def stats(system):
    body = assert_json_response(system.request("GET", "/api/stats"), 200)
    assert list(body) == KEYS
    return body


def test_stats_on_the_fresh_catalogue(system):
    games = catalogue(system)
    body = stats(system)
    assert body["games"] == {"total": len(games), "enabled": sum(g["enabled"] for g in games),
                             "packs": len({g["pack_name"] for g in games})}
    assert list(body["sessions"]) == ["total", "active"]


def test_stats_follow_sessions_and_plays(system, token):
    before = stats(system)
    first = fresh_session(system, token)["id"]
    ids = [g["id"] for g in catalogue(system)[:12]]
    # Game i is played i % 3 + 1 times over the sessions.
    for index, game_id in enumerate(ids[:6]):
        for _ in range(index % 3 + 1):
            add_game_ok(system, token, first, game_id)
    close_active(system, token)
    second = fresh_session(system, token)["id"]
    for game_id in ids[6:]:
        add_game_ok(system, token, second, game_id)
    body = stats(system)
    assert body["sessions"]["total"] == before["sessions"]["total"] + 2
    assert body["sessions"]["active"] == 1
    added = sum(index % 3 + 1 for index in range(6)) + 6
    assert body["gamesPlayed"] == before["gamesPlayed"] + added

    played = body["mostPlayedGames"]
    assert len(played) == 10
    expected = sorted((g for g in catalogue(system) if g["play_count"] > 0), key=lambda g: (-g["play_count"], g["title"]))
    assert [g["id"] for g in played] == [g["id"] for g in expected[:10]]
    for row in played:
        assert list(row) == ["id", "title", "pack_name", "play_count"]


def test_top_rated_games_come_from_votes(system, token):
    ids = [g["id"] for g in catalogue(system)[20:32]]
    _, added = session_with_games(system, token, ids)
    # Game i gets i % 4 up votes and one down vote when i is even.
    for index, row in enumerate(added):
        moment = ms_of(row["played_at"]) + 1
        for voter in range(index % 4):
            assert live_vote(system, token, f"stats-up-{index}-{voter}", "up", iso(moment)).status in (200, 202)
        if index % 2 == 0:
            assert live_vote(system, token, f"stats-down-{index}", "down", iso(moment)).status in (200, 202)
    body = stats(system)
    top = body["topRatedGames"]
    expected = sorted((g for g in catalogue(system) if g["popularity_score"] > 0),
                      key=lambda g: (-g["popularity_score"], g["title"]))
    assert expected
    assert [g["id"] for g in top] == [g["id"] for g in expected[:10]]
    assert len(top) == min(10, len(expected))
    for row in top:
        assert list(row) == ["id", "title", "pack_name", "popularity_score", "upvotes", "downvotes"]
        assert row["popularity_score"] == row["upvotes"] - row["downvotes"] > 0
