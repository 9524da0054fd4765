"""POST /api/sessions/{id}/chat-import, GET /api/sessions/{id}/export and
the deletion of a session's votes (sessions-api.txt)."""
import hashlib
import json
import os
import pathlib
import signal
import time

import pytest

from helpers import admin_token, assert_json_response, playable_game_ids
from votes import counters, import_chat, iso, ms_of, session_with_games

EXPECTED = pathlib.Path(__file__).parent / "expected"


@pytest.fixture
def token(system):
    return admin_token(system)


def test_import_matches_votes_by_interval_and_reports_everything(system, token):
    first, second = playable_game_ids(system, 2)
    session, (game1, game2) = session_with_games(system, token, [first, second])
    start1, start2 = ms_of(game1["played_at"]), ms_of(game2["played_at"])
    before1, before2 = counters(system, first), counters(system, second)
    tag = f"s{session['id']}"
    messages = [
        {"username": f"{tag}a", "message": "thisgame++", "timestamp": iso(start1 - 1)},        # before any game
        {"username": f"{tag}b", "message": "great THISGAME++ !", "timestamp": iso(start1)},
        {"username": f"{tag}c", "message": "thisgame--", "timestamp": iso(start2 - 1)},
        {"username": f"{tag}d", "message": "hello chat", "timestamp": iso(start2)},
        {"username": f"{tag}e", "message": "ThisGame--", "timestamp": iso(start2)},
        {"username": f"{tag}f", "message": "thisgame++", "timestamp": iso(start2 + 3_600_000)},
        {"username": f"{tag}b", "message": "great THISGAME++ !", "timestamp": iso(start1)},  # repeated in the log
    ]
    r = import_chat(system, token, session["id"], messages)
    body = assert_json_response(r, 200)
    assert body["message"] == "Chat log imported and processed successfully"
    assert (body["messagesImported"], body["duplicatesSkipped"], body["votesProcessed"]) == (6, 1, 4)
    assert body["votesByGame"] == {
        str(first): {"title": game1["title"], "upvotes": 1, "downvotes": 1},
        str(second): {"title": game2["title"], "upvotes": 1, "downvotes": 1},
    }
    assert body["debug"]["sessionGamesTimeline"] == [
        {"title": game1["title"], "played_at": game1["played_at"], "played_at_ms": start1},
        {"title": game2["title"], "played_at": game2["played_at"], "played_at_ms": start2},
    ]
    assert body["debug"]["voteMatches"] == [
        {"username": f"{tag}b", "vote": "up", "timestamp": iso(start1), "game_id": first, "title": game1["title"]},
        {"username": f"{tag}c", "vote": "down", "timestamp": iso(start2 - 1), "game_id": first, "title": game1["title"]},
        {"username": f"{tag}e", "vote": "down", "timestamp": iso(start2), "game_id": second, "title": game2["title"]},
        {"username": f"{tag}f", "vote": "up", "timestamp": iso(start2 + 3_600_000), "game_id": second,
         "title": game2["title"]},
    ]
    assert counters(system, first) == (before1[0] + 1, before1[1] + 1)
    assert counters(system, second) == (before2[0] + 1, before2[1] + 1)
    # Chat imports do not write live votes.
    assert system.request("GET", f"/api/sessions/{session['id']}/votes").json()["votes"] == []

    again = assert_json_response(import_chat(system, token, session["id"], messages), 200)
    assert (again["messagesImported"], again["duplicatesSkipped"], again["votesProcessed"]) == (0, 7, 0)
    assert again["votesByGame"] == {} and again["debug"]["voteMatches"] == []
    assert counters(system, first) == (before1[0] + 1, before1[1] + 1)
    assert counters(system, second) == (before2[0] + 1, before2[1] + 1)


def test_dedup_key_is_username_message_and_timestamp_as_sent(system, token):
    game = playable_game_ids(system, 1)[0]
    session, (added,) = session_with_games(system, token, [game])
    second = ms_of(added["played_at"]) // 1000 * 1000 + 5000
    name = f"dedup{session['id']}"
    same_moment = [
        {"username": name, "message": "thisgame++", "timestamp": iso(second)},
        {"username": name, "message": "thisgame++", "timestamp": iso(second)[:19] + "Z"},  # same instant, other text
        {"username": name, "message": "thisgame++ ", "timestamp": iso(second)},
        {"username": name + "x", "message": "thisgame++", "timestamp": iso(second)},
    ]
    body = import_chat(system, token, session["id"], same_moment).json()
    assert (body["messagesImported"], body["duplicatesSkipped"]) == (4, 0)
    hashes = {hashlib.sha256(f"{m['username']}:{m['message']}:{m['timestamp']}".encode()).hexdigest()
              for m in same_moment}
    assert len(hashes) == 4


