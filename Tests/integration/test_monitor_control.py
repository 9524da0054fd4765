"""Starting and stopping room monitors through the API: start-player-check
(400/404/200, and again after a stop), stop-player-check, and every change
to a session game that stops its monitor — closing the session, removing
the game, a new room code (which starts a monitor for the new room), setting
it played or skipped, adding the next game."""
import time

import pytest

from helpers import add_game_ok, assert_json_response, fresh_session
from monitors import (module_fixtures, NO_ROOM_CODE, NOT_FOUND, START_OK, STOP_OK, Codes, any_game,
    assert_no_heartbeat_after_disconnect, check_status, disconnected, game_events, monitored_game, of_type,
    session_game_row, set_room_code, set_status, shard_requests, start_check, status_live, stop_check,
    types_of, wait_count, wait_game_event)

new_code = Codes("K")


fake, system, token = module_fixtures("monitor-control")


def stopped_payload(session_id, game_id, code, count):
    return {"sessionId": session_id, "gameId": game_id, "roomCode": code, "reason": "manually_stopped",
            "finalPlayerCount": count}


# --- the routes --------------------------------------------------------------------------------

def test_start_player_check_needs_a_room_code(system, token):
    session = fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system))
    assert assert_json_response(start_check(system, token, session["id"], game["id"]), 400) == NO_ROOM_CODE
    assert check_status(system, session["id"], game["id"]) == "not_started"


def test_start_player_check_refuses_a_closed_sessions_game(system, token, fake):
    code = new_code()
    fake.create_room(code)
    session = fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system))
    assert system.request("POST", f"/api/sessions/{session['id']}/close", token=token).status == 200
    set_room_code(system, token, session["id"], game["id"], code)
    r = start_check(system, token, session["id"], game["id"])
    assert assert_json_response(r, 400) == {"error": "Cannot monitor a game of a closed session"}
    time.sleep(0.5)
    assert shard_requests(fake, code) == [] and types_of(system, game["id"]) == []


def test_unknown_session_games_are_404(system, token):
    session = fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system), room_code="ZZZ1")
    other = fresh_session(system, token)  # closes `session`; its game is not in `other`
    for sid, gid in [(session["id"], 99999999), (other["id"], game["id"]), (99999999, game["id"]),
                     (session["id"], "abc")]:
        assert assert_json_response(start_check(system, token, sid, gid), 404) == NOT_FOUND, (sid, gid)
        assert assert_json_response(stop_check(system, token, sid, gid), 404) == NOT_FOUND, (sid, gid)
        r = system.request("GET", f"/api/sessions/{sid}/games/{gid}/status-live")
        assert assert_json_response(r, 404) == NOT_FOUND, (sid, gid)


def test_player_check_routes_need_a_token(system, token):
    session = fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system))
    for action in ["start-player-check", "stop-player-check"]:
        r = system.request("POST", f"/api/sessions/{session['id']}/games/{game['id']}/{action}")
        assert r.status == 401, (action, r)


