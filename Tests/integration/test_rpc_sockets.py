"""JSON-RPC on the services' Unix sockets, spoken by a plain socket client:
framing, errors, limits (issue: runtime foundation)."""
import json
import socket

import pytest


def rpc_socket(system, name):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(str(system.data_dir / "run" / name))
    return s


def read_line(s, buffer=b""):
    while b"\n" not in buffer:
        part = s.recv(65536)
        if not part:
            raise EOFError(buffer)
        buffer += part
    line, rest = buffer.split(b"\n", 1)
    return json.loads(line), rest


@pytest.mark.parametrize("name", ["session.sock", "vote.sock", "monitor-1.sock"])
def test_health_over_raw_socket(system, name):
    with rpc_socket(system, name) as s:
        s.sendall(b'{"jsonrpc":"2.0","method":"system.health","id":7}\n')
        reply, _ = read_line(s)
    assert reply["jsonrpc"] == "2.0" and reply["id"] == 7
    assert reply["result"]["status"] == "ok"


def test_many_requests_in_flight_on_one_connection(system):
    with rpc_socket(system, "session.sock") as s:
        s.sendall(b"".join(b'{"jsonrpc":"2.0","method":"system.health","id":%d}\n' % i for i in range(200)))
        ids, rest = set(), b""
        for _ in range(200):
            reply, rest = read_line(s, rest)
            ids.add(reply["id"])
    assert ids == set(range(200))


def test_malformed_line_gets_parse_error_and_connection_survives(system):
    with rpc_socket(system, "session.sock") as s:
        s.sendall(b'{"jsonrpc":"2.0", nope\n{"jsonrpc":"2.0","method":"system.health","id":"after"}\n')
        first, rest = read_line(s)
        second, _ = read_line(s, rest)
    assert first == {"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": None}
    assert second["id"] == "after" and second["result"]["status"] == "ok"


def test_invalid_request_and_unknown_method(system):
    with rpc_socket(system, "vote.sock") as s:
        s.sendall(b'{"jsonrpc":"1.0","method":"x","id":1}\n[]\n{"jsonrpc":"2.0","method":"no.such","id":2}\n')
        a, rest = read_line(s)
        b, rest = read_line(s, rest)
        c, _ = read_line(s, rest)
    assert a["error"]["code"] == -32600 and a["id"] == 1
    assert b["error"]["code"] == -32600 and b["id"] is None
    assert c["error"]["code"] == -32601 and c["id"] == 2


def test_notification_gets_no_reply(system):
    with rpc_socket(system, "session.sock") as s:
        s.sendall(b'{"jsonrpc":"2.0","method":"system.health"}\n{"jsonrpc":"2.0","method":"system.health","id":9}\n')
        reply, rest = read_line(s)
    assert reply["id"] == 9 and rest == b""


def test_frame_over_16_mib_is_refused_and_connection_closed(system):
    with rpc_socket(system, "monitor-1.sock") as s:
        s.settimeout(20)
        chunk = b"x" * (1 << 20)
        try:
            s.sendall(b'{"jsonrpc":"2.0","method":"system.health","params":{"pad":"')
            for _ in range(17):
                s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply, rest = read_line(s)
        assert reply["error"]["code"] == -32600
        assert "16777216" in reply["error"]["message"]
        # then the server hangs up
        tail = rest
        while True:
            try:
                part = s.recv(65536)
            except ConnectionResetError:
                break
            if not part:
                break
            tail += part
    # the service itself is unharmed
    assert system.request("GET", "/health").status == 200
