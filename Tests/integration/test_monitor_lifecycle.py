"""Room monitors end to end, against the fake ecast server: a game from the
lobby to its end with the exact event payloads and their order, every way a
room says "game over", a room that does not exist, a room closed before and
after the start, and each join source announcing a player once."""
import time

import pytest

from monitors import (module_fixtures, Codes, assert_no_heartbeat_after_disconnect, check_status,
    disconnected, joined_names, monitored_game, of_type, rest_requests, session_game_row, shard_requests,
    types_of, wait_check_status, wait_count, wait_game_event, wait_until)

new_code = Codes("L")


fake, system, token = module_fixtures("monitor-lifecycle")


def header(session, game, code):
    return {"sessionId": session["id"], "gameId": game["id"], "roomCode": code}


def test_full_lifecycle_from_lobby_to_played(system, token, fake):
    code = new_code()
    session, game, room, connected = monitored_game(system, token, fake, code, players=["Alice"],
                                                    app_tag="drawful2international", max_players=8)
    gid, head = game["id"], header(session, game, code)
    # Players already in the room are listed here, not announced one by one.
    assert connected == {**head, "appTag": "drawful2international", "maxPlayers": 8, "playerCount": 1,
                         "players": ["Alice"], "lobbyState": "WaitingForMore", "gameState": "Lobby"}
    assert check_status(system, session["id"], gid) == "monitoring"

    room.add_player("Bob")
    assert wait_count(system, gid, "lobby.player-joined", 1)[0] == {
        **head, "playerName": "Bob", "playerCount": 2, "players": ["Alice", "Bob"], "maxPlayers": 8}
    room.add_player("Charlie")
    assert wait_count(system, gid, "lobby.player-joined", 2)[1] == {
        **head, "playerName": "Charlie", "playerCount": 3, "players": ["Alice", "Bob", "Charlie"], "maxPlayers": 8}
    wait_until(lambda: session_game_row(system, session["id"], gid)["player_count"] == 3, 3,
               "the live count written to the session game")

    room.set_room(lobbyState="CanStart", gameCanStart=True)
    assert wait_count(system, gid, "lobby.updated", 1)[0] == {
        **head, "lobbyState": "CanStart", "gameCanStart": True, "gameIsStarting": False, "playerCount": 3}

    room.start_game(state="Gameplay", countdown=True)
    assert wait_count(system, gid, "lobby.updated", 2)[1] == {
        **head, "lobbyState": "Countdown", "gameCanStart": True, "gameIsStarting": True, "playerCount": 3}
    players = ["Alice", "Bob", "Charlie"]
    assert wait_game_event(system, gid, "game.started") == {**head, "playerCount": 3, "players": players,
                                                            "maxPlayers": 8}

    room.end_game(how="postgame")
    assert disconnected(system, gid, "game_ended") == {**head, "reason": "game_ended", "finalPlayerCount": 3}
    assert of_type(system, gid, "game.ended") == [{**head, "playerCount": 3, "players": players}]
    assert of_type(system, gid, "player-count.updated") == [
        {"sessionId": session["id"], "gameId": gid, "playerCount": 3, "status": "completed"}]
    assert types_of(system, gid) == ["room.connected", "lobby.player-joined", "lobby.player-joined", "lobby.updated",
                                     "lobby.updated", "game.started", "game.ended", "player-count.updated",
                                     "room.disconnected"]

    row = session_game_row(system, session["id"], gid)
    assert (row["status"], row["player_count"], row["room_code"]) == ("played", 3, code)
    assert check_status(system, session["id"], gid) == "completed"
    assert fake.wait_for_connections(code, 0), "the shard stayed open after the game ended"
    assert len(shard_requests(fake, code)) == 1, "one shard connection for the whole game"
    assert_no_heartbeat_after_disconnect(system, gid, wait=1.5)


@pytest.mark.parametrize("how", ["postgame", "gamefinished", "lobby"])
def test_each_way_a_game_ends(system, token, fake, how):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    gid, head = game["id"], header(session, game, code)
    room.start_game(state="Gameplay_Round1")
    wait_game_event(system, gid, "game.started")
    room.end_game(how=how)
    assert disconnected(system, gid, "game_ended") == {**head, "reason": "game_ended", "finalPlayerCount": 2}
    assert of_type(system, gid, "game.ended") == [{**head, "playerCount": 2, "players": ["Ann", "Ben"]}]
    kinds = types_of(system, gid)
    assert kinds.index("game.ended") < kinds.index("room.disconnected"), kinds
    row = session_game_row(system, session["id"], gid)
    assert (row["status"], row["player_count"]) == ("played", 2)
    assert check_status(system, session["id"], gid) == "completed"
    assert fake.wait_for_connections(code, 0)


