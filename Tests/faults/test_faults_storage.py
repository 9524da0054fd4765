"""A full disk and a read-only file system under the running system, and
both at start.

DATA_DIR is a small tmpfs (fills up for real: ENOSPC) or an ext4 image on
a loop device (forced read-only the way the kernel does it after an error).
Writes must then fail with a prompt 503 and a clear JSON error, never a
500/502 and never a crash; reads go on; nothing acknowledged is lost and
every database passes `PRAGMA integrity_check`; once space is freed,
writes work again without a restart. At start, a read-only or full
DATA_DIR must stop gamenight-run with a message that says so and a
non-zero exit, not a restart loop."""
import itertools
import os
import subprocess
import time

import pytest

from databases import counter_deltas, counters, integrity, query, stored_votes
from gamenight import BIN_DIR, System, free_port
from helpers import admin_token, playable_game_ids
from mounts import fill, force_read_only, refuses_writes, mount_ext4_image, mount_tmpfs, remount, run, unmount
from votes import iso

FULL = {"error": "Storage unavailable: disk full"}
READ_ONLY = {"error": "Storage unavailable: read-only file system"}
ENV = {"RPC_TIMEOUT_MS": "1500", "LOG_LEVEL": "info"}
PROMPT_S = 1.5
_names = itertools.count()


@pytest.fixture
def data_mount(tmp_path):
    """The mount point; whatever the test mounted there is unmounted after."""
    path = tmp_path / "data"
    yield path
    unmount(path)


class Writer:
    """One of each kind of write the services do on the user's behalf, with
    what each acknowledged one must have stored."""

    def __init__(self, system, token, session_id, game_id):
        self.system, self.token, self.session_id, self.game_id = system, token, session_id, game_id
        self.acknowledged = {"catalogue": [], "session game": [], "vote": [], "chat": []}
        self.answers = []  # (kind, status, body, seconds)

    def attempt(self, kind):
        n = next(_names)
        if kind == "catalogue":
            path, body = "/api/games", {"pack_name": "Disk Pack", "title": f"Disk Game {n} " + "x" * 150,
                                        "min_players": 2, "max_players": 8}
        elif kind == "session game":
            path, body = f"/api/sessions/{self.session_id}/games", {"game_id": self.game_id}
        elif kind == "vote":
            path, body = "/api/votes/live", {"username": f"disk{n}", "vote": "up" if n % 3 else "down",
                                             "timestamp": iso(int(time.time() * 1000))}
        else:
            now = int(time.time() * 1000)
            path = f"/api/sessions/{self.session_id}/chat-import"
            body = {"chatData": [{"username": f"chat{n}-{i}", "message": "thisgame++ " + "y" * 200,
                                  "timestamp": iso(now + i)} for i in range(40)]}
        started = time.monotonic()
        r = self.system.request("POST", path, body=body, token=self.token, timeout=20)
        seconds = time.monotonic() - started
        body_out = r.json() if r.body else None
        self.answers.append((kind, r.status, body_out, seconds))
        if 200 <= r.status < 300:
            self.acknowledged[kind].append((body, body_out))
        return r.status, body_out, seconds

    def until(self, kind, wanted, attempts):
        for _ in range(attempts):
            status, body, _ = self.attempt(kind)
            if status in wanted:
                return status, body
        return None

    def check_stored(self):
        """Every acknowledged write is there, read back through the API and
        from votes.db."""
        for sent, got in self.acknowledged["catalogue"]:
            r = self.system.request("GET", f"/api/games/{got['id']}")
            assert r.status == 200 and r.json()["title"] == sent["title"], r
        rows = {row["id"] for row in self.system.request("GET", f"/api/sessions/{self.session_id}/games").json()}
        for _, got in self.acknowledged["session game"]:
            assert got["id"] in rows, got
        live = {name for (name,) in query(self.system.data_dir / "votes.db", "SELECT username FROM live_votes")}
        for sent, _ in self.acknowledged["vote"]:
            assert sent["username"] in live, sent
        chat = {name for (name,) in query(self.system.data_dir / "votes.db", "SELECT username FROM chat_logs")}
        for sent, _ in self.acknowledged["chat"]:
            assert {m["username"] for m in sent["chatData"]} <= chat, sent["chatData"][0]


