"""GET /api/games/export/csv and POST /api/games/import/csv: the download,
the whole-catalogue round trip, append and replace, all-or-nothing errors
with their lines, BOM/CRLF/quoting, the 4 MiB body limit."""
import csv
import io

import pytest

from helpers import admin_token, assert_json_response, catalogue, fresh_session, add_game_ok

HEADER = ("pack_name,title,min_players,max_players,length_minutes,has_audience,family_friendly,game_type,"
          "secondary_type,ticker,enabled,favor_bias")


@pytest.fixture
def token(system):
    return admin_token(system)


def export(system, token):
    r = system.request("GET", "/api/games/export/csv", token=token)
    assert r.status == 200, r
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="games.csv"'
    return r.body


def import_csv(system, token, text, mode=None):
    body = {"csvData": text}
    if mode is not None:
        body["mode"] = mode
    return system.request("POST", "/api/games/import/csv", body=body, token=token)


def import_ok(system, token, text, mode=None):
    body = assert_json_response(import_csv(system, token, text, mode), 200)
    assert list(body) == ["message", "inserted", "updated", "kept", "errors"]
    assert body["message"] == "Import complete" and body["errors"] == []
    return body


def test_export_is_rfc_4180_with_every_game(system, token):
    data = export(system, token)
    text = data.decode("utf-8")
    assert text.startswith(HEADER + "\r\n")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == HEADER.split(",")
    games = catalogue(system)
    assert len(rows) == len(games) + 1
    by_key = {(g["pack_name"], g["title"]): g for g in games}
    for row in rows[1:]:
        game = by_key[(row[0], row[1])]
        assert row[2:4] == [str(game["min_players"]), str(game["max_players"])]
        assert row[4] == ("" if game["length_minutes"] is None else str(game["length_minutes"]))
        assert row[9] == (game["ticker"] or "")
        assert row[10:] == [str(game["enabled"]), str(game["favor_bias"])]
    assert [tuple(r[:2]) for r in rows[1:]] == sorted(tuple(r[:2]) for r in rows[1:])


def test_whole_catalogue_round_trips_byte_for_byte(system, token):
    # Make the catalogue awkward first: quotes, commas, line breaks, non-ASCII, flags, favor, a ticker.
    r = system.request("POST", "/api/games", token=token, body={
        "pack_name": 'Pack, "Quoted"', "title": " Line\r\nbreak ✓ ", "min_players": 1, "max_players": 3,
        "game_type": "a,b", "secondary_type": '"', "favor_bias": -1, "enabled": False, "ticker": "ODD1"})
    assert r.status == 201, r
    first = export(system, token)
    body = import_ok(system, token, first.decode("utf-8"), mode="replace")
    total = len(catalogue(system))
    assert (body["inserted"], body["updated"], body["kept"]) == (0, total, 0)
    assert export(system, token) == first


def test_append_updates_and_inserts_with_bom_crlf_and_quotes(system, token):
    fields = "pack_name,title,min_players,max_players,length_minutes,family_friendly,ticker"
    text = ("\ufeff" + fields + "\r\n"
            + "The Jackbox Party Pack 7,Quiplash 3,3,8,20,true,QPL3\r\n"
            + '"CSV, Pack","She said ""hi""\nand left",2,5,,FALSE,CSV1\n')
    body = import_ok(system, token, text)
    assert (body["inserted"], body["updated"], body["kept"]) == (1, 1, 0)
    quiplash = next(g for g in catalogue(system) if g["title"] == "Quiplash 3"
                    and g["pack_name"] == "The Jackbox Party Pack 7")
    assert quiplash["length_minutes"] == 20 and quiplash["family_friendly"] == 1
    new = next(g for g in catalogue(system) if g["pack_name"] == "CSV, Pack")
    assert new["title"] == 'She said "hi"\nand left'
    assert new["ticker"] == "CSV1" and new["enabled"] == 1 and new["favor_bias"] == 0
    assert new["length_minutes"] is None and new["family_friendly"] == 0


