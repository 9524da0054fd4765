"""kill -9 of every process, several times each, under a steady mixed load.

The whole system runs under gamenight-run (which restarts what dies) with
its monitors on a fake ecast. Several threads create sessions, add games,
set room codes (rooms the fake then takes from lobby to end), vote live,
import chat logs, write to the catalogue and read; WebSocket dashboards
follow the active session. Meanwhile the gateway, session-service,
vote-service and monitor-service are SIGKILLed in turn, ROUNDS times.

Afterwards every acknowledged write must be in the data, the games'
counters must equal the stored votes exactly, every dashboard must be
back and receiving, every room must have reached its end, no request may
have outlived its deadline, 503s must have been prompt and every SQLite
file must pass `PRAGMA integrity_check`. The figures are printed (run with
-s) for docs/reliability.md."""
import os
import signal
import statistics
import time

import pytest

from databases import counter_deltas, counters, integrity, query, stored_votes
from fake_ecast import FakeEcast
from gamenight import System
from helpers import admin_token
from load import Load
from monitors import monitor_env

ROUNDS = 3
SERVICES = ("api-gateway", "session-service", "vote-service", "monitor-service")
RPC_TIMEOUT_S = 1.5
# A request may take its RPC deadline plus this before it counts as hung: the
# gateway's deadline plus one hop behind it, on a loaded two-core machine.
SLACK_S = 3.5
# A 503 for a service that is down needs no deadline to pass.
PROMPT_503_P99_S = 1.0
ALLOWED = {200, 201, 202, 400, 404, 409, 503, 504}


@pytest.fixture
def fake():
    f = FakeEcast().start()
    yield f
    f.stop()


