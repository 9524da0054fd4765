"""Another local user reaches none of the system's Unix sockets, databases
or secrets: each connect(2) or open(2) as `nobody` is refused, both through
the 0700 folders and, should an operator loosen those, by the 0600 modes of
the sockets and files themselves."""
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile

import pytest

from gamenight import System

NOBODY = 65534

# Run as the other user: lists each folder (a path ending in /), connects to
# each socket (.sock) and reads each file; prints what happened to each.
PROBE = r"""
import errno, json, os, socket, sys
results = {}
for path in sys.argv[1:]:
    try:
        if path.endswith("/"):
            os.listdir(path)
        elif path.endswith(".sock"):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
            finally:
                s.close()
        else:
            with open(path, "rb") as f:
                f.read(1)
        results[path] = "ok"
    except OSError as error:
        results[path] = errno.errorcode.get(error.errno, str(error.errno))
print(json.dumps(results))
"""


def as_nobody(paths):
    done = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                           sys.executable, "-c", PROBE, *paths],
                          capture_output=True, text=True, timeout=30, cwd="/")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def system():
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.fail("this test runs as root with setpriv (util-linux) to become another user")
    # A world-traversable folder (pytest's own tmp folder is 0700, which would
    # hide everything from the other user whatever our modes).
    workdir = tempfile.mkdtemp(prefix="gamenight-uid-", dir="/tmp")
    os.chmod(workdir, 0o755)
    system = System(workdir).start()
    yield system
    code = system.stop()
    shutil.rmtree(workdir, ignore_errors=True)
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"


def private_paths(system):
    """Every socket and file under DATA_DIR (RUNTIME_DIR is DATA_DIR/run)."""
    found = []
    for folder, _, names in os.walk(system.data_dir):
        for name in names:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISSOCK(mode) or stat.S_ISREG(mode):
                found.append(path)
    names = {os.path.basename(p) for p in found}
    expected = {"session.sock", "vote.sock", "monitor-1.sock", "gateway-events.sock",
                "sessions.db", "votes.db", "monitor-1.db", "admin.key", "jwt.secret"}
    assert expected <= names, expected - names
    return sorted(found)


@pytest.fixture
def controls(system):
    """A file and a socket the other user may use, next to the private ones:
    proof that the probe works and the folder above DATA_DIR is reachable."""
    workdir = system.workdir
    readable = workdir / "control.txt"
    readable.write_text("public")
    os.chmod(readable, 0o644)
    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path = str(workdir / "control.sock")
    listening.bind(path)
    os.chmod(path, 0o666)
    listening.listen(8)
    yield [str(readable), path]
    listening.close()
    os.unlink(path)
    readable.unlink()


def test_another_user_can_reach_no_socket_database_or_secret(system, controls):
    paths = private_paths(system)
    results = as_nobody(controls + paths + [str(system.data_dir) + "/", str(system.data_dir / "run") + "/"])
    assert [results[p] for p in controls] == ["ok", "ok"], results
    refused = {p: r for p, r in results.items() if p not in controls}
    assert set(refused.values()) == {"EACCES"}, refused


def test_the_sockets_and_files_themselves_refuse_even_in_loosened_folders(system, controls):
    # An operator's mistake: the folders opened to everyone. The services
    # tighten them at start, not while running — the files' own modes must hold.
    folders = [system.data_dir, system.data_dir / "run"]
    for folder in folders:
        os.chmod(folder, 0o755)
    try:
        paths = private_paths(system)
        results = as_nobody(controls + paths)
    finally:
        for folder in folders:
            os.chmod(folder, 0o700)
    assert [results[p] for p in controls] == ["ok", "ok"], results
    refused = {p: r for p, r in results.items() if p not in controls}
    assert set(refused.values()) == {"EACCES"}, refused
    for path in paths:
        assert os.lstat(path).st_mode & 0o077 == 0, (path, oct(os.lstat(path).st_mode))
