"""Votes under load, run by http_bench.py against its running system
(argv[1] is the base URL). Prints numbers; asserts only that the work was
done (every message imported, no failed vote).

- POST /api/sessions/{id}/chat-import: a generated log of 100,000 messages
  (about 20 % votes) into a session with 10 games, timed end to end
  (upload, parse, hash, match, store, apply, reply) from this client.
- POST /api/votes/live under wrk (64 connections), every request a
  distinct username, so each is a durable vote applied to the counters.
"""
import json
import os
import random
import sys
import tempfile
import time

from http_bench import report, wrk

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "integration"))
from gamenight import curl  # noqa: E402
from votes import iso, ms_of  # noqa: E402

MESSAGES = 100_000


def call(base, method, path, body=None, token=None, timeout=10):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = curl(method, base + path, body=body, headers=headers, timeout=timeout)
    assert r.status < 300, (method, path, r)
    return r.json()


def session_with_ten_games(base, token, notes):
    active = call(base, "GET", "/api/sessions/active")
    if active.get("id"):
        call(base, "POST", f"/api/sessions/{active['id']}/close", {}, token)
    session = call(base, "POST", "/api/sessions", {"notes": notes}, token)["id"]
    games = [g["id"] for g in call(base, "GET", "/api/games")][:10]
    added = []
    for game in games:
        added.append(call(base, "POST", f"/api/sessions/{session}/games", {"game_id": game}, token))
        time.sleep(0.01)
    return session, added


def chat_import(base, token):
    session, added = session_with_ten_games(base, token, "bench: chat import")
    start, end = ms_of(added[0]["played_at"]), ms_of(added[-1]["played_at"]) + 3_600_000
    rng = random.Random(7)
    words = ["lol", "gg", "that was close", "who drew that", "again!", "pog"]
    messages = []
    for index in range(MESSAGES):
        roll = rng.random()
        text = "thisgame++" if roll < 0.12 else "thisgame--" if roll < 0.20 else rng.choice(words)
        messages.append({"username": f"viewer{rng.randrange(5000)}", "message": text,
                         "timestamp": iso(rng.randrange(start - 60_000, end))})
    body = json.dumps({"chatData": messages})
    started = time.perf_counter()
    result = call(base, "POST", f"/api/sessions/{session}/chat-import", body, token, timeout=120)
    elapsed = time.perf_counter() - started
    assert result["messagesImported"] + result["duplicatesSkipped"] == MESSAGES, result["messagesImported"]
    print(f"{'POST chat-import, 100,000 messages':<44} {elapsed * 1000:10.0f} ms      "
          f"{MESSAGES / elapsed:8.0f} messages/s   body {len(body) / 1e6:.1f} MB   "
          f"votes counted {result['votesProcessed']}", flush=True)


def live_votes(base, token):
    session, added = session_with_ten_games(base, token, "bench: live votes")
    stamp = iso(ms_of(added[-1]["played_at"]) + 1000)
    url = base + "/api/votes/live"
    for run, label in [("warm", None), ("main", "POST /api/votes/live (durable, applied)")]:
        # Usernames are unique per run too: a name reused within 1 s is a 409.
        script = live_vote_script(token, stamp, run)
        result = wrk(url, script=script, seconds=2) if label is None else wrk(url, script=script)
        os.unlink(script)
        if label:
            report(label, result)


def live_vote_script(token, stamp, run):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f"""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local counter = 0
local headers = {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}"}}
function request()
  counter = counter + 1
  local body = string.format('{{"username":"{run}-%d-%d","vote":"%s","timestamp":"{stamp}"}}',
                             id, counter, counter % 3 == 0 and "down" or "up")
  return wrk.format("POST", nil, headers, body)
end
""")
    return script.name


def main(base):
    token = call(base, "POST", "/api/auth/login", {"key": "bench-admin-key-0123456789"})["token"]
    chat_import(base, token)
    live_votes(base, token)


if __name__ == "__main__":
    main(sys.argv[1])
