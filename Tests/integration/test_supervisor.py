"""gamenight-run against fake children.

The four service executables are replaced by one small Python script (written
into tmp_path under each service's name, found through GAMENIGHT_BIN_DIR) that
logs what happens to it as JSON lines and speaks the readiness protocol
(READY=1 / STOPPING=1 datagrams to $NOTIFY_SOCKET). Nothing here depends on
the real services; only the supervisor binary is needed:

    GAMENIGHT_BIN   path of gamenight-run
                    (default: $GAMENIGHT_BIN_DIR/gamenight-run, else
                    <repo>/.build/debug/gamenight-run)

A fake child reads `$FAKE_DIR/<name>.mode` each time it starts, so a test can
change how the next incarnation behaves: `no-ready`, `ignore-term`,
`exit-early`. Every wait is bounded.
"""
import json
import os
import pathlib
import re
import signal
import socket
import stat
import subprocess
import sys
import time

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ALL = ["session-service", "vote-service", "monitor-service-1", "monitor-service-2", "api-gateway"]


def supervisor_binary():
    if os.environ.get("GAMENIGHT_BIN"):
        return pathlib.Path(os.environ["GAMENIGHT_BIN"])
    if os.environ.get("GAMENIGHT_BIN_DIR"):
        return pathlib.Path(os.environ["GAMENIGHT_BIN_DIR"]) / "gamenight-run"
    return REPO / ".build" / "debug" / "gamenight-run"


FAKE_CHILD = r'''
import json, os, signal, socket, sys, time

name = os.path.basename(sys.argv[0])
label = f"{name}-{os.environ.get('MONITOR_INSTANCE')}" if name == "monitor-service" else name
mode_file = os.path.join(os.environ["FAKE_DIR"], label + ".mode")
mode = open(mode_file).read().strip() if os.path.exists(mode_file) else "normal"


def log(event, **fields):
    record = {"event": event, "name": label, "pid": os.getpid(), "t": time.monotonic(), **fields}
    with open(os.environ["FAKE_LOG"], "a") as f:
        f.write(json.dumps(record) + "\n")


def notify(text):
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.sendto(text.encode(), os.environ["NOTIFY_SOCKET"])


status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
log("start", mode=mode, env=dict(os.environ), sigblk=int(status["SigBlk"], 16), sigign=int(status["SigIgn"], 16),
    pgid=os.getpgid(0))


def on_signal(number, frame):
    log("signal", sig=signal.Signals(number).name)
    if mode == "ignore-term":
        return
    notify("STOPPING=1")
    sys.exit(0)


for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, on_signal)
if mode == "exit-early":
    log("exit")
    sys.exit(3)
time.sleep(float(os.environ.get("FAKE_READY_DELAY", "0.1")))
if mode != "no-ready":
    log("ready")
    notify("READY=1\nSTATUS=fake " + label)
while True:
    signal.pause()
'''


def alive(pid):
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