def wait_for(predicate, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def healthy(system):
    try:
        return system.request("GET", "/health", timeout=3).status == 200
    except Exception:  # noqa: BLE001 - keep polling
        return False


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Kill:
    def __init__(self, service, pid, at):
        self.service, self.pid, self.at = service, pid, at
        self.restarted_pid = None
        self.healthy_after = None
        self.spanning_room = None


def kill_in_turn(system, load):
    kills = []
    for _ in range(ROUNDS):
        for service in SERVICES:
            assert wait_for(lambda: healthy(system), 30), f"not healthy before killing {service}\n{system.logs()}"
            time.sleep(1.5)  # steady load between kills
            room = None
            if service == "monitor-service":
                # Kill while a room is being watched, so its later states
                # can only be seen by the restarted, resumed monitor.
                room = wait_for(load.room_in_lobby, 20, interval=0.05)
            pid = system.pid(service)
            assert pid, f"no {service} process\n{system.logs()}"
            os.kill(pid, signal.SIGKILL)
            kill = Kill(service, pid, time.monotonic())
            kill.spanning_room = room
            kills.append(kill)
            kill.restarted_pid = wait_for(lambda: (lambda p: p if p not in (None, pid) else None)(system.pid(service)),
                                          20, interval=0.05)
            if wait_for(lambda: healthy(system), 30):
                kill.healthy_after = time.monotonic() - kill.at
    return kills


def test_kill_9_each_service_in_turn_under_mixed_load(tmp_path, fake):
    system = System(tmp_path, env=monitor_env(fake, LOG_LEVEL="info", RPC_TIMEOUT_MS=str(int(RPC_TIMEOUT_S * 1000)),
                                              HTTP_IDLE_TIMEOUT_MS="5000")).start()
    stopped = False
    try:
        token = admin_token(system)
        baseline = counters(system.data_dir)
        load = Load(system, fake, token).start()
        time.sleep(3)
        kills = kill_in_turn(system, load)
        time.sleep(4)  # load goes on after the last restart
        stuck = load.finish()
        assert not stuck, f"load threads still running: {stuck}"
        assert not load.crashes, load.crashes
        records = load.records

        # --- the probe: a session.started made now reaches every dashboard ------------------
        marker = time.monotonic()
        active = system.request("GET", "/api/sessions/active").json()
        if active.get("id"):
            assert system.request("POST", f"/api/sessions/{active['id']}/close", token=token).status == 200
        created = system.request("POST", "/api/sessions", body={"notes": "probe"}, token=token)
        assert created.status == 201, created
        late = wait_for(lambda: all("session.started" in s.events_between(marker, time.monotonic() + 1)
                                    for s in load.ws), 15)
        ended = time.monotonic()
        assert not load.finish_subscribers(), "WebSocket clients still running"
        assert late, [(s.name, s.events[-3:], s.failures[-3:]) for s in load.ws]

        # --- every process came back ----------------------------------------------------------
        assert all(k.restarted_pid for k in kills), [(k.service, k.pid) for k in kills if not k.restarted_pid]
        assert all(k.healthy_after is not None for k in kills), \
            [(k.service, k.pid) for k in kills if k.healthy_after is None]

        # --- answers: no 500/502, nothing hung, prompt 503s --------------------------------------
        statuses = {}
        for r in records:
            statuses[r.status] = statuses.get(r.status, 0) + 1
        unexpected = [r for r in records if r.status is not None and r.status not in ALLOWED]
        assert not unexpected, unexpected[:10]
        hung = [r for r in records if r.latency > RPC_TIMEOUT_S + SLACK_S]
        assert not hung, hung[:10]
        no_answer = [r for r in records if r.status is None]
        assert not [r for r in no_answer if r.error and r.error.startswith("timeout")], no_answer[:10]
        # Failures only around a kill: no answer only while the gateway was
        # down (its listener gone), 503s only while some service was.
        def near(r, services, slack):
            return any(k.service in services and r.started + r.latency >= k.at - 0.05
                       and r.started <= k.at + k.healthy_after + slack for k in kills)
        stray = [r for r in no_answer if not near(r, ("api-gateway",), 1.0)]
        assert not stray, stray[:10]
        stray = [r for r in records if r.status == 503 and not near(r, SERVICES, 3.0)]
        assert not stray, stray[:10]
        latencies_503 = [r.latency for r in records if r.status == 503]
        p99_503 = percentile(latencies_503, 0.99)
        assert latencies_503, "no 503 at all: the kills did not cost a request"
        assert p99_503 < PROMPT_503_P99_S, f"503 p99 {p99_503:.3f}s"
        bodies_503 = {str(r.body) for r in records if r.status == 503}
        assert all(isinstance(r.body, dict) and isinstance(r.body.get("error"), str)
                   for r in records if r.status == 503), bodies_503

        # --- every 2xx is in the data ---------------------------------------------------------
        for session_id, notes in load.sessions.items():
            r = system.request("GET", f"/api/sessions/{session_id}")
            assert r.status == 200 and r.json()["notes"] == notes, (session_id, r)
        games_by_session = {}
        for session_id in load.sessions:
            r = system.request("GET", f"/api/sessions/{session_id}/games")
            assert r.status == 200, r
            games_by_session[session_id] = {row["id"]: row for row in r.json()}
        for r in records:
            if r.kind != "sessions" or not r.ok:
                continue
            parts = r.path.strip("/").split("/")
            if r.method == "POST" and parts[-1] == "games":
                row = games_by_session[int(parts[2])].get(r.body["id"])
                assert row is not None, f"acknowledged session game missing: {r}"
                assert row["game_id"] == r.sent["game_id"], (row, r)
                if "room_code" in r.sent:
                    assert row["room_code"] == r.sent["room_code"], (row, r)
            elif r.method == "PATCH":
                row = games_by_session[int(parts[2])][int(parts[4])]
                assert row["room_code"] == r.sent["room_code"], (row, r)
            elif r.method == "POST" and parts[-1] == "close":
                assert system.request("GET", f"/api/sessions/{parts[2]}").json()["is_active"] == 0
        for game_id, body in load.catalogue_games.items():
            got = system.request("GET", f"/api/games/{game_id}")
            assert got.status == 200, (game_id, got)
            assert {k: got.json()[k] for k in body} == body, (got.json(), body)

        # --- monitors: every room reached its end, also across a monitor kill -----------------
        unfinished = [(room.code, room.game_id) for room in load.rooms if not room.finished_at]
        assert not unfinished, f"rooms that never showed their end: {unfinished}"
        monitor_kills = [k for k in kills if k.service == "monitor-service"]
        assert all(k.spanning_room for k in monitor_kills), "a monitor kill found no room in its lobby"
        for kill in monitor_kills:
            room = kill.spanning_room
            assert room.watched_at < kill.at < room.finished_at, (room.code, room.watched_at, kill.at)

        # --- votes: acknowledged ones stored, counters equal to them exactly --------------------
        def settled():
            votes, pending = stored_votes(system.data_dir)
            return pending == 0 and counter_deltas(system.data_dir, baseline) == votes
        assert wait_for(settled, 60, interval=0.5), \
            f"counters {counter_deltas(system.data_dir, baseline)} != votes {stored_votes(system.data_dir)}"
        stored_live = {name: vote for name, vote in query(system.data_dir / "votes.db",
                                                          "SELECT username, vote_type FROM live_votes")}
        acknowledged = [r for r in records if r.kind == "vote" and r.status in (200, 202)]
        missing = [r for r in acknowledged if r.sent["username"] not in stored_live]
        assert not missing, missing[:10]
        wrong = [r for r in acknowledged if stored_live[r.sent["username"]] != (1 if r.sent["vote"] == "up" else -1)]
        assert not wrong, wrong[:10]
        chat_names = {row[0] for row in query(system.data_dir / "votes.db", "SELECT username FROM chat_logs")}
        chat_missing = [r for r in records if r.kind == "chat" and r.ok
                        and any(m["username"] not in chat_names for m in r.sent["chatData"])]
        assert not chat_missing, chat_missing[:5]

        # --- dashboards reconnected after every gateway kill and received events again ----------
        gateway_kills = [k.at for k in kills if k.service == "api-gateway"]
        windows = list(zip(gateway_kills, gateway_kills[1:] + [ended]))
        for subscriber in load.ws:
            for start, end in windows:
                assert any(start < c < end for c in subscriber.connected_at), \
                    f"{subscriber.name} did not reconnect after the gateway kill at {start:.1f}"
                assert subscriber.events_between(start, end), \
                    f"{subscriber.name} received nothing between gateway kills {start:.1f} and {end:.1f}"

        code = system.stop()
        stopped = True
        assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"
        results = integrity(system.data_dir)
        assert set(results.values()) == {"ok"}, results
        votes, pending = stored_votes(system.data_dir)
        assert pending == 0 and counter_deltas(system.data_dir, baseline) == votes

        # --- the figures --------------------------------------------------------------------------
        answered = [r for r in records if r.status is not None]
        print(f"\nkill -9 figures: requests={len(records)} 2xx={sum(1 for r in records if r.ok)} "
              f"503={statuses.get(503, 0)} 504={statuses.get(504, 0)} no-answer={len(no_answer)} "
              f"statuses={dict(sorted(statuses.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))}")
        print(f"kills={len(kills)} survived={sum(1 for k in kills if k.healthy_after is not None)} "
              f"healthy-after max={max(k.healthy_after for k in kills):.2f}s "
              f"median={statistics.median(k.healthy_after for k in kills):.2f}s")
        print(f"latency max={max(r.latency for r in records):.3f}s "
              f"p99={percentile([r.latency for r in answered], 0.99):.3f}s "
              f"503 p50={percentile(latencies_503, 0.5) * 1000:.1f}ms p99={p99_503 * 1000:.1f}ms "
              f"max={max(latencies_503) * 1000:.1f}ms")
        print(f"sessions={len(load.sessions)} rooms={len(load.rooms)} catalogue games={len(load.catalogue_games)} "
              f"live votes stored={len(stored_live)} acknowledged={len(acknowledged)} "
              f"chat imports ok={sum(1 for r in records if r.kind == 'chat' and r.ok)}")
        print(f"websocket reconnects={[len(s.connected_at) - 1 for s in load.ws]} "
              f"events={[len(s.events) for s in load.ws]} integrity={results}")
    finally:
        if not stopped:
            system.stop()