def test_import_into_a_closed_session_works(system, token):
    game = playable_game_ids(system, 1)[0]
    session, (added,) = session_with_games(system, token, [game])
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200
    before = counters(system, game)
    r = import_chat(system, token, session["id"], [
        {"username": f"closed{session['id']}", "message": "thisgame--", "timestamp": added["played_at"]}])
    assert assert_json_response(r, 200)["votesProcessed"] == 1
    assert counters(system, game) == (before[0], before[1] + 1)


@pytest.mark.parametrize("body", [{}, {"chatData": "x"}, {"chatData": {"a": 1}}, {"chatData": None}])
def test_chat_data_must_be_an_array(system, token, body):
    session, _ = session_with_games(system, token, playable_game_ids(system, 1))
    r = system.request("POST", f"/api/sessions/{session['id']}/chat-import", token=token, body=body)
    assert_json_response(r, 400)
    assert r.json() == {"error": "chatData must be an array"}


def test_a_malformed_message_refuses_the_whole_import(system, token):
    session, (added,) = session_with_games(system, token, playable_game_ids(system, 1))
    good = {"username": f"m{session['id']}", "message": "thisgame++", "timestamp": added["played_at"]}
    r = import_chat(system, token, session["id"], [good, {"username": "x", "message": 5, "timestamp": "t"}])
    assert_json_response(r, 400)
    assert r.json() == {"error": "chatData[1] must be an object with string username, message and timestamp"}
    # Nothing was stored: the good message imports now.
    assert import_chat(system, token, session["id"], [good]).json()["messagesImported"] == 1


def test_no_games_unknown_session_and_auth(system, token):
    session, _ = session_with_games(system, token, [])
    r = import_chat(system, token, session["id"], [])
    assert_json_response(r, 400)
    assert r.json() == {"error": "No games played in this session to match votes against"}
    for bad in ["999999", "abc"]:
        r = system.request("POST", f"/api/sessions/{bad}/chat-import", token=token, body={"chatData": []})
        assert_json_response(r, 404)
        assert r.json() == {"error": "Session not found"}
    assert system.request("POST", f"/api/sessions/{session['id']}/chat-import", body={"chatData": []}).status == 401


def test_bodies_up_to_16_mib_are_accepted_and_larger_ones_are_413(system, token):
    session, (added,) = session_with_games(system, token, playable_game_ids(system, 1))
    stamp = added["played_at"]
    prefix = f"big{session['id']}-"
    entry = '{"username":"%s%%07d","message":"%s","timestamp":"%s"}' % (prefix, "x" * 200, stamp)
    count = (5 * 1024 * 1024) // (len(entry) + 1)
    body = '{"chatData":[' + ",".join(entry % i for i in range(count)) + "]}"
    assert len(body) > 5 * 1024 * 1024  # well past the 1 MiB every other route keeps
    r = system.request("POST", f"/api/sessions/{session['id']}/chat-import", token=token, body=body, timeout=60)
    assert assert_json_response(r, 200)["messagesImported"] == count
    too_big = '{"chatData":[],"pad":"' + "x" * (16 * 1024 * 1024) + '"}'
    r = system.request("POST", f"/api/sessions/{session['id']}/chat-import", token=token, body=too_big, timeout=60)
    assert r.status == 413
    r = system.request("POST", "/api/sessions", token=token, body='{"notes":"' + "x" * (1024 * 1024) + '"}')
    assert r.status == 413


# --- export ------------------------------------------------------------------------

def exported_session(system, token):
    """The fixed session of the expected files: two games, three messages."""
    first, second = playable_game_ids(system, 2)
    session, (game1, game2) = session_with_games(system, token, [first, second])
    messages = [
        {"username": "viewer1", "message": "thisgame++", "timestamp": game1["played_at"]},
        {"username": "viewer2", "message": "what a round", "timestamp": iso(ms_of(game2["played_at"]) + 60_000)},
        {"username": "viewer3", "message": "thisgame--", "timestamp": iso(ms_of(game2["played_at"]) + 120_000)},
    ]
    # Unique per session so dedup never hides them: the id is in the notes.
    for message in messages:
        message["message"] += f" #{session['id']}"
    assert import_chat(system, token, session["id"], messages).status == 200
    r = system.request("POST", f"/api/sessions/{session['id']}/close", token=token,
                       body={"notes": "Friday game night"})
    closed = r.json()
    return closed, [game1, game2], messages


