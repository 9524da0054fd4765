"""MONITOR_INSTANCES=2: session games are split between two monitor-service
processes by InstanceOwner (recorded in sessions.db); each room is
monitored exactly once, by its owner (told apart by matching the fake's
peer ports with each process's sockets); status-live reaches either; a
kill -9 of one instance leaves the other's rooms running while its own
resume after the restart."""
import time

import pytest

from helpers import add_game_ok, admin_token, fresh_session
from monitors import (module_fixtures, START_OK, Codes, any_game, disconnected, joined_names, kill_monitor,
    monitor_pids, of_type, owner_instance, set_room_code, shard_owners, start_check, status_live, types_of,
    wait_count, wait_game_event, wait_restarted, wait_until)

new_code = Codes("M")
PER_INSTANCE = 2


fake, system, token = module_fixtures("monitor-instances", MONITOR_INSTANCES=2)


@pytest.fixture(scope="module")
def rooms(system, fake):
    """A session whose games are all monitored at once, at least two per
    instance: games are added without a code (adding one finishes the
    previous), then each gets a room code and start-player-check.
    Returns (session, [(session game, code, owner instance)])."""
    token = admin_token(system)
    session = fresh_session(system, token)
    games = []
    while min(sum(1 for *_, o in games if o == n) for n in (1, 2)) < PER_INSTANCE:
        assert len(games) < 16, "InstanceOwner put everything on one instance"
        game = add_game_ok(system, token, session["id"], any_game(system))
        games.append((game, new_code(), owner_instance(game["id"], 2)))
    for game, code, _ in games:
        fake.create_room(code).add_player(f"First{code}")
        set_room_code(system, token, session["id"], game["id"], code)
        r = start_check(system, token, session["id"], game["id"])
        assert r.status == 200 and r.json() == START_OK, r
    for game, code, _ in games:
        wait_game_event(system, game["id"], "room.connected", timeout=10)
        assert fake.wait_for_connections(code, 1), code
    return session, games


def test_both_instances_run(system):
    assert sorted(monitor_pids(system)) == [1, 2], monitor_pids(system)
    assert len(system.pids("monitor-service")) == 2


def test_each_room_is_monitored_once_by_its_owner(system, fake, rooms):
    session, games = rooms
    pids = monitor_pids(system)
    owners = shard_owners(fake, pids.values())
    for game, code, owner in games:
        assert fake.connections(code) == 1, code
        assert owners.get(code) == [pids[owner]], (code, owner, owners)
        assert types_of(system, game["id"]) == ["room.connected"], code
        body = status_live(system, session["id"], game["id"])
        assert (body["monitoring"], body["roomCode"], body["players"]) == (True, code, [f"First{code}"]), body


def test_killing_one_instance_leaves_the_other_running(system, fake, rooms):
    session, games = rooms
    pids = monitor_pids(system)
    victim, survivor = 1, 2
    killed = kill_monitor(system, victim)
    for _, code, _ in games:
        fake.room(code).add_player(f"New{code}")

    # The survivor's rooms go on at once (before the victim is even back, typically).
    for game, code, owner in games:
        if owner == survivor:
            assert wait_count(system, game["id"], "lobby.player-joined", 1, timeout=3)[0]["playerName"] == f"New{code}"
    assert monitor_pids(system)[survivor] == pids[survivor], "the surviving instance was restarted"

    restarted = wait_restarted(system, victim, killed)
    for game, code, owner in games:
        if owner == victim:
            assert wait_count(system, game["id"], "lobby.player-joined", 1, timeout=10)[0]["playerName"] == f"New{code}"
            assert fake.wait_for_connections(code, 1)
    time.sleep(1.2)
    pids = monitor_pids(system)
    assert pids == {victim: restarted, survivor: pids[survivor]}
    owners = shard_owners(fake, pids.values())
    for game, code, owner in games:
        assert joined_names(system, game["id"]) == [f"New{code}"], code
        assert types_of(system, game["id"]).count("room.connected") == 1, (code, types_of(system, game["id"]))
        assert owners.get(code) == [pids[owner]], (code, owner, owners)
        assert status_live(system, session["id"], game["id"])["playerCount"] == 2
    # Heartbeats continue everywhere.
    counts = {game["id"]: len(of_type(system, game["id"], "game.status")) for game, _, _ in games}
    time.sleep(2.2)
    for game, code, _ in games:
        assert len(of_type(system, game["id"], "game.status")) >= counts[game["id"]] + 1, code


def test_closing_the_session_stops_monitors_on_both_instances(system, fake, rooms):
    session, games = rooms
    token = admin_token(system)
    r = system.request("POST", f"/api/sessions/{session['id']}/close", token=token)
    assert r.status == 200, r
    for game, code, _ in games:
        disconnected(system, game["id"], "manually_stopped")
        assert fake.wait_for_connections(code, 0), code
    wait_until(lambda: not shard_owners(fake, monitor_pids(system).values()), 3, "no shard connection left")
