"""Shared helpers for the API integration tests (sessions, session games,
auth, games catalogue): JWT construction, admin login, the one-active-session
dance, and the gateway's debug event log.

Everything here is black-box: it only uses HTTP through `System.request`, the
files the system writes into its DATA_DIR (`admin.key`, `jwt.secret`) and the
combined log file."""
import base64
import calendar
import hashlib
import hmac
import json
import re
import time

# Every timestamp the server writes (platform-api.md, Conventions).
ISO_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

# Path ids that are not positive integers behave like unknown ids.
BAD_IDS = ["abc", "-1", "0", "99999999999999999999", "1.5", "9223372036854775808"]

SESSION_KEYS = ["id", "notes", "is_active", "created_at", "closed_at", "games_played", "archived"]
SESSION_CREATED_KEYS = ["id", "notes", "is_active", "created_at", "closed_at"]
SESSION_GAME_KEYS = ["id", "session_id", "game_id", "manually_added", "status", "room_code", "played_at",
                     "player_count", "pack_name", "title", "game_type", "min_players", "max_players",
                     "popularity_score", "upvotes", "downvotes"]
SESSION_GAME_ADDED_KEYS = ["id", "session_id", "game_id", "manually_added", "status", "room_code", "played_at",
                           "pack_name", "title", "game_type", "min_players", "max_players"]
SESSION_GAME_ROOM_CODE_KEYS = ["id", "session_id", "game_id", "manually_added", "status", "room_code", "played_at",
                               "pack_name", "title", "game_type", "min_players", "max_players",
                               "popularity_score", "upvotes", "downvotes"]
GAME_KEYS = ["id", "pack_name", "title", "min_players", "max_players", "length_minutes", "has_audience",
             "family_friendly", "game_type", "secondary_type", "play_count", "popularity_score", "upvotes",
             "downvotes", "enabled", "favor_bias", "created_at", "ticker"]

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
DAY = 86400


# --- JWT ---------------------------------------------------------------------

def b64url(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def make_jwt(secret, payload, alg="HS256", header=None, digest=None, signature=None):
    """A JWT built by hand. `secret` is bytes; `digest` defaults to the one
    matching `alg` (HS256 → sha256, HS512 → sha512); `signature` overrides the
    computed signature segment (e.g. "" for alg:none)."""
    header = header if header is not None else {"alg": alg, "typ": "JWT"}
    signing_input = b64url(compact(header)) + "." + b64url(compact(payload))
    if signature is None:
        digest = digest or {"HS256": hashlib.sha256, "HS512": hashlib.sha512}[alg]
        signature = b64url(hmac.new(secret, signing_input.encode(), digest).digest())
    return signing_input + "." + signature


def decode_jwt(token):
    header, payload, signature = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload)), signature


def admin_claims(now=None, name="Admin", lifetime=DAY):
    now = int(time.time()) if now is None else now
    return {"role": "admin", "name": name, "iat": now, "exp": now + lifetime}


def admin_key(system):
    return (system.data_dir / "admin.key").read_text(encoding="utf-8").strip()


def jwt_secret(system):
    # The file is UTF-8 text; the signing secret is that text's UTF-8 bytes
    # (the generated file ends with a newline, which is not part of it).
    return (system.data_dir / "jwt.secret").read_text(encoding="utf-8").strip().encode("utf-8")


def admin_token(system):
    """Logs in with the generated admin key once per System and caches the token."""
    token = getattr(system, "_admin_token", None)
    if token is None:
        r = system.request("POST", "/api/auth/login", body={"key": admin_key(system)})
        assert r.status == 200, r
        token = r.json()["token"]
        system._admin_token = token
    return token


# --- sessions ------------------------------------------------------------------

def close_active(system, token):
    """Closes the active session, if there is one; returns its id or None."""
    r = system.request("GET", "/api/sessions/active")
    assert r.status == 200, r
    body = r.json()
    if body.get("id") is None:
        return None
    closed = system.request("POST", f"/api/sessions/{body['id']}/close", token=token)
    assert closed.status == 200, closed
    return body["id"]


def fresh_session(system, token, notes=None):
    """Closes any active session and creates a new one; returns the 201 body."""
    close_active(system, token)
    body = {} if notes is None else {"notes": notes}
    r = system.request("POST", "/api/sessions", body=body, token=token)
    assert r.status == 201, r
    return r.json()


def add_game(system, token, session_id, game_id, **fields):
    return system.request("POST", f"/api/sessions/{session_id}/games", body={"game_id": game_id, **fields},
                          token=token)


def add_game_ok(system, token, session_id, game_id, **fields):
    r = add_game(system, token, session_id, game_id, **fields)
    assert r.status == 201, r
    return r.json()


def session_games(system, session_id):
    r = system.request("GET", f"/api/sessions/{session_id}/games")
    assert r.status == 200, r
    return r.json()


def catalogue(system, query=""):
    r = system.request("GET", "/api/games" + query)
    assert r.status == 200, r
    return r.json()


def get_game(system, game_id):
    r = system.request("GET", f"/api/games/{game_id}")
    assert r.status == 200, r
    return r.json()


def playable_game_ids(system, count):
    """`count` distinct enabled games from the seeded catalogue."""
    games = [g for g in catalogue(system) if g["enabled"] == 1]
    assert len(games) >= count, f"catalogue has only {len(games)} enabled games"
    return [g["id"] for g in games[:count]]


def parse_iso(text):
    """Seconds since the epoch of a server timestamp (ISO_MS format)."""
    assert ISO_MS.match(text), text
    return calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")) + int(text[20:23]) / 1000


def assert_recent(text, slack=300):
    assert abs(parse_iso(text) - time.time()) < slack, f"{text} is not close to now"


def assert_json_response(r, status):
    assert r.status == status, r
    assert r.headers.get("content-type") == JSON_CONTENT_TYPE, r.headers
    return r.json()


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# --- gateway event log -----------------------------------------------------------

EVENT_MARK = "api-gateway: event type="
_decoder = json.JSONDecoder(strict=False)


def parse_event_line(line):
    """(type, data) from a `api-gateway: event type=<type> data=<JSON>` line.
    The JSON may follow `data=` directly or as a logfmt-quoted string."""
    rest = line.split(EVENT_MARK, 1)[1]
    event_type, _, rest = rest.partition(" ")
    index = rest.find("data=")
    if index < 0:
        return event_type, None
    rest = rest[index + len("data="):]
    try:
        value, _ = _decoder.raw_decode(rest)
        if isinstance(value, str):
            value = json.loads(value)
    except ValueError:
        return event_type, None
    return event_type, value


def events(system):
    """Every event the gateway has logged so far, in order."""
    try:
        text = system.log_path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return []
    return [parse_event_line(line) for line in text.splitlines() if EVENT_MARK in line]


def wait_for_event(system, event_type, predicate, timeout=5.0):
    """The first logged event of `event_type` whose data satisfies `predicate`."""
    deadline = time.time() + timeout
    while True:
        for kind, data in events(system):
            if kind == event_type and data is not None:
                try:
                    if predicate(data):
                        return data
                except (KeyError, TypeError, AttributeError):
                    pass
        if time.time() > deadline:
            seen = [e for e in events(system) if e[0] == event_type]
            raise AssertionError(f"no {event_type} event matched within {timeout}s; seen: {seen[-5:]}")
        time.sleep(0.1)
