"""Sessions API routes under wrk (64 connections), run by http_bench.py
against its running system: argv[1] is the base URL.

- GET /api/sessions/active                 one RPC round trip + one read
- GET /api/sessions/{id}/games             a closed session with 8 games
- POST /api/sessions/{id}/games (Bearer)   a durable write per request
- POST /api/pick                            filters + sessionId (8 games played)
"""
import json
import os
import sys
import tempfile

from http_bench import report, wrk

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "integration"))
from gamenight import curl  # noqa: E402


def call(base, method, path, body=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = curl(method, base + path, body=body, headers=headers)
    assert r.status < 300, (method, path, r)
    return r.json()


def main(base):
    token = call(base, "POST", "/api/auth/login", {"key": "bench-admin-key-0123456789"})["token"]
    games = [g["id"] for g in call(base, "GET", "/api/games")][:8]
    listed = call(base, "POST", "/api/sessions", {"notes": "bench: 8 games"}, token)["id"]
    for game in games:
        call(base, "POST", f"/api/sessions/{listed}/games", {"game_id": game}, token)
    call(base, "POST", f"/api/sessions/{listed}/close", {}, token)
    writes = call(base, "POST", "/api/sessions", {"notes": "bench: writes"}, token)["id"]

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write('wrk.method = "POST"\n'
                     f'wrk.body = \'{json.dumps({"game_id": games[0]})}\'\n'
                     'wrk.headers["Content-Type"] = "application/json"\n'
                     f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    pick_body = {"playerCount": 4, "drawing": "exclude", "length": "short", "sessionId": listed}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as pick_script:
        pick_script.write('wrk.method = "POST"\n'
                          f'wrk.body = \'{json.dumps(pick_body)}\'\n'
                          'wrk.headers["Content-Type"] = "application/json"\n')
    runs = [
        ("GET /api/sessions/active (1 RPC)", base + "/api/sessions/active", None),
        ("GET /api/sessions/{id}/games (8 games)", base + f"/api/sessions/{listed}/games", None),
        ("POST /api/sessions/{id}/games (durable)", base + f"/api/sessions/{writes}/games", script.name),
        ("POST /api/pick (filters + sessionId)", base + "/api/pick", pick_script.name),
    ]
    for name, url, lua in runs:
        wrk(url, script=lua, seconds=2)  # warm-up
        report(name, wrk(url, script=lua))
    os.unlink(script.name)
    os.unlink(pick_script.name)


if __name__ == "__main__":
    main(sys.argv[1])
