"""Every vote is counted exactly once, whatever dies when.

Each test runs live votes (or a chat import) under load while a process is
SIGKILLed: at a named point of the vote path (`GAMENIGHT_CRASH_AT`, see
docs/architecture.md "Exactly once") or at a random moment. The supervisor
restarts it; then the games' counters in sessions.db must equal the votes
stored in votes.db exactly, and every vote acknowledged with a 2xx must be
stored."""
import http.client
import json
import os
import signal
import threading
import time

import pytest

from gamenight import System
from helpers import admin_token, get_game, playable_game_ids
from votes import iso, ms_of, session_with_games

THREADS = 8
VOTES_PER_THREAD = 60


class Voter(threading.Thread):
    """Posts live votes over one keep-alive connection, reconnecting after
    errors, and records each vote's outcome."""

    def __init__(self, system, token, index, moments):
        super().__init__(daemon=True)
        self.system, self.token, self.index, self.moments = system, token, index, moments
        self.outcomes = []  # (username, vote, status or None)

    def run(self):
        connection = None
        for number in range(VOTES_PER_THREAD):
            username = f"t{self.index}-v{number}"
            vote = "up" if (number + self.index) % 3 else "down"
            body = json.dumps({"username": username, "vote": vote,
                               "timestamp": iso(self.moments[number % len(self.moments)])})
            status = None
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.system.port, timeout=10)
                connection.request("POST", "/api/votes/live", body=body,
                                   headers={"Authorization": f"Bearer {self.token}",
                                            "Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)
            self.outcomes.append((username, vote, status))
            if status not in (200, 202):
                time.sleep(0.1)  # a process is restarting: keep the load going past it
        if connection is not None:
            connection.close()


def start_system(tmp_path, crash_at=None):
    env = {"RPC_TIMEOUT_MS": "1500", "LOG_LEVEL": "info"}
    if crash_at:
        env["GAMENIGHT_CRASH_AT"] = crash_at
    return System(tmp_path, env=env).start()


def stored_votes(system, session_id):
    """{username: (game_id, vote_type)} of every live vote in votes.db."""
    result, page = {}, 1
    while True:
        r = system.request("GET", f"/api/votes?session_id={session_id}&limit=100&page={page}")
        assert r.status == 200, r
        body = r.json()
        for vote in body["votes"]:
            result[vote["username"]] = (vote["game_id"], vote["vote_type"])
        if page >= body["pagination"]["total_pages"]:
            return result
        page += 1


def wait_until_counters_match(system, session_id, game_ids, timeout=20):
    """Polls until every game's counters equal its stored votes (the
    outbox has drained); returns the last (counters, expected)."""
    deadline = time.time() + timeout
    while True:
        try:
            stored = stored_votes(system, session_id)
            expected = {g: (sum(1 for v in stored.values() if v == (g, "up")),
                            sum(1 for v in stored.values() if v == (g, "down"))) for g in game_ids}
            counters = {}
            for g in game_ids:
                game = get_game(system, g)
                counters[g] = (game["upvotes"], game["downvotes"])
                assert game["popularity_score"] == game["upvotes"] - game["downvotes"]
            if counters == expected or time.time() > deadline:
                return counters, expected, stored
        except AssertionError:
            if time.time() > deadline:
                raise
        time.sleep(0.2)


def run_load(system, token, during=None):
    first, second = playable_game_ids(system, 2)
    session, (game1, game2) = session_with_games(system, token, [first, second])
    start2 = ms_of(game2["played_at"])
    moments = [start2 - 1, start2, start2 + 5_000, ms_of(game1["played_at"])]
    voters = [Voter(system, token, index, moments) for index in range(THREADS)]
    for voter in voters:
        voter.start()
    if during:
        during()
    for voter in voters:
        voter.join(120)
    outcomes = [o for voter in voters for o in voter.outcomes]
    recovered = [voter for voter in voters
                 if any(status == 200 for _, _, status in voter.outcomes[next(
                     (i for i, o in enumerate(voter.outcomes) if o[2] != 200), len(voter.outcomes)):])]
    system.wait_healthy(30)
    counters, expected, stored = wait_until_counters_match(system, session["id"], [first, second])
    assert counters == expected, f"counters {counters} != stored votes {expected}\n{system.logs()}"
    acknowledged = [name for name, _, status in outcomes if status in (200, 202)]
    missing = [name for name in acknowledged if name not in stored]
    assert not missing, f"acknowledged but not stored: {missing[:10]}"
    assert all(status in (200, 202, 503, 504, None) for _, _, status in outcomes), \
        sorted({status for _, _, status in outcomes})
    return outcomes, stored, recovered


@pytest.mark.parametrize("point", ["vote.stored", "tally.beforeCommit", "tally.committed", "vote.applied"])
def test_crash_at_each_step_of_a_live_vote_counts_it_once(tmp_path, point):
    system = start_system(tmp_path, crash_at=f"{point}:40")
    try:
        token = admin_token(system)
        outcomes, stored, recovered = run_load(system, token)
        assert (system.data_dir / f"crash-{point}.done").exists(), "the crash point was never reached"
        statuses = [status for _, _, status in outcomes]
        assert statuses.count(200) > THREADS * VOTES_PER_THREAD // 2
        assert any(status != 200 for status in statuses), "the crash cost no request"
        assert recovered, "no voter got a 200 after its first failure: the load did not outlive the crash"
        assert len(stored) >= statuses.count(200) + statuses.count(202)
    finally:
        system.stop()


@pytest.mark.parametrize("service", ["vote-service", "session-service", "api-gateway"])
def test_kill_9_under_load_counts_every_vote_once(tmp_path, service):
    system = start_system(tmp_path)
    try:
        token = admin_token(system)

        def kill_twice():
            for delay in (0.3, 1.0):
                time.sleep(delay)
                pid = system.pid(service)
                if pid:
                    os.kill(pid, signal.SIGKILL)

        run_load(system, token, during=kill_twice)
    finally:
        system.stop()


def test_crash_after_a_chat_import_is_stored_still_applies_it_once(tmp_path):
    system = start_system(tmp_path, crash_at="vote.stored:1")
    try:
        token = admin_token(system)
        game = playable_game_ids(system, 1)[0]
        session, (added,) = session_with_games(system, token, [game])
        start = ms_of(added["played_at"])
        messages = [{"username": f"u{i}", "message": "thisgame++" if i % 4 else "thisgame--",
                     "timestamp": iso(start + i)} for i in range(1000)]
        r = system.request("POST", f"/api/sessions/{session['id']}/chat-import", token=token,
                           body={"chatData": messages}, timeout=30)
        assert r.status in (503, 502, 0), r  # vote-service died before answering
        system.wait_healthy(30)
        deadline = time.time() + 20
        while time.time() < deadline:
            current = get_game(system, game)
            if (current["upvotes"], current["downvotes"]) == (750, 250):
                break
            time.sleep(0.2)
        assert (current["upvotes"], current["downvotes"]) == (750, 250)
        # The import was stored once: importing it again finds only duplicates.
        again = system.request("POST", f"/api/sessions/{session['id']}/chat-import", token=token,
                               body={"chatData": messages}, timeout=30).json()
        assert (again["messagesImported"], again["duplicatesSkipped"]) == (0, 1000)
        assert (get_game(system, game)["upvotes"], get_game(system, game)["downvotes"]) == (750, 250)
    finally:
        system.stop()


def test_session_service_down_gives_a_prompt_503_and_stores_nothing(tmp_path):
    """Only the gateway and vote-service run: a live vote cannot be matched
    to a game, so it is refused at once and votes.db stays empty."""
    import subprocess
    from gamenight import BIN_DIR, free_port, curl
    port = free_port()
    env = dict(os.environ, PORT=str(port), DATA_DIR=str(tmp_path / "data"), ADMIN_KEY="k" * 16,
               RPC_TIMEOUT_MS="1500")
    env.pop("NOTIFY_SOCKET", None)
    processes = [subprocess.Popen([str(BIN_DIR / name)], env=env, stderr=subprocess.DEVNULL)
                 for name in ("vote-service", "api-gateway")]
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 20
        while time.time() < deadline:
            if curl("GET", base + "/api/votes", timeout=1).status == 200:
                break
            time.sleep(0.1)
        token = curl("POST", base + "/api/auth/login", body={"key": "k" * 16}).json()["token"]
        started = time.time()
        r = curl("POST", base + "/api/votes/live", headers={"Authorization": f"Bearer {token}"},
                 body={"username": "a", "vote": "up", "timestamp": "2026-03-15T20:30:00Z"})
        assert time.time() - started < 1.0
        assert r.status == 503 and r.json() == {"error": "Service unavailable: session-service"}
        assert curl("GET", base + "/api/votes").json()["pagination"]["total"] == 0
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(10)
