"""Helpers for the vote tests: timestamps relative to the server's played_at
values, live votes and chat imports through the gateway."""
import calendar
import time

from helpers import ISO_MS, add_game_ok, fresh_session


def ms_of(text):
    """Unix milliseconds of a server timestamp (ISO_MS)."""
    assert ISO_MS.match(text), text
    return calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")) * 1000 + int(text[20:23])


def iso(ms):
    """The server's timestamp format for Unix milliseconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def session_with_games(system, token, game_ids, gap_ms=20):
    """A fresh active session with `game_ids` added in order, at least
    `gap_ms` apart; returns (session, [session games as added])."""
    session = fresh_session(system, token)
    added = []
    for game_id in game_ids:
        if added:
            time.sleep(gap_ms / 1000)
        added.append(add_game_ok(system, token, session["id"], game_id))
    return session, added


def live_vote(system, token, username, vote, timestamp):
    return system.request("POST", "/api/votes/live", token=token,
                          body={"username": username, "vote": vote, "timestamp": timestamp})


def import_chat(system, token, session_id, messages, **kwargs):
    return system.request("POST", f"/api/sessions/{session_id}/chat-import", token=token,
                          body={"chatData": messages}, **kwargs)


def counters(system, game_id):
    from helpers import get_game
    game = get_game(system, game_id)
    assert game["popularity_score"] == game["upvotes"] - game["downvotes"], game
    return game["upvotes"], game["downvotes"]
