"""The live status of a monitored game: the `game.status` heartbeat
(MONITOR_HEARTBEAT_SECONDS=1) with the live object, as the event log and a
subscribed dashboard see it, and GET …/status-live, live while a monitor
runs and from the database otherwise (fields exactly)."""
import time


from helpers import add_game_ok, fresh_session
from monitors import (module_fixtures, FALLBACK_KEYS, LIVE_KEYS, Codes, LiveClient, any_game,
    assert_no_heartbeat_after_disconnect, disconnected, game_events, monitored_game, of_type, status_live,
    wait_count, wait_game_event)

new_code = Codes("S")


fake, system, token = module_fixtures("monitor-status")


def live(session, game, code, **fields):
    base = {"sessionId": session["id"], "gameId": game["id"], "roomCode": code, "appTag": "quiplash3",
            "maxPlayers": 10, "playerCount": 2, "players": ["Ann", "Ben"], "lobbyState": "WaitingForMore",
            "gameState": "Lobby", "gameStarted": False, "gameFinished": False, "monitoring": True}
    base.update(fields)
    return base


def test_heartbeat_every_second_with_the_live_object(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"], app_tag="quiplash3",
                                            max_players=10)
    gid = game["id"]
    with LiveClient(system, token, session["id"]) as client:
        received = client.collect(3.6)
    beats = [(t, m) for t, m in received if m["type"] == "game.status" and m["data"]["gameId"] == gid]
    assert 3 <= len(beats) <= 5, [m for _, m in received]
    for _, message in beats:
        assert list(message) == ["type", "timestamp", "data"]
        assert message["data"] == live(session, game, code)
    gaps = [b[0] - a[0] for a, b in zip(beats, beats[1:])]
    assert all(0.6 <= gap <= 1.4 for gap in gaps), gaps

    # The heartbeat follows the room.
    room.add_player("Cat")
    wait_count(system, gid, "lobby.player-joined", 1)
    assert wait_game_event(system, gid, "game.status", lambda d: d["playerCount"] == 3, timeout=3) == live(
        session, game, code, playerCount=3, players=["Ann", "Ben", "Cat"])
    room.start_game(state="Gameplay")
    assert wait_game_event(system, gid, "game.status", lambda d: d["gameStarted"], timeout=3) == live(
        session, game, code, playerCount=3, players=["Ann", "Ben", "Cat"], gameState="Gameplay", gameStarted=True)

    room.end_game(how="postgame")
    disconnected(system, gid, "game_ended")
    assert_no_heartbeat_after_disconnect(system, gid, wait=2.5)
    statuses = [d for kind, d in game_events(system, gid, None) if kind == "game.status"]
    assert all(d["monitoring"] is True and d["gameFinished"] is False for d in statuses)


def test_status_live_is_live_while_monitoring_then_from_the_database(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"], app_tag="quiplash3",
                                            max_players=10)
    sid, gid = session["id"], game["id"]
    body = status_live(system, sid, gid)
    assert list(body) == LIVE_KEYS, list(body)
    assert body == live(session, game, code)

    room.set_room(lobbyState="CanStart", gameCanStart=True)
    wait_count(system, gid, "lobby.updated", 1)
    assert status_live(system, sid, gid) == live(session, game, code, lobbyState="CanStart")

    room.start_game()
    room.end_game()
    disconnected(system, gid, "game_ended")
    body = status_live(system, sid, gid)
    assert list(body) == FALLBACK_KEYS, list(body)
    assert body == {"sessionId": sid, "gameId": gid, "roomCode": code, "appTag": None,
                    "maxPlayers": game["max_players"], "playerCount": 2, "players": [], "lobbyState": None,
                    "gameState": None, "gameStarted": False, "gameFinished": True, "monitoring": False,
                    "title": game["title"], "packName": game["pack_name"], "status": "completed"}


def test_status_live_of_a_game_never_monitored(system, token):
    session = fresh_session(system, token)
    game = add_game_ok(system, token, session["id"], any_game(system))
    assert status_live(system, session["id"], game["id"]) == {
        "sessionId": session["id"], "gameId": game["id"], "roomCode": None, "appTag": None,
        "maxPlayers": game["max_players"], "playerCount": None, "players": [], "lobbyState": None,
        "gameState": None, "gameStarted": False, "gameFinished": False, "monitoring": False,
        "title": game["title"], "packName": game["pack_name"], "status": "not_started"}


def test_game_status_is_per_game_and_only_while_monitoring(system, token, fake):
    """A stopped monitor's game goes quiet while the next game's monitor beats."""
    first, second = new_code(), new_code()
    session, game1, _, _ = monitored_game(system, token, fake, first, players=["Ann"])
    _, game2, _, _ = monitored_game(system, token, fake, second, players=["Bo"], session=session)
    disconnected(system, game1["id"], "manually_stopped")
    mark = time.time()
    wait_count(system, game2["id"], "game.status", len(of_type(system, game2["id"], "game.status")) + 2, timeout=4)
    assert time.time() - mark >= 0.8
    assert_no_heartbeat_after_disconnect(system, game1["id"], wait=0.5)
