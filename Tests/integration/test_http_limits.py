"""The gateway's HTTP/1.1 server, over raw sockets and curl: framing,
keep-alive, pipelining, and every limit (issue: runtime foundation)."""
import json
import socket
import time

from gamenight import curl, raw_exchange
from helpers import admin_token


def status_of(response_bytes):
    line = response_bytes.split(b"\r\n", 1)[0]
    return int(line.split()[1]) if line.startswith(b"HTTP/1.1 ") else None


def body_of(response_bytes):
    return response_bytes.split(b"\r\n\r\n", 1)[1]


def get(path, extra_headers=b""):
    return b"GET " + path + b" HTTP/1.1\r\nHost: t\r\n" + extra_headers + b"\r\n"


def test_health_live_answers_without_upstreams(system):
    r = system.request("GET", "/health/live")
    assert r.status == 200
    assert r.json() == {"status": "ok"}
    assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_health_reports_every_service_up(system):
    r = system.request("GET", "/health")
    assert r.status == 200
    assert r.body == (b'{"status":"ok","message":"gamenight API is running","services":'
                      b'{"session-service":"up","vote-service":"up","monitor-service":"up"}}')


def test_unknown_route_is_404_not_found(system):
    r = system.request("GET", "/api/nothing-here")
    assert r.status == 404
    assert r.json() == {"error": "Not found"}


def test_wrong_method_on_known_path_is_405_with_allow(system):
    r = system.request("DELETE", "/health")
    assert r.status == 405
    assert r.json() == {"error": "Method not allowed"}
    assert r.headers["allow"] == "GET, HEAD, OPTIONS"


def test_malformed_json_body_is_400_invalid_json_body(system):
    for body in ['{"key": ', "not json", "[1,2]", '{"key":"a"} trailing']:
        r = system.request("POST", "/api/auth/login", body=body)
        assert r.status == 400, body
        assert r.json() == {"error": "Invalid JSON body"}, body


