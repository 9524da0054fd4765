"""What a room monitor sends to ecast and how it keeps its connection: the
REST lookup and shard upgrade exactly as the fake recorded them (URL, query,
subprotocol, browser User-Agent), WebSocket pings, a dropped connection
resumed in the same slot (secret + id), refused reconnects that recover, and
a back-off that runs out (`connection_failed`)."""
import time


from monitors import (module_fixtures, Codes, assert_no_heartbeat_after_disconnect, check_status,
    disconnected, joined_names, monitored_game, of_type, rest_requests, session_game_row, shard_requests,
    slots, types_of, wait_check_status, wait_count, wait_until)

new_code = Codes("C")


fake, system, token = module_fixtures("monitor-connection", strict_protocol=True)


def base_query(session):
    return {"role": "shard", "name": "GamePicker", "userId": f"gamepicker-{session['id']}", "format": "json"}


def test_lookup_and_shard_upgrade_as_sent(system, token, fake):
    code = new_code()
    session, game, _, _ = monitored_game(system, token, fake, code)
    (lookup,) = rest_requests(fake, code)
    assert (lookup["method"], lookup["path"], lookup["status"]) == ("GET", f"/api/v2/rooms/{code}", 200)
    assert "Mozilla/" in (lookup["user_agent"] or ""), lookup["user_agent"]

    (upgrade,) = shard_requests(fake, code)
    assert upgrade["status"] == 101
    assert upgrade["method"] == "GET"
    assert upgrade["target"] == (f"/api/v2/rooms/{code}/play?role=shard&name=GamePicker"
                                 f"&userId=gamepicker-{session['id']}&format=json")
    assert upgrade["query"] == base_query(session)
    assert upgrade["subprotocols"] == ["ecast-v0"]
    assert "Mozilla/" in (upgrade["user_agent"] or ""), upgrade["user_agent"]
    headers = upgrade["headers"]
    assert headers["host"] == f"127.0.0.1:{fake.port}"
    assert headers["upgrade"].lower() == "websocket"
    assert "upgrade" in headers["connection"].lower()
    assert headers["sec-websocket-version"] == "13"
    assert len(headers["sec-websocket-key"]) == 24
    assert lookup["time"] <= upgrade["time"], "the room is looked up before connecting"
    assert fake.connections(code) == 1


def test_server_pings_are_answered(system, token, fake):
    code = new_code()
    monitored_game(system, token, fake, code)
    fake.ping(code, b"are-you-there")
    wait_until(lambda: [s for s in fake.sent_by_clients
                        if s["room"] == code and s["control"] and s["frame"] == {"pong": "are-you-there"}],
               3, "a pong with the ping's payload")
    assert fake.connections(code) == 1


def test_drop_reconnects_to_the_same_slot(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    ((slot_id, secret),) = slots(fake, code)
    lookups_before = len(rest_requests(fake, code))
    dropped_at = time.time()
    assert fake.drop_connections(code) == 1
    room.add_player("Zed")  # joins while the monitor is away: reported by the reconnect's welcome
    wait_until(lambda: len(shard_requests(fake, code)) == 2 and fake.connections(code) == 1, 5,
               f"a reconnect; requests so far {[r['query'] for r in shard_requests(fake, code)]}")
    again = shard_requests(fake, code)[1]
    assert again["status"] == 101
    assert again["query"] == {**base_query(session), "secret": secret, "id": str(slot_id)}
    assert again["target"].endswith(f"&secret={secret}&id={slot_id}"), again["target"]
    assert "Mozilla/" in again["user_agent"] and again["subprotocols"] == ["ecast-v0"]
    relookups = [r for r in rest_requests(fake, code)[lookups_before:] if dropped_at <= r["time"] <= again["time"]]
    assert relookups, "the room is looked up again before reconnecting"
    assert len(slots(fake, code)) == 1, "the reconnect took a new slot instead of its own"

    assert wait_count(system, gid, "lobby.player-joined", 1)[0]["playerName"] == "Zed"
    room.add_player("Yan")
    wait_count(system, gid, "lobby.player-joined", 2)
    time.sleep(0.5)
    assert joined_names(system, gid) == ["Zed", "Yan"]
    assert types_of(system, gid).count("room.connected") == 1, types_of(system, gid)
    assert check_status(system, session["id"], gid) == "monitoring"

    room.start_game()
    room.end_game()
    assert disconnected(system, gid, "game_ended")["finalPlayerCount"] == 3


def test_refused_reconnects_recover_within_the_back_off(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    ((slot_id, secret),) = slots(fake, code)
    fake.refuse_connections(code, count=2)
    fake.drop_connections(code)
    wait_until(lambda: fake.connections(code) == 1 and len(shard_requests(fake, code)) >= 4, 6, "the third attempt")
    attempts = shard_requests(fake, code)[1:]
    assert [r["status"] for r in attempts] == [503, 503, 101]
    assert all(r["query"] == {**base_query(session), "secret": secret, "id": str(slot_id)} for r in attempts)
    time.sleep(0.3)
    assert of_type(system, gid, "room.disconnected") == []
    assert types_of(system, gid) == ["room.connected"]
    room.add_player("Bo")
    wait_count(system, gid, "lobby.player-joined", 1)


def test_back_off_exhausted_is_connection_failed(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann", "Ben"])
    gid = game["id"]
    fake.refuse_connections(code, count=50)
    fake.drop_connections(code)
    started = time.time()
    assert disconnected(system, gid, "connection_failed", timeout=8) == {
        "sessionId": session["id"], "gameId": gid, "roomCode": code, "reason": "connection_failed",
        "finalPlayerCount": 2}
    # MONITOR_RECONNECT_DELAYS_MS=200,400,800: three attempts, then give up.
    assert time.time() - started >= 1.3
    attempts = shard_requests(fake, code)[1:]
    assert [r["status"] for r in attempts] == [503, 503, 503]
    assert types_of(system, gid) == ["room.connected", "room.disconnected"]
    wait_check_status(system, session["id"], gid, "failed")
    assert session_game_row(system, session["id"], gid)["status"] == "playing"
    assert_no_heartbeat_after_disconnect(system, gid, wait=1.5)
    assert len(shard_requests(fake, code)) == 4, "no attempt after giving up"


def test_abrupt_close_before_any_response_is_retried_too(system, token, fake):
    code = new_code()
    session, game, room, _ = monitored_game(system, token, fake, code, players=["Ann"])
    gid = game["id"]
    fake.refuse_connections(code, count=1, status=None)  # TCP reset instead of an HTTP answer
    fake.drop_connections(code)
    wait_until(lambda: fake.connections(code) == 1 and len(shard_requests(fake, code)) >= 3, 6, "the second attempt")
    assert [r["status"] for r in shard_requests(fake, code)[1:]] == [0, 101]
    assert types_of(system, gid) == ["room.connected"]
    room.add_player("Cy")
    assert wait_count(system, gid, "lobby.player-joined", 1)[0]["players"] == ["Ann", "Cy"]
