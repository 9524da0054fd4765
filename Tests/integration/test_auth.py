"""Auth: POST /api/auth/login, POST /api/auth/verify, the Bearer check on
every protected route in scope, and named admins (platform-api.md, Auth)."""
import hashlib
import hmac
import json
import time

import pytest

from gamenight import System
from helpers import (JSON_CONTENT_TYPE, admin_claims, admin_key, admin_token, b64url, compact, decode_jwt,
                     is_int, jwt_secret, make_jwt)


def login(system, body):
    return system.request("POST", "/api/auth/login", body=body)


# --- login -----------------------------------------------------------------------

def test_login_with_the_admin_key_returns_a_token(system):
    r = login(system, {"key": admin_key(system)})
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    body = r.json()
    assert list(body) == ["token", "message", "expiresIn"]
    assert body["message"] == "Authentication successful"
    assert body["expiresIn"] == "24h"
    assert isinstance(body["token"], str)


def test_token_is_an_hs256_jwt_with_admin_claims_valid_for_24h(system):
    before = int(time.time())
    token = login(system, {"key": admin_key(system)}).json()["token"]
    after = int(time.time())
    parts = token.split(".")
    assert len(parts) == 3 and all(parts), token
    assert all("=" not in part for part in parts), "JWT segments are base64url without padding"
    header, payload, _ = decode_jwt(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert payload["role"] == "admin"
    assert payload["name"] == "Admin"
    assert is_int(payload["iat"]) and is_int(payload["exp"])
    assert before - 5 <= payload["iat"] <= after + 5
    assert payload["exp"] == payload["iat"] + 86400


def test_token_signature_is_hmac_sha256_with_the_jwt_secret(system):
    token = login(system, {"key": admin_key(system)}).json()["token"]
    header, payload, signature = token.split(".")
    _, claims, _ = decode_jwt(token)
    # Re-sign the exact header.payload bytes the server produced.
    expected = b64url(hmac.new(jwt_secret(system), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    assert signature == expected
    assert claims["role"] == "admin"


@pytest.mark.parametrize("body", [{}, {"key": ""}, {"key": None}, {"key": 123}, {"key": True},
                                  {"key": ["k"]}, {"key": {"k": 1}}, {"other": "x"}])
def test_login_without_a_string_key_is_400(system, body):
    r = login(system, body)
    assert r.status == 400, (body, r)
    assert r.json() == {"error": "Admin key is required"}


@pytest.mark.parametrize("key", ["wrong", "x" * 300, "admin", "0"])
def test_login_with_a_wrong_key_is_401(system, key):
    r = login(system, {"key": key})
    assert r.status == 401, r
    assert r.json() == {"error": "Invalid admin key"}


def test_login_with_a_near_miss_key_is_401(system):
    key = admin_key(system)
    for candidate in [key[:-1], key + "x", key.upper() if key.upper() != key else key.lower(), " " + key]:
        r = login(system, {"key": candidate})
        assert r.status == 401, (candidate, r)
        assert r.json() == {"error": "Invalid admin key"}


@pytest.mark.parametrize("raw", ['{"key": ', "not json", "[1,2]", '"key"', '{"key":"a"} trailing'])
def test_login_with_a_malformed_body_is_400_invalid_json(system, raw):
    r = login(system, raw)
    assert r.status == 400, r
    assert r.json() == {"error": "Invalid JSON body"}


# --- verify ------------------------------------------------------------------------

def test_verify_returns_the_token_claims(system):
    token = admin_token(system)
    _, payload, _ = decode_jwt(token)
    r = system.request("POST", "/api/auth/verify", token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON_CONTENT_TYPE
    body = r.json()
    assert list(body) == ["valid", "user"]
    assert body["valid"] is True
    assert list(body["user"]) == ["role", "name", "iat", "exp"]
    assert body["user"] == {"role": "admin", "name": "Admin", "iat": payload["iat"], "exp": payload["exp"]}


def test_verify_accepts_a_token_signed_by_the_test_with_the_jwt_secret(system):
    # Positive control for the hand-made tokens of the 403 matrix below.
    claims = admin_claims()
    r = system.request("POST", "/api/auth/verify", token=make_jwt(jwt_secret(system), claims))
    assert r.status == 200, r
    assert r.json() == {"valid": True, "user": claims}


# --- the Bearer check on every protected route in scope ------------------------------

# (method, path, body): valid-looking requests; ids need not exist, the auth
# check comes first.
PROTECTED = [
    ("POST", "/api/sessions", {"notes": "x"}),
    ("POST", "/api/sessions/1/close", {}),
    ("DELETE", "/api/sessions/1", None),
    ("POST", "/api/sessions/1/archive", None),
    ("POST", "/api/sessions/1/unarchive", None),
    ("POST", "/api/sessions/bulk", {"action": "archive", "ids": [1]}),
    ("POST", "/api/sessions/1/games", {"game_id": 1}),
    ("PATCH", "/api/sessions/1/games/1/status", {"status": "played"}),
    ("DELETE", "/api/sessions/1/games/1", None),
    ("PATCH", "/api/sessions/1/games/1/room-code", {"room_code": "ABCD"}),
    ("PATCH", "/api/sessions/1/games/1/player-count", {"player_count": 4}),
    ("POST", "/api/games", {"pack_name": "P", "title": "T", "min_players": 1, "max_players": 2}),
    ("PUT", "/api/games/1", {"title": "T"}),
    ("DELETE", "/api/games/1", None),
    ("PATCH", "/api/games/1/toggle", None),
    ("PATCH", "/api/games/1/favor", {"favor_bias": 1}),
    ("PATCH", "/api/games/packs/The%20Jackbox%20Party%20Pack%207/toggle", {"enabled": False}),
    ("PATCH", "/api/games/packs/The%20Jackbox%20Party%20Pack%207/favor", {"favor_bias": 1}),
    ("GET", "/api/games/export/csv", None),
    ("POST", "/api/games/import/csv", {"csvData": "pack_name,title,min_players,max_players\r\n", "mode": "append"}),
    ("POST", "/api/auth/verify", None),
]


def bad_authorizations(system):
    """name -> (Authorization header value or None, expected status)."""
    secret = jwt_secret(system)
    now = int(time.time())
    valid = admin_token(system)
    header, payload, signature = valid.split(".")
    middle = len(payload) // 2
    altered_char = "A" if payload[middle] != "A" else "B"
    tampered = f"{header}.{payload[:middle]}{altered_char}{payload[middle + 1:]}.{signature}"
    none_token = b64url(compact({"alg": "none", "typ": "JWT"})) + "." + b64url(compact(admin_claims(now))) + "."
    return {
        "no header": (None, 401),
        "basic scheme": ("Basic x", 401),
        "bearer without token": ("Bearer", 401),
        "garbage token": ("Bearer garbage", 403),
        "other secret": ("Bearer " + make_jwt(b"not-the-secret", admin_claims(now)), 403),
        "expired": ("Bearer " + make_jwt(secret, {"role": "admin", "name": "Admin", "iat": now - 2 * 86400,
                                                    "exp": now - 3600}), 403),
        "alg none": ("Bearer " + none_token, 403),
        "alg HS512": ("Bearer " + make_jwt(secret, admin_claims(now), alg="HS512"), 403),
        "tampered payload": ("Bearer " + tampered, 403),
    }


CASES = ["no header", "basic scheme", "bearer without token", "garbage token", "other secret", "expired",
         "alg none", "alg HS512", "tampered payload"]


@pytest.mark.parametrize("case", CASES)
def test_every_protected_route_rejects_bad_authorization(system, case):
    value, status = bad_authorizations(system)[case]
    expected = {"error": "Access token required"} if status == 401 else {"error": "Invalid or expired token"}
    failures = []
    for method, path, body in PROTECTED:
        headers = {} if value is None else {"Authorization": value}
        r = system.request(method, path, body=body, headers=headers)
        try:
            ok = r.status == status and r.json() == expected
        except ValueError:
            ok = False
        if not ok:
            failures.append((method, path, r.status, r.body[:120]))
    assert not failures, f"{case}: expected {status} {expected}; got {failures}"


def test_bad_authorization_changes_nothing(system):
    """A rejected POST /api/sessions creates no session."""
    before = system.request("GET", "/api/sessions").json()
    for case in ["no header", "garbage token", "expired", "alg none"]:
        value, _ = bad_authorizations(system)[case]
        headers = {} if value is None else {"Authorization": value}
        r = system.request("POST", "/api/sessions", body={"notes": "nope"}, headers=headers)
        assert r.status in (401, 403), r
    assert system.request("GET", "/api/sessions").json() == before


PUBLIC = [
    ("GET", "/api/sessions"),
    ("GET", "/api/sessions/active"),
    ("GET", "/api/sessions/1"),
    ("GET", "/api/sessions/1/games"),
    ("GET", "/api/games"),
    ("GET", "/api/games/1"),
    ("GET", "/api/games/packs"),
    ("GET", "/api/games/meta/packs"),
    ("GET", "/api/stats"),
    ("GET", "/api/openapi.json"),
]

# The dashboard's files and the overlay's live feed are public too (the feed
# carries only what the public GET routes above already show; see
# test_live_public.py). Its handshake without a token: 101.
PUBLIC_PAGES = ["/", "/overlay", "/js/app.js", "/css/base.css"]


@pytest.mark.parametrize("method,path", PUBLIC)
def test_public_routes_need_no_token(system, method, path):
    r = system.request(method, path)
    assert r.status in (200, 404), r
    assert r.status not in (401, 403)
    json.loads(r.body)
    if path in ("/api/sessions", "/api/sessions/active", "/api/sessions/1/games", "/api/games", "/api/openapi.json"):
        assert r.status == 200, r


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_dashboard_files_need_no_token(system, path):
    r = system.request("GET", path)
    assert r.status == 200, r


def test_the_public_live_feed_needs_no_token_but_the_admin_feed_does(system):
    import socket
    for path, expected in (("/api/sessions/live/public", b"HTTP/1.1 101"), ("/api/sessions/live", b"HTTP/1.1 101")):
        with socket.create_connection(("127.0.0.1", system.port), timeout=5) as s:
            s.sendall((f"GET {path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
            assert s.recv(4096).startswith(expected), path
            # Only the admin feed answers "Not authenticated" to a subscribe
            # (masked text frame {"type":"subscribe","sessionId":1}).
            payload = b'{"type":"subscribe","sessionId":1}'
            mask = b"\x01\x02\x03\x04"
            s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
            reply = s.recv(4096)
            if path.endswith("public"):
                assert b'"subscribed"' in reply, reply
            else:
                assert b'"Not authenticated"' in reply, reply


# --- named admins (ADMIN_CONFIG_PATH) --------------------------------------------------

NAMED = [{"name": "Alice", "key": "alice-key-1234567"}, {"name": "Bob", "key": "bob-key-45678901"}]


@pytest.fixture(scope="module")
def named_system(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("named-admins")
    config = workdir / "admins.json"
    config.write_text(json.dumps(NAMED))
    system = System(workdir, env={"ADMIN_CONFIG_PATH": str(config)})
    system.env.pop("ADMIN_KEY", None)
    system.start()
    yield system
    assert system.stop() == 0, system.logs()


def test_named_admin_logs_in_and_verify_shows_the_name(named_system):
    for admin in NAMED:
        r = login(named_system, {"key": admin["key"]})
        assert r.status == 200, r
        token = r.json()["token"]
        _, payload, _ = decode_jwt(token)
        assert payload["name"] == admin["name"]
        assert payload["role"] == "admin"
        assert payload["exp"] == payload["iat"] + 86400
        verified = named_system.request("POST", "/api/auth/verify", token=token)
        assert verified.status == 200, verified
        assert verified.json() == {"valid": True, "user": {"role": "admin", "name": admin["name"],
                                                           "iat": payload["iat"], "exp": payload["exp"]}}


def test_named_admins_reject_unknown_keys(named_system):
    for key in ["alice-key-12", "ALICE-KEY-123", "Alice", "carol-key-789"]:
        r = login(named_system, {"key": key})
        assert r.status == 401, (key, r)
        assert r.json() == {"error": "Invalid admin key"}


@pytest.mark.parametrize("admins", [
    [{"name": "Alice", "key": "alice-key-1234567"}, {"name": "Alice", "key": "other-key-9999999"}],
    [{"name": "Alice", "key": "same-key-1234567"}, {"name": "Bob", "key": "same-key-1234567"}],
], ids=["duplicate name", "duplicate key"])
def test_admin_config_with_duplicates_refuses_to_start(tmp_path, admins):
    config = tmp_path / "admins.json"
    config.write_text(json.dumps(admins))
    system = System(tmp_path, env={"ADMIN_CONFIG_PATH": str(config)})
    system.env.pop("ADMIN_KEY", None)
    started = time.time()
    try:
        with pytest.raises(RuntimeError):
            system.start(timeout=20)
        assert time.time() - started < 25
    finally:
        try:
            system.stop(timeout=10)
        except Exception:  # noqa: BLE001 - stop() already killed the group
            pass