def fill(template, session, games, messages):
    values = {"id": session["id"], "created_at": session["created_at"], "closed_at": session["closed_at"],
              "underline": "=" * len(str(session["id"]))}
    for index, game in enumerate(games, 1):
        for key in ["title", "pack_name", "game_type", "min_players", "max_players", "played_at"]:
            values[f"g{index}_{key}"] = game[key]
    for index, message in enumerate(messages, 1):
        values[f"m{index}"] = message["message"]
        values[f"t{index}"] = iso(ms_of(message["timestamp"]))
    return template.format(**values)


def test_export_txt_is_the_default(system, token):
    session, games, messages = exported_session(system, token)
    r = system.request("GET", f"/api/sessions/{session['id']}/export", token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["content-disposition"] == f'attachment; filename="session-{session["id"]}.txt"'
    expected = fill((EXPECTED / "session-export.txt").read_text(), session, games, messages)
    assert r.body.decode() == expected


def test_export_json(system, token):
    session, games, messages = exported_session(system, token)
    r = system.request("GET", f"/api/sessions/{session['id']}/export?format=json", token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["content-disposition"] == f'attachment; filename="session-{session["id"]}.json"'
    expected = json.loads(fill((EXPECTED / "session-export.json").read_text(), session, games, messages))
    assert json.loads(r.body) == expected


def test_export_of_the_active_session_and_errors(system, token):
    session, _ = session_with_games(system, token, playable_game_ids(system, 1))
    r = system.request("GET", f"/api/sessions/{session['id']}/export?format=json", token=token)
    assert r.status == 200
    assert json.loads(r.body)["session"]["is_active"] is True
    r = system.request("GET", "/api/sessions/999999/export", token=token)
    assert_json_response(r, 404)
    assert r.json() == {"error": "Session not found"}
    r = system.request("GET", f"/api/sessions/{session['id']}/export?format=pdf", token=token)
    assert_json_response(r, 400)
    assert r.json() == {"error": "Invalid query parameter: format"}
    assert system.request("GET", f"/api/sessions/{session['id']}/export").status == 401


# --- deleting a session ----------------------------------------------------------------

def seed_votes(system, token):
    """A closed session with one live vote and one imported message."""
    from votes import live_vote
    game = playable_game_ids(system, 1)[0]
    session, (added,) = session_with_games(system, token, [game])
    name = f"del{session['id']}"
    assert live_vote(system, token, name, "up", added["played_at"]).status == 200
    assert import_chat(system, token, session["id"], [
        {"username": name, "message": "thisgame--", "timestamp": added["played_at"]}]).status == 200
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200
    return session


def votes_of(system, session_id):
    return system.request("GET", f"/api/votes?session_id={session_id}").json()["pagination"]["total"]


def test_deleting_a_session_removes_its_chat_logs_and_live_votes(system, token):
    session = seed_votes(system, token)
    keep = seed_votes(system, token)
    assert votes_of(system, session["id"]) == 1
    r = system.request("DELETE", f"/api/sessions/{session['id']}", token=token)
    assert r.status == 200
    deadline = time.time() + 5
    while votes_of(system, session["id"]) and time.time() < deadline:
        time.sleep(0.05)
    assert votes_of(system, session["id"]) == 0
    assert votes_of(system, keep["id"]) == 1
    # A new import for the deleted session is refused, its logs are gone.
    assert import_chat(system, token, session["id"], []).status == 404


def test_delete_while_vote_service_is_frozen_converges_when_it_is_back(system, token):
    session = seed_votes(system, token)
    vote = system.pid("vote-service")
    os.kill(vote, signal.SIGSTOP)
    try:
        r = system.request("DELETE", f"/api/sessions/{session['id']}", token=token)
        assert r.status == 200, r
        time.sleep(2)  # session-service's purge call times out meanwhile
    finally:
        os.kill(vote, signal.SIGCONT)
    deadline = time.time() + 15
    while votes_of(system, session["id"]) and time.time() < deadline:
        time.sleep(0.1)
    assert votes_of(system, session["id"]) == 0