def test_manual_stop_then_start_again(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    sid, gid = session["id"], game["id"]

    assert assert_json_response(stop_check(system, token, sid, gid), 200) == STOP_OK
    assert disconnected(system, gid, "manually_stopped") == stopped_payload(sid, gid, code, 1)
    assert fake.wait_for_connections(code, 0), "the shard stayed open after the stop"
    assert check_status(system, sid, gid) == "stopped"
    assert session_game_row(system, sid, gid)["status"] == "playing"
    assert_no_heartbeat_after_disconnect(system, gid, wait=1.5)

    # Stopping again changes nothing.
    assert assert_json_response(stop_check(system, token, sid, gid), 200) == STOP_OK
    time.sleep(0.3)
    assert types_of(system, gid) == ["room.connected", "room.disconnected"]

    assert assert_json_response(start_check(system, token, sid, gid), 200) == START_OK
    wait_count(system, gid, "room.connected", 2)
    assert of_type(system, gid, "room.connected")[1]["players"] == ["Ann"]
    assert fake.wait_for_connections(code, 1)
    assert check_status(system, sid, gid) == "monitoring"
    room.add_player("Bea")
    assert wait_count(system, gid, "lobby.player-joined", 1)[0]["players"] == ["Ann", "Bea"]


def test_stop_and_start_at_once(system, token, fake):
    """A start right behind a stop (no wait for the old monitor to wind
    down) still ends with a running monitor."""
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    sid, gid = session["id"], game["id"]
    assert stop_check(system, token, sid, gid).status == 200
    assert start_check(system, token, sid, gid).status == 200
    disconnected(system, gid, "manually_stopped")
    wait_count(system, gid, "room.connected", 2)
    assert fake.wait_for_connections(code, 1)
    assert check_status(system, sid, gid) == "monitoring"


def test_starting_a_running_monitor_restarts_nothing(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    sid, gid = session["id"], game["id"]
    assert assert_json_response(start_check(system, token, sid, gid), 200) == START_OK
    time.sleep(1.0)
    assert types_of(system, gid) == ["room.connected"]
    assert len(shard_requests(fake, code)) == 1 and fake.connections(code) == 1
    assert check_status(system, sid, gid) == "monitoring"


def test_stop_after_the_game_ended_keeps_completed(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    sid, gid = session["id"], game["id"]
    room.start_game()
    room.end_game()
    disconnected(system, gid, "game_ended")
    assert assert_json_response(stop_check(system, token, sid, gid), 200) == STOP_OK
    time.sleep(0.5)
    assert check_status(system, sid, gid) == "completed"
    assert [d["reason"] for d in of_type(system, gid, "room.disconnected")] == ["game_ended"]


# --- changes that stop a monitor -----------------------------------------------------------------

def test_a_count_set_by_hand_stops_the_monitor(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    sid, gid = session["id"], game["id"]
    r = system.request("PATCH", f"/api/sessions/{sid}/games/{gid}/player-count", body={"player_count": 7},
                       token=token)
    assert r.status == 200, r
    assert disconnected(system, gid, "manually_stopped") == stopped_payload(sid, gid, code, 2)
    assert fake.wait_for_connections(code, 0)
    room.add_player("Late")  # nobody is watching: the hand-set count stays
    time.sleep(0.5)
    assert check_status(system, sid, gid) == "completed"
    assert session_game_row(system, sid, gid)["player_count"] == 7
    assert of_type(system, gid, "lobby.player-joined") == []


def assert_stopped(system, fake, session, game, code, count, check="stopped"):
    sid, gid = session["id"], game["id"]
    assert disconnected(system, gid, "manually_stopped") == stopped_payload(sid, gid, code, count)
    assert fake.wait_for_connections(code, 0), "the shard stayed open after the stop"
    if check is not None:
        assert check_status(system, sid, gid) == check
    assert_no_heartbeat_after_disconnect(system, gid, wait=1.5)


def test_closing_the_session_stops_its_monitor(system, token, fake):
    code = new_code()
    session, game, _, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    r = system.request("POST", f"/api/sessions/{session['id']}/close", token=token)
    assert r.status == 200, r
    assert_stopped(system, fake, session, game, code, 2)


def test_removing_the_game_stops_its_monitor(system, token, fake):
    code = new_code()
    session, game, _, _ = monitored_game(system, token, fake, code, players=["Ann"])
    r = system.request("DELETE", f"/api/sessions/{session['id']}/games/{game['id']}", token=token)
    assert r.status == 200, r
    assert_stopped(system, fake, session, game, code, 1, check=None)
    r = system.request("GET", f"/api/sessions/{session['id']}/games/{game['id']}/status-live")
    assert assert_json_response(r, 404) == NOT_FOUND


@pytest.mark.parametrize("status", ["played", "skipped"])
def test_setting_the_status_stops_its_monitor(system, token, fake, status):
    code = new_code()
    session, game, _, _ = monitored_game(system, token, fake, code, players=["Ann"])
    set_status(system, token, session["id"], game["id"], status)
    assert_stopped(system, fake, session, game, code, 1)
    assert session_game_row(system, session["id"], game["id"])["status"] == status


def test_adding_the_next_game_stops_the_previous_monitor(system, token, fake):
    code, next_code = new_code(), new_code()
    session, game, _, _ = monitored_game(system, token, fake, code, players=["Ann"])
    _, following, _, connected = monitored_game(system, token, fake, next_code, players=["Cid"], session=session)
    assert_stopped(system, fake, session, game, code, 1)
    assert session_game_row(system, session["id"], game["id"])["status"] == "played"
    assert connected["players"] == ["Cid"] and connected["gameId"] == following["id"]
    assert check_status(system, session["id"], following["id"]) == "monitoring"
    assert fake.connections(next_code) == 1


def test_a_new_room_code_moves_the_monitor_to_the_new_room(system, token, fake):
    code, new = new_code(), new_code()
    session, game, _, _ = monitored_game(system, token, fake, code, players=["Ann"])
    sid, gid = session["id"], game["id"]
    fake.create_room(new).add_player("Zoe")
    set_room_code(system, token, sid, gid, new)
    assert disconnected(system, gid, "manually_stopped") == stopped_payload(sid, gid, code, 1)
    connected = wait_game_event(system, gid, "room.connected", lambda d: d["roomCode"] == new)
    assert (connected["players"], connected["playerCount"]) == (["Zoe"], 1)
    assert fake.wait_for_connections(code, 0) and fake.wait_for_connections(new, 1)
    assert [(kind, data["roomCode"]) for kind, data in game_events(system, gid)] == [
        ("room.connected", code), ("room.disconnected", code), ("room.connected", new)]
    assert check_status(system, sid, gid) == "monitoring"
    assert status_live(system, sid, gid)["roomCode"] == new
    # The old room's events no longer reach this game.
    fake.room(code).add_player("Ghost")
    fake.room(new).add_player("Yara")
    assert wait_count(system, gid, "lobby.player-joined", 1)[0]["playerName"] == "Yara"
    time.sleep(0.5)
    assert [d["playerName"] for d in of_type(system, gid, "lobby.player-joined")] == ["Yara"]


def test_setting_a_room_code_on_the_playing_game_starts_a_monitor(system, token, fake):
    code = new_code()
    session = fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system))
    fake.create_room(code).add_player("Ann")
    set_room_code(system, token, session["id"], game["id"], code)
    connected = wait_game_event(system, game["id"], "room.connected")
    assert (connected["roomCode"], connected["players"]) == (code, ["Ann"])
    assert check_status(system, session["id"], game["id"]) == "monitoring"