def start(workdir, **env):
    return System(workdir, env={**ENV, **env}).start()


def prepared(system):
    token = admin_token(system)
    game_id = playable_game_ids(system, 1)[0]
    session = system.request("POST", "/api/sessions", body={"notes": "disk"}, token=token)
    assert session.status == 201, session
    added = system.request("POST", f"/api/sessions/{session.json()['id']}/games", body={"game_id": game_id},
                           token=token)
    assert added.status == 201, added
    return Writer(system, token, session.json()["id"], game_id)


def service_pids(system):
    return {name: system.pid(name) for name in ("session-service", "vote-service", "monitor-service", "api-gateway")}


def assert_reads_work(system, writer):
    for path in ("/api/sessions", f"/api/sessions/{writer.session_id}/games", "/api/games", "/api/sessions/active",
                 f"/api/votes?session_id={writer.session_id}", "/health"):
        r = system.request("GET", path)
        assert r.status == 200, (path, r)


def settled_counters(system, baseline, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        votes, pending = stored_votes(system.data_dir)
        deltas = counter_deltas(system.data_dir, baseline)
        if (pending == 0 and deltas == votes) or time.monotonic() > deadline:
            return deltas, votes, pending
        time.sleep(0.3)


def test_disk_full_writes_answer_503_reads_work_and_writes_resume_when_space_is_freed(tmp_path, data_mount):
    mount_tmpfs(data_mount, "24m")
    system = start(tmp_path)
    try:
        writer = prepared(system)
        baseline = counters(system.data_dir)
        for kind in writer.acknowledged:
            assert writer.attempt(kind)[0] in (200, 201), writer.answers[-1]
        pids = service_pids(system)

        filler = fill(data_mount)
        # The WAL may still have room it allocated before (SQLite reuses it
        # after a checkpoint), so a few writes can still commit: keep writing
        # until every kind has been refused, then some more.
        refused = {}
        for kind in ["catalogue", "session game", "chat", "vote"] * 30:
            status, body, seconds = writer.attempt(kind)
            assert status in (200, 201, 202, 503), (kind, status, body)
            if status == 503:
                assert body == FULL, (kind, body)
                assert seconds < PROMPT_S, (kind, seconds)
                refused[kind] = refused.get(kind, 0) + 1
            if len(refused) == 4 and min(refused.values()) >= 3:
                break
        assert set(refused) == {"catalogue", "session game", "chat", "vote"}, (refused, writer.answers[-8:])
        full_bodies = [b for k, s, b, _ in writer.answers if s == 503]
        assert FULL in full_bodies
        assert_reads_work(system, writer)
        assert service_pids(system) == pids, "a service died on the full disk"

        os.unlink(filler)
        for kind in writer.acknowledged:
            assert writer.until(kind, (200, 201), attempts=3), (kind, writer.answers[-3:])
        assert service_pids(system) == pids
        writer.check_stored()
        deltas, votes, pending = settled_counters(system, baseline)
        assert pending == 0 and deltas == votes, (deltas, votes, pending)
        print(f"\ndisk full: answers={len(writer.answers)} refused={refused} "
              f"503 max={max(s for _, st, _, s in writer.answers if st == 503) * 1000:.0f}ms "
              f"acknowledged={ {k: len(v) for k, v in writer.acknowledged.items()} }")
        assert "storage unavailable" in system.log_path.read_text(errors="replace")
    finally:
        code = system.stop()
    assert code == 0, system.logs()
    results = integrity(system.data_dir)
    assert set(results.values()) == {"ok"}, results
    log = system.log_path.read_text(errors="replace")
    assert "exited unexpectedly" not in log, log[-3000:]


def test_file_system_turning_read_only_under_the_running_system(tmp_path, data_mount):
    mount_ext4_image(tmp_path / "data.img", data_mount)
    system = start(tmp_path)
    stopped = False
    try:
        writer = prepared(system)
        for kind in writer.acknowledged:
            assert writer.attempt(kind)[0] in (200, 201), writer.answers[-1]
        pids = service_pids(system)

        force_read_only(data_mount)
        assert refuses_writes(data_mount)
        for kind in ["catalogue", "session game", "chat", "vote"] * 3:
            status, body, seconds = writer.attempt(kind)
            assert (status, body) == (503, READ_ONLY), (kind, status, body)
            assert seconds < PROMPT_S, (kind, seconds)
        assert_reads_work(system, writer)
        time.sleep(1)
        assert service_pids(system) == pids, "a service died on the read-only file system"
        print(f"\nread-only: answers={len(writer.answers)} 503 max="
              f"{max(s for _, st, _, s in writer.answers if st == 503) * 1000:.0f}ms")

        code = system.stop()
        stopped = True
        assert code == 0, system.logs()
    finally:
        if not stopped:
            system.stop()
    # An aborted ext4 stays read-only until it is unmounted: check, mount
    # again, and the same data directory starts and takes writes.
    unmount(data_mount)
    assert run("e2fsck", "-f", "-y", str(tmp_path / "data.img"), check=False).returncode in (0, 1)
    run("mount", "-o", "loop,errors=remount-ro", str(tmp_path / "data.img"), str(data_mount))
    results = integrity(data_mount)
    assert set(results.values()) == {"ok"}, results
    (tmp_path / "again").mkdir()
    again = System(tmp_path / "again", env=ENV)
    again.data_dir = data_mount
    again.env["DATA_DIR"] = str(data_mount)
    again.start()
    try:
        writer.system = again
        writer.token = admin_token(again)
        writer.check_stored()
        assert again.request("POST", f"/api/sessions/{writer.session_id}/games", body={"game_id": writer.game_id},
                             token=writer.token).status == 201
    finally:
        assert again.stop() == 0, again.logs()


def start_fails(tmp_path, data_dir, **env):
    """Runs gamenight-run on `data_dir`; returns (exit code, stderr+stdout, seconds)."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "RUNTIME_DIR")}
    environment.update(ENV, PORT=str(port), DATA_DIR=str(data_dir), **env)
    started = time.monotonic()
    done = subprocess.run([str(BIN_DIR / "gamenight-run")], env=environment, capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def test_start_on_a_read_only_data_dir_fails_with_a_clear_message(tmp_path, data_mount):
    mount_tmpfs(data_mount, "16m", read_only=True)
    code, output, seconds = start_fails(tmp_path, data_mount)
    assert code != 0, output
    assert "Read-only file system" in output or "read-only" in output, output
    assert seconds < 20 and output.count("restarting") == 0, output
    print(f"\nread-only DATA_DIR at start: exit {code} after {seconds:.1f}s: "
          f"{[line for line in output.splitlines() if 'ead-only' in line][:2]}")


def test_start_with_existing_databases_on_a_read_only_data_dir_fails_with_a_clear_message(tmp_path, data_mount):
    mount_tmpfs(data_mount, "32m")
    system = start(tmp_path)
    assert system.stop() == 0, system.logs()
    remount(data_mount, "ro")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    code, output, seconds = start_fails(tmp_path, data_mount, RUNTIME_DIR=str(runtime))
    assert code != 0, output
    assert "read-only file system" in output, output
    assert seconds < 20 and "restarting" not in output, output
    print(f"\nread-only DATA_DIR with databases at start: exit {code} after {seconds:.1f}s: "
          f"{[line for line in output.splitlines() if 'read-only' in line][:2]}")


def test_start_on_a_full_data_dir_fails_with_a_clear_message(tmp_path, data_mount):
    mount_tmpfs(data_mount, "8m")
    fill(data_mount)
    code, output, seconds = start_fails(tmp_path, data_mount)
    assert code != 0, output
    assert "disk full" in output or "No space left on device" in output, output
    assert seconds < 20 and "restarting" not in output, output
    print(f"\nfull DATA_DIR at start: exit {code} after {seconds:.1f}s: "
          f"{[line for line in output.splitlines() if 'full' in line or 'space' in line][:2]}")
