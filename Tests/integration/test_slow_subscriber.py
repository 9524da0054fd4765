"""A live subscriber that stops reading: once WS_MAX_QUEUED_BYTES wait for
it, its backlog is thrown away and it is told why (close 1008, "Outbound
queue overflow") right behind what it already has on the wire — visible if
it reads again within the close timeout — while the API and a reading
subscriber of the same session carry on promptly."""
import http.client
import json
import threading
import time

from gamenight import System
from helpers import add_game_ok, admin_token, fresh_session, playable_game_ids
from test_live_websocket import OP_CLOSE, OP_TEXT, assert_event, drain, raw_client

DROPPED = "dropping a live client that does not read its events"
AFTER_DROP = 300


def test_a_subscriber_that_stops_reading_is_dropped_with_1008_and_the_others_keep_up(tmp_path):
    system = System(tmp_path, env={"WS_MAX_QUEUED_BYTES": "65536", "GATEWAY_THREADS": "1"}).start()
    slow = fast = None
    try:
        token = admin_token(system)
        session = fresh_session(system, token, notes="slow subscriber")
        row = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
        # Tiny receive buffer and segments: the kernel absorbs little for it.
        slow = raw_client(system, token, subscribe=[session["id"]], rcvbuf=4096, maxseg=536)
        fast = raw_client(system, token, subscribe=[session["id"]])

        arrived, stop_reading = {}, threading.Event()

        def read_fast():
            while not stop_reading.is_set():
                try:
                    message = fast.recv_json(timeout=0.5)
                except TimeoutError:
                    continue
                if message.get("type") in ("session.started", "game.added"):
                    continue  # the setup's own events, which may land after the subscription
                arrived[assert_event(message, "player-count.updated")["playerCount"]] = time.monotonic()

        reader = threading.Thread(target=read_fast)
        reader.start()

        slow_result = {}

        def drain_slow():
            slow_result["frames"], slow_result["ended"] = drain(slow, timeout=15)

        sent, dropped_after, slow_reader = {}, None, None
        connection = http.client.HTTPConnection("127.0.0.1", system.port, timeout=10)
        path = f"/api/sessions/{session['id']}/games/{row['id']}/player-count"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        try:
            for count in range(20_000):
                started = time.monotonic()
                connection.request("PATCH", path, body=json.dumps({"player_count": count}), headers=headers)
                response = connection.getresponse()
                response.read()
                assert response.status == 200, response.status
                sent[count] = started
                if dropped_after is None and count % 25 == 0 and DROPPED in system.logs():
                    # The slow one reads again at once, well inside the 2 s
                    # close timeout: it must find the close frame.
                    dropped_after = count
                    slow_reader = threading.Thread(target=drain_slow)
                    slow_reader.start()
                if dropped_after is not None and count >= dropped_after + AFTER_DROP:
                    break
        finally:
            connection.close()
        assert dropped_after is not None, "the slow subscriber was never dropped"
        slow_reader.join(20)

        # The reading subscriber got every event, in order and promptly,
        # before and after the drop.
        deadline = time.monotonic() + 10
        while len(arrived) < len(sent) and time.monotonic() < deadline:
            time.sleep(0.05)
        stop_reading.set()
        reader.join(5)
        assert list(arrived) == list(sent), f"{len(arrived)} of {len(sent)} events arrived"
        lags = sorted(arrived[k] - sent[k] for k in sent)
        assert lags[-1] < 2.0, f"the reading subscriber waited up to {lags[-1]:.2f}s"

        # The slow one: whole event frames, then the 1008 close frame, then the end.
        frames, ended = slow_result["frames"], slow_result["ended"]
        assert ended in ("eof", "reset"), ended
        # (The setup's own events may land after the subscription here too.)
        texts = [f for f in frames if f.opcode == OP_TEXT
                 and f.json().get("type") not in ("session.started", "game.added")]
        assert 0 < len(texts) < len(sent)
        for frame in texts:
            assert_event(frame.json(), "player-count.updated")
        assert frames[-1].opcode == OP_CLOSE, frames[-3:]
        assert frames[-1].close_code == 1008, frames[-1]
        assert frames[-1].payload[2:] == b"Outbound queue overflow"
        print(f"\nslow subscriber dropped after {dropped_after} events; it had {len(texts)} on the wire; "
              f"the reading one got all {len(sent)}, slowest {lags[-1] * 1000:.0f} ms")
        assert system.request("GET", "/health").status == 200
    finally:
        for client in (slow, fast):
            if client:
                client.close()
        code = system.stop()
    assert code == 0, system.logs()