def test_errors_are_all_or_nothing_with_lines(system, token):
    before = export(system, token)
    text = "\r\n".join([
        HEADER,
        "P,Good,1,2,,0,0,,,,1,0",
        "P,Inverted,5,2,,0,0,,,,1,0",
        "P,Bad flag,1,2,,maybe,0,,,,1,0",
        '"P","Multi\r\nline bad favor",1,2,,0,0,,,,1,7',
        "P,Bad ticker,1,2,,0,0,,,abc,1,0",
        "P,Taken ticker,1,2,,0,0,,,QPL3,1,0",
        "",
    ])
    r = import_csv(system, token, text)
    body = assert_json_response(r, 400)
    assert body["error"] == "Import failed"
    assert body["errors"] == [
        {"line": 3, "error": "min_players must not be greater than max_players"},
        {"line": 4, "error": "has_audience must be 0, 1, true or false"},
        {"line": 5, "error": "favor_bias must be -1, 0 or 1"},
        {"line": 7, "error": "ticker must be 1-8 characters A-Z or 0-9"},
    ]
    # Once the rows are valid, the ticker clash with a game that stays is reported.
    r = import_csv(system, token, HEADER + "\r\nP,Taken ticker,1,2,,0,0,,,QPL3,1,0\r\n")
    assert assert_json_response(r, 400) == {"error": "Import failed",
                                            "errors": [{"line": 2, "error": "Ticker already in use: QPL3"}]}
    assert export(system, token) == before


@pytest.mark.parametrize("text,errors", [
    (HEADER + '\r\nP,"unterminated,1,2\r\n', [{"line": 3, "error": "unterminated quoted field"}]),
    (HEADER + '\r\nP,ab"c,1,2,,0,0,,,,1,0\r\n',
     [{"line": 2, "error": "a quote inside an unquoted field (quote the field and double the quote)"}]),
    ("pack_name,title,colour\r\n", [{"line": 1, "error": "Unknown column: colour"},
                                   {"line": 1, "error": "Missing column: min_players"},
                                   {"line": 1, "error": "Missing column: max_players"}]),
    ("", [{"line": 1, "error": "The file has no header row"}]),
    (HEADER + "\r\nP,Short,1\r\n", [{"line": 2, "error": "Expected 12 fields, found 3"}]),
    (HEADER + "\r\n,T,1,2,,0,0,,,,1,0\r\nP,T,x,2,,0,0,,,,1,0\r\nP,T2,1,2,,0,0,,,,1,0\r\nP,T2,1,2,,0,0,,,,1,0\r\n",
     [{"line": 2, "error": "pack_name is required"}, {"line": 3, "error": "min_players must be a positive integer"},
      {"line": 5, "error": "Duplicate pack_name and title (first on line 4)"}]),
])
def test_parse_and_header_errors(system, token, text, errors):
    r = import_csv(system, token, text)
    assert assert_json_response(r, 400) == {"error": "Import failed", "errors": errors}


@pytest.mark.parametrize("body,error", [
    ({}, "csvData must be a string"), ({"csvData": ["a"]}, "csvData must be a string"),
    ({"csvData": HEADER, "mode": "merge"}, "mode must be append or replace"),
])
def test_bad_bodies(system, token, body, error):
    r = system.request("POST", "/api/games/import/csv", body=body, token=token)
    assert assert_json_response(r, 400) == {"error": error}


def test_replace_keeps_games_a_session_refers_to(system, token):
    original = export(system, token)
    games = catalogue(system)
    played = games[0]
    session = fresh_session(system, token)["id"]
    add_game_ok(system, token, session, played["id"])
    referenced = {g["id"] for g in games if g["play_count"] > 0} | {played["id"]}
    text = HEADER + "\r\nOnly Pack,Only Game,2,4,10,0,1,Party,,ONLY1,1,1\r\n"
    body = import_ok(system, token, text, mode="replace")
    assert body["inserted"] == 1 and body["updated"] == 0
    after = catalogue(system)
    assert {g["id"] for g in after} == referenced | {next(g["id"] for g in after if g["title"] == "Only Game")}
    assert body["kept"] == len(referenced)
    # The exported file brings the catalogue back (new rows for the deleted games).
    body = import_ok(system, token, original.decode("utf-8"), mode="replace")
    assert body["kept"] == 0
    assert {(g["pack_name"], g["title"]) for g in catalogue(system)} == {(g["pack_name"], g["title"]) for g in games}
    assert export(system, token) == original


def test_a_big_import_fits_the_4_mib_limit_and_beyond_is_413(system, token):
    rows = [f"Bulk Pack,Bulk game {i:05d} {'x' * 40},2,8,,0,0,Party,,,1,0" for i in range(20000)]
    text = HEADER + "\r\n" + "\r\n".join(rows) + "\r\n"
    assert 1024 * 1024 < len(text.encode()) < 4 * 1024 * 1024 - 1000
    r = import_csv(system, token, text)
    assert assert_json_response(r, 200)["inserted"] == 20000
    too_big = HEADER + "\r\n" + "x" * (4 * 1024 * 1024)
    r = import_csv(system, token, too_big)
    assert r.status == 413, r
