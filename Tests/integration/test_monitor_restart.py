"""kill -9 of the monitor-service that owns a room: the supervisor restarts
it, it resumes the monitor from its saved state (same slot: secret + id) and
announces only what happened while it was down — never a second
room.connected, never a player it had already announced."""
import time


from monitors import (module_fixtures, Codes, check_status, disconnected, joined_names, kill_monitor,
    monitor_pids, monitored_game, of_type, session_game_row, shard_requests, slots, types_of, wait_count,
    wait_game_event, wait_restarted, wait_until)

new_code = Codes("R")


fake, system, token = module_fixtures("monitor-restart")


def resumed_connection(fake, code, since, slot):
    """The shard upgrade made after `since` (request index) with our slot."""
    slot_id, secret = slot
    return [r for r in shard_requests(fake, code)[since:]
            if r["status"] == 101 and r["query"].get("secret") == secret and r["query"].get("id") == str(slot_id)]


def test_resume_after_kill_announces_only_new_players(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    sid, gid = session["id"], game["id"]
    room.add_player("Bob")
    wait_count(system, gid, "lobby.player-joined", 1)
    (slot,) = slots(fake, code)
    before = len(shard_requests(fake, code))

    old = kill_monitor(system, 1)
    room.add_player("Cat")  # joins while the monitor is down
    assert fake.wait_for_connections(code, 0, timeout=3), "the killed process's shard is still open"
    new = wait_restarted(system, 1, old)
    assert new != old

    wait_until(lambda: resumed_connection(fake, code, before, slot) and fake.connections(code) == 1, 10,
               f"a resume in the saved slot; saw {[r['query'] for r in shard_requests(fake, code)[before:]]}")
    assert len(slots(fake, code)) == 1, "the resume took a new slot"
    assert wait_count(system, gid, "lobby.player-joined", 2, timeout=5)[1] == {
        "sessionId": sid, "gameId": gid, "roomCode": code, "playerName": "Cat", "playerCount": 3,
        "players": ["Ann", "Bob", "Cat"], "maxPlayers": 8}
    time.sleep(1.5)
    assert joined_names(system, gid) == ["Bob", "Cat"]
    assert types_of(system, gid).count("room.connected") == 1, types_of(system, gid)
    assert check_status(system, sid, gid) == "monitoring"
    # The heartbeat is back, from the resumed state.
    wait_game_event(system, gid, "game.status", lambda d: d["playerCount"] == 3 and d["players"] == ["Ann", "Bob", "Cat"],
                    timeout=3)

    room.start_game()
    room.end_game()
    assert disconnected(system, gid, "game_ended")["finalPlayerCount"] == 3
    assert types_of(system, gid) == ["room.connected", "lobby.player-joined", "lobby.player-joined", "game.started",
                                     "game.ended", "player-count.updated", "room.disconnected"]
    row = session_game_row(system, sid, gid)
    assert (row["status"], row["player_count"]) == ("played", 3)


def test_a_start_while_down_is_announced_once_after_the_resume(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    sid, gid = session["id"], game["id"]
    room.set_room(lobbyState="CanStart", gameCanStart=True)
    wait_count(system, gid, "lobby.updated", 1)

    old = kill_monitor(system, 1)
    room.start_game(state="Gameplay")
    wait_restarted(system, 1, old)
    started = wait_game_event(system, gid, "game.started", timeout=10)
    assert started == {"sessionId": sid, "gameId": gid, "roomCode": code, "playerCount": 2, "players": ["Ann", "Ben"],
                       "maxPlayers": 8}
    time.sleep(1.0)
    assert types_of(system, gid) == ["room.connected", "lobby.updated", "game.started"]
    room.end_game(how="gamefinished")
    disconnected(system, gid, "game_ended")
    assert len(of_type(system, gid, "game.ended")) == 1
    assert check_status(system, sid, gid) == "completed"


def test_a_monitor_that_finished_is_not_resumed(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    room.start_game()
    room.end_game()
    disconnected(system, gid, "game_ended")
    requests = len(shard_requests(fake, code))
    old = kill_monitor(system, 1)
    wait_restarted(system, 1, old)
    assert monitor_pids(system)[1] != old
    time.sleep(1.5)
    assert len(shard_requests(fake, code)) == requests, "a finished monitor reconnected after the restart"
    assert [k for k in types_of(system, gid, None)[-3:]] == ["game.ended", "player-count.updated",
                                                            "room.disconnected"]
