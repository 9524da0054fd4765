"""The catalogue's CSV import under a large file, run by http_bench.py
against its running system (argv[1] is the base URL): a generated file of
10,000 new games (quoted titles with commas and quotes among them),
imported in append mode, timed end to end from this client. Prints numbers;
asserts only that every row was inserted."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "integration"))
from gamenight import curl  # noqa: E402

ROWS = 10_000
HEADER = ("pack_name,title,min_players,max_players,length_minutes,has_audience,family_friendly,game_type,"
          "secondary_type,ticker,enabled,favor_bias")


def csv_field(value):
    text = str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main(base):
    token = curl("POST", base + "/api/auth/login", body={"key": "bench-admin-key-0123456789"}).json()["token"]
    lines = [HEADER]
    for index in range(ROWS):
        title = f'Bench Game {index}, "the sequel"' if index % 10 == 0 else f"Bench Game {index}"
        row = [f"Bench Pack {index // 100}", title, 2 + index % 4, 8, 10 + index % 20, index % 2, (index + 1) % 2,
               "Drawing" if index % 3 == 0 else "Trivia", "", "", 1, index % 3 - 1]
        lines.append(",".join(csv_field(value) for value in row))
    body = json.dumps({"csvData": "\r\n".join(lines) + "\r\n", "mode": "append"})
    started = time.perf_counter()
    r = curl("POST", base + "/api/games/import/csv", body=body, headers={"Authorization": f"Bearer {token}"},
             timeout=60)
    elapsed = time.perf_counter() - started
    assert r.status == 200 and r.json()["inserted"] == ROWS, r
    print(f"{'POST /api/games/import/csv, 10,000 rows':<44} {elapsed * 1000:10.0f} ms      "
          f"{ROWS / elapsed:8.0f} rows/s   body {len(body) / 1e6:.1f} MB", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