class Supervised:
    """One gamenight-run over fake children in tmp_path."""

    def __init__(self, tmp_path, monitors=1, env=None, preexec_fn=None):
        binary = supervisor_binary()
        if not binary.exists():
            pytest.fail(f"{binary} not found: build first (swift build) or set GAMENIGHT_BIN")
        self.tmp = tmp_path
        self.bin_dir = tmp_path / "bin"
        self.bin_dir.mkdir()
        for service in ("session-service", "vote-service", "monitor-service", "api-gateway"):
            path = self.bin_dir / service
            path.write_text(f"#!{sys.executable}\n{FAKE_CHILD}")
            path.chmod(0o755)
        self.fake_dir = tmp_path / "fake"
        self.fake_dir.mkdir()
        self.events_path = tmp_path / "events.jsonl"
        self.stdout_path = tmp_path / "stdout.txt"
        self.stderr_path = tmp_path / "stderr.txt"
        self.data_dir = tmp_path / "data"
        self.port = 15000 + os.getpid() % 1000
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "ADMIN_KEY", "RUNTIME_DIR",
                                 "MONITOR_INSTANCE", "GAMENIGHT_RUN_READY_TIMEOUT", "GAMENIGHT_RUN_STOP_TIMEOUT")}
        self.env.update({
            "GAMENIGHT_BIN_DIR": str(self.bin_dir),
            "DATA_DIR": "data",  # relative on purpose: children must get it absolute
            "PORT": str(self.port),
            "MONITOR_INSTANCES": str(monitors),
            "FAKE_LOG": str(self.events_path),
            "FAKE_DIR": str(self.fake_dir),
            "FAKE_PASS_THROUGH": "kept as is = yes",
        })
        self.env.update(env or {})
        self.binary = binary
        self.preexec_fn = preexec_fn
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([str(self.binary)], cwd=self.tmp, env=self.env,
                                     stdout=open(self.stdout_path, "wb"), stderr=open(self.stderr_path, "wb"),
                                     stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=self.preexec_fn)
        return self

    def set_mode(self, name, mode):
        path = self.fake_dir / f"{name}.mode"
        if mode is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(mode)

    # What happened

    def events(self, event=None, name=None):
        try:
            lines = self.events_path.read_text().splitlines()
        except FileNotFoundError:
            return []
        records = [json.loads(line) for line in lines if line.strip()]
        return [r for r in records if (event is None or r["event"] == event) and (name is None or r["name"] == name)]

    def stdout(self):
        return self.stdout_path.read_text(errors="replace")

    def stderr(self):
        return self.stderr_path.read_text(errors="replace")

    def report(self):
        return f"--- stderr ---\n{self.stderr()}\n--- stdout ---\n{self.stdout()}"

    def pid(self, name):
        starts = self.events("start", name)
        return starts[-1]["pid"] if starts else None

    # Waiting, always bounded

    def wait_for(self, predicate, timeout=15.0, what="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        pytest.fail(f"timed out after {timeout}s waiting for {what}\n{self.report()}")

    def wait_up(self, timeout=20.0):
        self.wait_for(lambda: "gamenight is running at" in self.stdout() or self.proc.poll() is not None,
                      timeout, "the banner")
        assert self.proc.poll() is None, f"gamenight-run exited {self.proc.returncode}\n{self.report()}"

    def wait_exit(self, timeout=20.0):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"gamenight-run still running after {timeout}s\n{self.report()}")

    def kill_everything(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        for record in self.events("start"):
            try:
                os.kill(record["pid"], signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def supervised(tmp_path):
    created = []

    def make(**kwargs):
        run = Supervised(tmp_path, **kwargs)
        created.append(run)
        return run

    yield make
    for run in created:
        run.kill_everything()


def ignore_quit_and_usr2():
    signal.signal(signal.SIGQUIT, signal.SIG_IGN)
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)


def test_starts_children_in_order_each_after_the_previous_is_ready(supervised):
    run = supervised(monitors=2, env={"FAKE_READY_DELAY": "0.3"}, preexec_fn=ignore_quit_and_usr2).start()
    run.wait_up()

    starts, readies = run.events("start"), run.events("ready")
    assert [r["name"] for r in starts] == ALL
    assert [r["name"] for r in readies] == ALL
    for ready, next_start in zip(readies, starts[1:]):
        assert next_start["t"] >= ready["t"], f"{next_start['name']} started before {ready['name']} was ready"

    data = run.tmp / "data"
    assert f"http://localhost:{run.port}" in run.stdout()
    assert f"admin key: {data}/admin.key" in run.stdout()
    for record in starts:
        env = record["env"]
        assert env["DATA_DIR"] == str(data)
        assert env["RUNTIME_DIR"] == str(data / "run")
        assert env["NOTIFY_SOCKET"] == str(data / "run" / f"notify-{record['name']}.sock")
        assert env["PORT"] == str(run.port)
        assert env["MONITOR_INSTANCES"] == "2"
        assert env["FAKE_PASS_THROUGH"] == "kept as is = yes"
        assert env.get("MONITOR_INSTANCE") == (record["name"][-1] if record["name"].startswith("monitor") else None)
        assert record["sigblk"] == 0, "children must not inherit the supervisor's blocked signals"
        for number in (signal.SIGQUIT, signal.SIGUSR2, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            assert not record["sigign"] & (1 << (number - 1)), f"{record['name']} inherited SIG_IGN for {number}"
        assert record["pgid"] == record["pid"], "each child leads its own process group"
        assert stat.S_IMODE(os.stat(env["NOTIFY_SOCKET"]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(data / "run").st_mode) == 0o700
    lines = [line for line in run.stderr().splitlines() if "gamenight-run:" in line]
    assert lines and all(re.match(r"^<[2-7]>gamenight-run: \S", line) for line in lines), lines
    assert f"<6>gamenight-run: started session-service pid={run.pid('session-service')}" in run.stderr()

    run.proc.send_signal(signal.SIGTERM)
    assert run.wait_exit() == 0


def test_reports_ready_and_stopping_to_its_own_notify_socket(supervised, tmp_path):
    address = str(tmp_path / "manager.sock")
    manager = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    manager.bind(address)
    manager.settimeout(20)
    run = supervised(env={"NOTIFY_SOCKET": address, "ADMIN_KEY": "from-env-admin-key"}).start()
    try:
        message = manager.recv(4096).decode()
        assert "READY=1" in message.splitlines()
        assert "gamenight is running at" in run.stdout()
        assert "admin key: ADMIN_KEY from the environment" in run.stdout()
        assert all(r["env"]["NOTIFY_SOCKET"] != address for r in run.events("start"))
        run.proc.send_signal(signal.SIGTERM)
        assert "STOPPING=1" in manager.recv(4096).decode().splitlines()
        assert run.wait_exit() == 0
    finally:
        manager.close()


def test_killed_child_is_restarted_with_backoff_and_must_report_ready_again(supervised):
    run = supervised().start()
    run.wait_up()
    others = {name: run.pid(name) for name in ("session-service", "monitor-service-1", "api-gateway")}
    first = run.pid("vote-service")

    killed_at = time.monotonic()
    os.kill(first, signal.SIGKILL)
    run.wait_for(lambda: len(run.events("ready", "vote-service")) == 2, what="vote-service ready again")
    second = run.pid("vote-service")
    assert second != first
    restart = run.events("start", "vote-service")[-1]
    assert restart["t"] - killed_at >= 0.2, "restarted before the 0.25 s backoff"
    assert f"vote-service exited unexpectedly pid={first} signal=SIGKILL; restarting in 0.25s" in run.stderr()
    assert f"restarted vote-service pid={second} restarts=1" in run.stderr()
    run.wait_for(lambda: f"vote-service ready again pid={second}" in run.stderr(), what="the ready-again log line")
    assert {name: run.pid(name) for name in others} == others
    assert all(alive(pid) for pid in others.values())

    os.kill(second, signal.SIGKILL)  # crashed again soon after: the delay doubles
    run.wait_for(lambda: len(run.events("ready", "vote-service")) == 3, what="vote-service ready a third time")
    assert f"vote-service exited unexpectedly pid={second} signal=SIGKILL; restarting in 0.5s" in run.stderr()

    run.proc.send_signal(signal.SIGTERM)
    assert run.wait_exit() == 0


def test_sigterm_stops_children_in_reverse_order_and_exits_zero(supervised):
    run = supervised(monitors=2).start()
    run.wait_up()
    pids = [run.pid(name) for name in ALL]

    run.proc.send_signal(signal.SIGTERM)
    assert run.wait_exit() == 0
    signals = run.events("signal")
    assert [r["name"] for r in signals] == list(reversed(ALL))
    assert {r["sig"] for r in signals} == {"SIGTERM"}
    assert not any(alive(pid) for pid in pids)
    assert not list((run.tmp / "data" / "run").glob("notify-*.sock")), "notify sockets left behind"
    assert "received SIGTERM; stopping children in reverse start order" in run.stderr()


def test_ctrl_c_on_the_terminal_reaches_only_the_supervisor(supervised):
    run = supervised().start()
    run.wait_up()
    os.killpg(run.proc.pid, signal.SIGINT)  # what the terminal does to the foreground group
    assert run.wait_exit() == 0
    signals = run.events("signal")
    assert [r["name"] for r in signals] == list(reversed(ALL[:3] + ALL[4:]))
    assert {r["sig"] for r in signals} == {"SIGTERM"}


def test_ready_timeout_during_start_stops_what_was_started_and_exits_non_zero(supervised):
    run = supervised(env={"GAMENIGHT_RUN_READY_TIMEOUT": "1"})
    run.set_mode("vote-service", "no-ready")
    run.start()
    assert run.wait_exit(timeout=15) == 1
    assert [r["name"] for r in run.events("start")] == ["session-service", "vote-service"]
    assert [r["name"] for r in run.events("signal")] == ["vote-service", "session-service"]
    assert not alive(run.pid("session-service")) and not alive(run.pid("vote-service"))
    assert "<3>gamenight-run: vote-service did not report READY=1 within 1s" in run.stderr()
    assert "gamenight is running" not in run.stdout()


def test_child_exiting_before_ready_during_start_fails_fast(supervised):
    run = supervised()
    run.set_mode("monitor-service-1", "exit-early")
    run.start()
    assert run.wait_exit(timeout=15) == 1
    assert "monitor-service-1 exited before it was ready" in run.stderr()
    assert "exit=3; giving up" in run.stderr()
    assert not run.events("start", "api-gateway")


def test_missing_executable_fails_start(supervised):
    run = supervised()
    (run.bin_dir / "api-gateway").unlink()
    run.start()
    assert run.wait_exit(timeout=15) == 1
    assert "cannot start api-gateway" in run.stderr()
    assert [r["name"] for r in run.events("signal")] == ["monitor-service-1", "vote-service", "session-service"]


def test_invalid_configuration_exits_two_without_starting_anything(supervised):
    run = supervised(env={"PORT": "http"}).start()
    assert run.wait_exit(timeout=10) == 2
    assert '<3>gamenight-run: configuration: invalid PORT="http"' in run.stderr()
    assert run.events() == []


def test_child_ignoring_sigterm_is_killed_after_the_stop_timeout(supervised):
    run = supervised(env={"GAMENIGHT_RUN_STOP_TIMEOUT": "1"})
    run.set_mode("api-gateway", "ignore-term")
    run.start()
    run.wait_up()
    gateway = run.pid("api-gateway")
    started = time.monotonic()
    run.proc.send_signal(signal.SIGTERM)
    assert run.wait_exit(timeout=15) == 0
    assert time.monotonic() - started >= 0.9
    assert f"api-gateway still running 1s after SIGTERM; sending SIGKILL pid={gateway}" in run.stderr()
    assert not alive(gateway)
    assert [r["name"] for r in run.events("signal")] == list(reversed(ALL[:3] + ALL[4:]))


def test_second_sigint_kills_what_is_left(supervised):
    run = supervised()
    run.set_mode("api-gateway", "ignore-term")
    run.start()
    run.wait_up()
    run.proc.send_signal(signal.SIGINT)
    run.wait_for(lambda: run.events("signal", "api-gateway"), what="the gateway to get SIGTERM")
    run.proc.send_signal(signal.SIGINT)
    assert run.wait_exit(timeout=5) == 0, "the second SIGINT must not wait for the 10 s stop timeout"
    assert "received SIGINT again; killing the remaining children" in run.stderr()
    assert not any(alive(r["pid"]) for r in run.events("start"))


def test_restarted_child_that_never_gets_ready_is_stopped_and_restarted(supervised):
    run = supervised(env={"GAMENIGHT_RUN_READY_TIMEOUT": "2", "GAMENIGHT_RUN_STOP_TIMEOUT": "1"})
    run.start()
    run.wait_up()
    run.set_mode("session-service", "no-ready")
    os.kill(run.pid("session-service"), signal.SIGKILL)
    run.wait_for(lambda: len(run.events("start", "session-service")) == 2, what="the first restart")
    stuck = run.pid("session-service")
    run.wait_for(lambda: "did not report READY=1 within 2s" in run.stderr(), timeout=10, what="the READY timeout")
    run.set_mode("session-service", None)
    run.wait_for(lambda: len(run.events("ready", "session-service")) == 2, timeout=10,
                 what="session-service ready after the second restart")
    assert f"session-service did not report READY=1 within 2s pid={stuck}; stopping it to restart it" in run.stderr()
    assert f"session-service stopped pid={stuck} exit=0; restarting in 0.5s" in run.stderr()
    assert run.proc.poll() is None

    run.proc.send_signal(signal.SIGTERM)
    assert run.wait_exit() == 0