def test_lobby_changes_after_the_start_are_not_lobby_updates(system, token, fake):
    """Entity updates during the game (still not an end) report nothing; the
    end is reported once."""
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben", "Cat"])
    gid = game["id"]
    room.start_game()
    wait_game_event(system, gid, "game.started")
    room.set_room(state="Gameplay_Round2", round=2)
    room.set_room(state="Gameplay_Round3", round=3)
    room.end_game(how="postgame")
    disconnected(system, gid, "game_ended")
    assert types_of(system, gid) == ["room.connected", "game.started", "game.ended", "player-count.updated",
                                     "room.disconnected"]


def test_room_not_found(system, token, fake):
    code = new_code()  # never created in the fake
    session, game, _, _ = monitored_game(system, token, fake, code, connect=False, create=False)
    gid = game["id"]
    assert disconnected(system, gid, "room_not_found") == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "reason": "room_not_found",
        "finalPlayerCount": 0}
    assert types_of(system, gid) == ["room.disconnected"]
    wait_check_status(system, session["id"], gid, "failed")
    assert session_game_row(system, session["id"], gid)["status"] == "playing"
    assert [r["status"] for r in rest_requests(fake, code)] == [404]
    assert shard_requests(fake, code) == [], "no WebSocket to a room the lookup did not find"
    assert_no_heartbeat_after_disconnect(system, gid, wait=1.5)


def test_room_closed_in_the_lobby(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    gid = game["id"]
    room.close()
    assert disconnected(system, gid, "room_closed") == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "reason": "room_closed", "finalPlayerCount": 2}
    assert types_of(system, gid) == ["room.connected", "room.disconnected"]
    assert session_game_row(system, session["id"], gid)["status"] == "played"
    wait_check_status(system, session["id"], gid, "failed")
    assert_no_heartbeat_after_disconnect(system, gid, wait=1.5)


def test_room_closed_after_the_start(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    gid = game["id"]
    room.start_game()
    wait_game_event(system, gid, "game.started")
    room.add_player("Late")  # a locked room still reports a join to its shards
    wait_count(system, gid, "lobby.player-joined", 1)
    room.close()
    assert disconnected(system, gid, "room_closed") == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "reason": "room_closed", "finalPlayerCount": 3}
    assert of_type(system, gid, "player-count.updated") == [
        {"sessionId": session["id"], "gameId": gid, "playerCount": 3, "status": "completed"}]
    assert of_type(system, gid, "game.ended") == []
    row = session_game_row(system, session["id"], gid)
    assert (row["status"], row["player_count"]) == ("played", 3)
    assert check_status(system, session["id"], gid) == "completed"


def test_a_game_already_running_at_connect_is_started_at_once(system, token, fake):
    code = new_code()
    session, game, room, connected = monitored_game(
        system, token, fake, code, players=["Ann", "Ben"],
        val={"state": "Gameplay", "lobbyState": "CanStart", "gameCanStart": True, "gameIsStarting": False})
    gid = game["id"]
    assert (connected["gameState"], connected["players"]) == ("Gameplay", ["Ann", "Ben"])
    assert wait_game_event(system, gid, "game.started") == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "playerCount": 2, "players": ["Ann", "Ben"],
        "maxPlayers": 8}
    room.end_game(how="postgame")
    disconnected(system, gid, "game_ended")
    assert types_of(system, gid) == ["room.connected", "game.started", "game.ended", "player-count.updated",
                                     "room.disconnected"]


def test_text_description_joins_without_pushes(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"], push_joins=False,
                                            text_descriptions=True)
    gid = game["id"]
    room.add_player("Dana")
    assert wait_count(system, gid, "lobby.player-joined", 1)[0] == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "playerName": "Dana", "playerCount": 2,
        "players": ["Ann", "Dana"], "maxPlayers": 8}


def test_a_join_reported_by_two_sources_is_announced_once(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, push_joins=True, text_descriptions=True)
    gid = game["id"]
    for name in ["Eve", "Finn"]:
        room.add_player(name)
    wait_count(system, gid, "lobby.player-joined", 2)
    time.sleep(1.0)
    assert joined_names(system, gid) == ["Eve", "Finn"]
    # A player who drops and comes back keeps the slot: not a new join.
    pid = [p for p, v in room.players.items() if v["name"] == "Eve"][0]
    room.disconnect_player(pid)
    room.reconnect_player(pid)
    room.add_player("Gus")
    wait_count(system, gid, "lobby.player-joined", 3)
    time.sleep(0.5)
    assert joined_names(system, gid) == ["Eve", "Finn", "Gus"]
