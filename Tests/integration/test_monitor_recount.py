"""A room that does not push joins to shards (no client/connected, no
textDescriptions): with MONITOR_RECOUNT_SECONDS=1 the monitor recounts the
players through a short second shard connection and still announces each
new player exactly once."""
import time


from monitors import (module_fixtures, Codes, disconnected, joined_names, monitored_game, shard_requests,
    slots, types_of, wait_count, wait_until)

new_code = Codes("P")


fake, system, token = module_fixtures("monitor-recount", MONITOR_RECOUNT_SECONDS=1)


def test_joins_are_found_by_the_recount(system, token, fake):
    code = new_code()
    session, game, room, connected = monitored_game(system, token, fake, code, players=["Ann"], push_joins=False)
    gid = game["id"]
    assert connected["players"] == ["Ann"]
    (main_slot,) = slots(fake, code)
    room.add_player("Bob")
    assert wait_count(system, gid, "lobby.player-joined", 1, timeout=4)[0] == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "playerName": "Bob", "playerCount": 2,
        "players": ["Ann", "Bob"], "maxPlayers": 8}
    room.add_player("Cat")
    room.add_player("Dan")
    wait_count(system, gid, "lobby.player-joined", 3, timeout=4)
    time.sleep(2.5)  # more recounts: nobody is announced twice
    assert joined_names(system, gid) == ["Bob", "Cat", "Dan"]
    assert types_of(system, gid).count("room.connected") == 1

    recounts = shard_requests(fake, code)[1:]
    assert len(recounts) >= 2, "no recount connections"
    expected = {"role": "shard", "name": "GamePicker", "userId": f"gamepicker-{session['id']}", "format": "json"}
    assert all(r["query"] == expected and r["status"] == 101 for r in recounts), [r["query"] for r in recounts]
    assert all("Mozilla/" in r["user_agent"] and r["subprotocols"] == ["ecast-v0"] for r in recounts)
    # Recount connections are short: the monitor keeps one shard in the room, its own slot.
    wait_until(lambda: fake.connections(code) == 1, 2, "the recount connection closed")
    main_conn = [r for r in shard_requests(fake, code) if r["status"] == 101][0]
    assert main_conn["query"] == expected and slots(fake, code)[0] == main_slot


def test_recount_does_not_disturb_the_game(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"], push_joins=False)
    gid = game["id"]
    room.start_game()
    time.sleep(1.5)
    room.end_game()
    assert disconnected(system, gid, "game_ended")["finalPlayerCount"] == 2
    assert types_of(system, gid) == ["room.connected", "game.started", "game.ended", "player-count.updated",
                                     "room.disconnected"]
    time.sleep(1.5)
    assert fake.connections(code) == 0, "a recount connection after the end"
    after = [r for r in shard_requests(fake, code) if r["time"] > time.time() - 1.2]
    assert after == [], "recounts continued after the game ended"


def test_pushes_switched_off_midway(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    room.add_player("Pushed")
    wait_count(system, gid, "lobby.player-joined", 1)
    room.set_push_joins(False)
    room.add_player("Counted")
    wait_count(system, gid, "lobby.player-joined", 2, timeout=4)
    time.sleep(1.5)
    assert joined_names(system, gid) == ["Pushed", "Counted"]
