"""wss:// through the fake's TLS mode: ECAST_BASE_URL=https://… makes the
monitor use wss://, trusting ECAST_CA_FILE with verification on — and
without that CA file the fake's self-signed certificate is refused."""
import time


from helpers import admin_token
from monitors import (module_fixtures, Codes, check_status, disconnected, joined_names, monitored_game,
    rest_requests, session_game_row, shard_requests, slots, start_system, stop_system, types_of, wait_count,
    wait_until)

new_code = Codes("T")


fake, system, token = module_fixtures("monitor-tls", tls=True)


def test_a_game_over_wss(system, token, fake):
    code = new_code()
    session, game, room, connected = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    assert connected["players"] == ["Ann"] and connected["appTag"] == "drawful2international"
    (upgrade,) = shard_requests(fake, code)
    assert upgrade["status"] == 101 and upgrade["subprotocols"] == ["ecast-v0"]
    assert upgrade["headers"]["host"] == f"127.0.0.1:{fake.port}"
    room.add_player("Bob")
    wait_count(system, gid, "lobby.player-joined", 1)
    room.start_game()
    room.end_game()
    assert disconnected(system, gid, "game_ended")["finalPlayerCount"] == 2
    assert session_game_row(system, session["id"], gid)["status"] == "played"
    assert check_status(system, session["id"], gid) == "completed"


def test_drop_and_reconnect_over_wss(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    ((slot_id, secret),) = slots(fake, code)
    fake.drop_connections(code)
    room.add_player("Zed")
    wait_until(lambda: len(shard_requests(fake, code)) == 2 and fake.connections(code) == 1, 6, "a wss reconnect")
    assert shard_requests(fake, code)[1]["query"]["secret"] == secret
    assert shard_requests(fake, code)[1]["query"]["id"] == str(slot_id)
    wait_count(system, gid, "lobby.player-joined", 1)
    time.sleep(0.5)
    assert joined_names(system, gid) == ["Zed"] and types_of(system, gid).count("room.connected") == 1


def test_without_the_ca_file_the_certificate_is_refused(tmp_path, fake):
    code = new_code()
    system = start_system(tmp_path, fake, ECAST_CA_FILE="")
    try:
        token = admin_token(system)
        session, game, _, _ = monitored_game(system, token, fake, code, connect=False, create=True)
        disconnected(system, game["id"], "connection_failed", timeout=10)
        assert types_of(system, game["id"]) == ["room.disconnected"]
        assert rest_requests(fake, code) == [] and shard_requests(fake, code) == [], "talked over unverified TLS"
    finally:
        stop_system(system)