def test_head_returns_headers_and_no_body(system):
    raw = raw_exchange(system.port, b"HEAD /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert status_of(raw) == 200
    assert b"Content-Length: 15\r\n" in raw
    assert raw.endswith(b"\r\n\r\n")


def test_keep_alive_serves_several_requests_on_one_connection(system):
    with socket.create_connection(("127.0.0.1", system.port), timeout=5) as s:
        for _ in range(3):
            s.sendall(get(b"/health/live"))
            data = b""
            while b'{"status":"ok"}' not in data:
                data += s.recv(4096)
            assert status_of(data) == 200
            assert b"Connection: keep-alive" in data


def test_pipelined_requests_are_answered_in_order(system):
    # /health makes RPC round trips; /health/live does not. Responses must
    # still come back in request order.
    payload = get(b"/health") + get(b"/health/live") + get(b"/nope") + get(b"/health/live", b"Connection: close\r\n")
    raw = raw_exchange(system.port, payload)
    statuses = [int(part[:3]) for part in raw.split(b"HTTP/1.1 ")[1:]]
    assert statuses == [200, 200, 404, 200]
    assert raw.index(b'"services"') < raw.index(b'{"status":"ok"}') < raw.index(b"Not found")
    assert raw.rstrip().endswith(b'{"status":"ok"}')


def test_request_fed_one_byte_at_a_time_is_parsed(system):
    payload = b'POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"key":""}\n'
    raw = raw_exchange(system.port, None, chunks=[bytes([b]) for b in payload], delay=0.001)
    assert status_of(raw) == 400
    assert json.loads(body_of(raw)) == {"error": "Admin key is required"}


def test_chunked_request_body_is_accepted(system):
    body = b'{"key":"wrong-key"}'
    payload = (b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               + b"5;ext=1\r\n" + body[:5] + b"\r\n" + b"%x\r\n" % (len(body) - 5) + body[5:] + b"\r\n0\r\n\r\n")
    raw = raw_exchange(system.port, payload)
    assert status_of(raw) == 401
    assert json.loads(body_of(raw)) == {"error": "Invalid admin key"}


def test_expect_100_continue_gets_interim_response(system):
    body = b'{"key":"x"}'
    with socket.create_connection(("127.0.0.1", system.port), timeout=5) as s:
        s.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
        interim = s.recv(4096)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        s.sendall(body)
        final = b""
        while True:
            part = s.recv(4096)
            if not part:
                break
            final += part
    assert status_of(final) == 401


def test_headers_of_exactly_16_kib_are_accepted(system):
    head = b"GET /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Pad: "
    pad = 16 * 1024 - len(head) - len(b"\r\n\r\n")
    raw = raw_exchange(system.port, head + b"a" * pad + b"\r\n\r\n")
    assert status_of(raw) == 200


def test_headers_over_16_kib_are_431(system):
    head = b"GET /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Pad: "
    pad = 16 * 1024 - len(head) - len(b"\r\n\r\n") + 1
    raw = raw_exchange(system.port, head + b"a" * pad + b"\r\n\r\n")
    assert status_of(raw) == 431
    assert json.loads(body_of(raw)) == {"error": "Request header fields too large"}


def test_100_header_fields_are_accepted_and_101_are_431(system):
    def request(fields):
        extra = b"".join(b"X-F%d: v\r\n" % i for i in range(fields - 2))
        return b"GET /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" + extra + b"\r\n"
    assert status_of(raw_exchange(system.port, request(100))) == 200
    assert status_of(raw_exchange(system.port, request(101))) == 431


def test_body_over_1_mib_is_413_and_exactly_1_mib_is_read(system):
    limit = 1024 * 1024
    # Exactly the limit: the body is read and reaches the service (which
    # finds no game 0). Login has its own 4 KiB limit (test_hardening).
    token = admin_token(system)
    r = curl("PATCH", system.base + "/api/games/0/toggle", body=b" " * (limit - 2) + b"{}",
             headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert r.status == 404 and r.json() == {"error": "Game not found"}, r
    over = (b"PATCH /api/games/0/toggle HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
            b"Content-Length: %d\r\n\r\n" % (token.encode(), limit + 1))
    raw = raw_exchange(system.port, over)  # no body sent: refused from the head alone
    assert status_of(raw) == 413
    assert json.loads(body_of(raw)) == {"error": "Payload too large"}


def test_chunked_body_over_limit_is_413(system):
    chunk = b"x" * 65536
    payload = b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
    payload += (b"10000\r\n" + chunk + b"\r\n") * 17 + b"0\r\n\r\n"
    raw = raw_exchange(system.port, payload)
    assert status_of(raw) == 413


def test_content_length_with_transfer_encoding_is_400(system):
    raw = raw_exchange(system.port, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
                                    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert status_of(raw) == 400


def test_invalid_content_length_is_400(system):
    for value in [b"-1", b"abc", b"1 2", b"99999999999999999999999", b"3, 4"]:
        raw = raw_exchange(system.port, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: "
                                        + value + b"\r\n\r\n{}")
        assert status_of(raw) == 400, value


def test_garbage_request_line_is_400_and_connection_closes(system):
    raw = raw_exchange(system.port, b"\x00\x01 nonsense\r\n\r\n")
    assert status_of(raw) == 400


def test_unsupported_http_version_is_505(system):
    raw = raw_exchange(system.port, b"GET /health/live HTTP/2.0\r\nHost: t\r\n\r\n")
    assert status_of(raw) == 505


def test_idle_keep_alive_connection_is_closed_after_timeout(system):
    # The test system runs with HTTP_IDLE_TIMEOUT_MS=1500.
    with socket.create_connection(("127.0.0.1", system.port), timeout=10) as s:
        s.sendall(get(b"/health/live"))
        data = s.recv(4096)
        assert status_of(data) == 200
        started = time.time()
        assert s.recv(4096) == b""  # server closed
        elapsed = time.time() - started
    assert 1.0 <= elapsed <= 4.0, elapsed


def test_incomplete_headers_get_408_after_header_timeout(system):
    # Default header timeout: 10 s from the first byte of a request.
    with socket.create_connection(("127.0.0.1", system.port), timeout=20) as s:
        s.sendall(b"GET /health/live HTTP/1.1\r\nHost: t\r\n")
        started = time.time()
        data = b""
        while True:
            part = s.recv(4096)
            if not part:
                break
            data += part
        elapsed = time.time() - started
    assert status_of(data) == 408
    assert json.loads(body_of(data)) == {"error": "Request timeout"}
    assert 9.5 <= elapsed <= 12.5, elapsed


def test_cors_headers_and_preflight(system):
    r = system.request("GET", "/health/live", headers={"Origin": "http://dashboard.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = curl("OPTIONS", system.base + "/api/auth/login",
             headers={"Origin": "http://dashboard.example", "Access-Control-Request-Method": "POST",
                      "Access-Control-Request-Headers": "authorization, content-type"})
    assert r.status == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert r.headers["access-control-allow-headers"] == "authorization, content-type"


def test_request_id_is_echoed_or_generated_and_logged(system):
    r = system.request("GET", "/health", headers={"X-Request-Id": "trace-abc-123"})
    assert r.headers["x-request-id"] == "trace-abc-123"
    generated = system.request("GET", "/health/live").headers["x-request-id"]
    assert generated and generated != "trace-abc-123"
    # The id travelled with the RPC calls into the services' log lines.
    lines = system.log_path.read_text(errors="replace").splitlines()
    for service in ("session-service", "vote-service", "monitor-service"):
        assert any(f"{service}: rpc" in line and "method=system.health" in line and "request_id=trace-abc-123" in line
                   for line in lines), service
