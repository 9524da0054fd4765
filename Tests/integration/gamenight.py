"""Test harness: starts the real gamenight executables and talks to them
over real sockets, with curl for HTTP and plain sockets for raw bytes."""
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN_DIR = pathlib.Path(os.environ.get("GAMENIGHT_BIN_DIR") or REPO / ".build" / "debug")
SERVICES = ("session-service", "vote-service", "monitor-service", "api-gateway")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> last value
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"Response({self.status}, {self.body[:200]!r})"


def curl(method, url, body=None, headers=None, timeout=10, extra=()):
    """One HTTP request through the curl command-line client."""
    with tempfile.TemporaryDirectory() as tmp:
        head_file, body_file = os.path.join(tmp, "h"), os.path.join(tmp, "b")
        args = ["curl", "-sS", "-X", method, "-D", head_file, "-o", body_file,
                "--max-time", str(timeout), "-w", "%{http_code}", url]
        for name, value in (headers or {}).items():
            args += ["-H", f"{name}: {value}"]
        if body is not None:
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
            if isinstance(body, str):
                body = body.encode()
            args += ["--data-binary", "@-"]
            if not any(k.lower() == "content-type" for k in (headers or {})):
                args += ["-H", "Content-Type: application/json"]
        if method == "HEAD":
            args = [a for a in args if a != "-X" and a != "HEAD"] + ["-I"]
        args += list(extra)
        done = subprocess.run(args, input=body, capture_output=True, timeout=timeout + 5)
        status = int(done.stdout.decode() or 0)
        headers_out = {}
        if os.path.exists(head_file):
            for line in open(head_file, "rb").read().decode("latin-1").split("\r\n"):
                if ":" in line and not line.startswith("HTTP/"):
                    name, value = line.split(":", 1)
                    headers_out[name.strip().lower()] = value.strip()
        data = open(body_file, "rb").read() if os.path.exists(body_file) else b""
        return Response(status, headers_out, data)


def raw_exchange(port, payload, timeout=5.0, read_until_close=True, chunks=None, delay=0.0):
    """Sends raw bytes (optionally in chunks with a delay) and returns all
    bytes received until the server closes or `timeout` passes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        if chunks:
            for chunk in chunks:
                s.sendall(chunk)
                time.sleep(delay)
        else:
            s.sendall(payload)
        received = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                part = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not part:
                break
            received += part
            if not read_until_close and received.count(b"\r\n\r\n") >= 1:
                break
        return received


def children_of(pid):
    path = pathlib.Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except FileNotFoundError:
        return []


def process_name(pid):
    try:
        cmdline = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return os.path.basename(cmdline[0].decode())
    except (FileNotFoundError, IndexError):
        return None


class System:
    """gamenight-run with every service, in a temporary DATA_DIR on a free port."""

    def __init__(self, workdir, env=None):
        self.workdir = pathlib.Path(workdir)
        self.data_dir = self.workdir / "data"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.pop("NOTIFY_SOCKET", None)
        self.env.update({"PORT": str(self.port), "DATA_DIR": str(self.data_dir), "LOG_LEVEL": "info",
                         # Test receivers listen on loopback, which production refuses.
                         "WEBHOOK_ALLOW_PRIVATE": "1",
                         # Many tests log in with wrong keys from 127.0.0.1 on
                         # purpose; test_hardening checks the real limit (10).
                         "LOGIN_MAX_FAILURES": "1000"})
        self.env.update(env or {})
        self.log_path = self.workdir / "system.log"
        self.proc = None

    def start(self, timeout=60):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([str(BIN_DIR / "gamenight-run")], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout=60):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gamenight-run exited {self.proc.returncode}:\n{self.logs()}")
            try:
                last = curl("GET", self.base + "/health", timeout=2)
                if last.status == 200:
                    return
            except Exception as error:  # noqa: BLE001 - keep polling
                last = error
            time.sleep(0.1)
        raise RuntimeError(f"not healthy after {timeout}s: {last}\n{self.logs()}")

    def logs(self):
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except FileNotFoundError:
            return ""

    def request(self, method, path, body=None, headers=None, token=None, timeout=10):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return curl(method, self.base + path, body=body, headers=headers, timeout=timeout)

    def pid(self, service):
        for child in children_of(self.proc.pid):
            if process_name(child) == service:
                return child
        return None

    def pids(self, service):
        return [c for c in children_of(self.proc.pid) if process_name(c) == service]

    def stop(self, timeout=30):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            # Children run in their own process groups: kill each one.
            for child in children_of(self.proc.pid):
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self.log.close()
