"""Session detail (#/sessions/<id>): games, vote breakdown, chat-log import
from a file, and the JSON/TXT export downloads."""
import datetime
import json

from selenium.webdriver.common.by import By

from pages_support import assert_console_clean, enable_downloads, go, no_injected_markup, wait_download, unlabelled_controls, wider_than_phone


def iso_plus(iso, seconds):
    moment = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")) + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def table_rows(page, table_id):
    rows = page.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr")
    return [[cell.text for cell in r.find_elements(By.CSS_SELECTOR, "th, td")] for r in rows]


def test_chat_import_shows_the_vote_breakdown(browser, admin_login, api, tmp_path, screenshot):
    session_id = api.new_session("Chat night", games=[5, 6])
    games = api.ok("GET", f"/api/sessions/{session_id}/games")
    first, second = games
    # Game i owns [played_at_i, played_at_i+1); the last one is open-ended.
    chat = [
        {"username": "ann", "message": "thisgame++", "timestamp": first["played_at"]},
        {"username": "bob", "message": "THISGAME++ so good", "timestamp": first["played_at"]},
        {"username": "ann", "message": "thisgame--", "timestamp": iso_plus(second["played_at"], 10)},
        {"username": "cy", "message": "thisgame++", "timestamp": iso_plus(second["played_at"], 11)},
        {"username": "cy", "message": "<script>window.__pwned=1</script> hi", "timestamp": iso_plus(second["played_at"], 12)},
        {"username": "cy", "message": "thisgame++", "timestamp": iso_plus(second["played_at"], 11)},  # a repeat
    ]
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(chat))

    admin_login(browser)
    go(browser, f"sessions/{session_id}")
    browser.wait_text("#session-games", lambda t: first["title"] in t and second["title"] in t)
    browser.find("#chat-file").send_keys(str(path))
    browser.find("#chat-import").click()
    message = browser.wait_text("#chat-msg", lambda t: t.startswith("Imported"), what="import result")
    assert message == "Imported 5 messages (1 duplicates skipped), 4 votes counted."
    browser.find("#chat-votes")
    rows = table_rows(browser, "chat-votes")
    assert sorted(rows) == sorted([[first["title"], "2", "0", "2"], [second["title"], "1", "1", "0"]])
    assert rows[0][0] == first["title"], "best net score first"
    # The catalogue counters under each game include the imported votes.
    browser.wait_text("#session-games", lambda t: "All-time votes: %d up" % (first["upvotes"] + 2) in t)
    assert no_injected_markup(browser)
    assert unlabelled_controls(browser) == []
    assert wider_than_phone(browser) == []
    screenshot(browser, "session-detail")
    assert_console_clean(browser)


def test_live_votes_table_updates_while_open(browser, admin_login, api):
    session_id = api.new_session("Live votes", games=[7])
    admin_login(browser)
    go(browser, f"sessions/{session_id}")
    browser.wait_text("#live-votes", lambda t: "none" in t)
    played_at = api.ok("GET", f"/api/sessions/{session_id}/games")[0]["played_at"]
    api.ok("POST", "/api/votes/live", {"username": "dee", "vote": "up", "timestamp": iso_plus(played_at, 1)})
    # vote.received over the live socket refreshes the breakdown without a reload.
    browser.wait().until(lambda d: table_rows(browser, "live-votes") != [])
    game = api.ok("GET", f"/api/sessions/{session_id}/games")[0]
    assert table_rows(browser, "live-votes") == [[f"{game['title']}\n{game['pack_name']}", "1", "0", "1"]]
    assert_console_clean(browser)


def test_bad_chat_file_is_refused_in_the_page(browser, admin_login, api, tmp_path):
    session_id = api.new_session("Bad file", games=[8])
    path = tmp_path / "chat.json"
    path.write_text('{"not": "an array"}')
    admin_login(browser)
    go(browser, f"sessions/{session_id}")
    browser.find("#chat-file").send_keys(str(path))
    browser.find("#chat-import").click()
    browser.wait_text("#chat-msg", lambda t: "JSON array" in t)
    path.write_text("not json at all")
    browser.find("#chat-file").send_keys(str(path))
    browser.find("#chat-import").click()
    browser.wait_text("#chat-msg", lambda t: t == "The file is not valid JSON.")
    assert api.ok("GET", "/api/votes?session_id=%d" % session_id)["pagination"]["total"] == 0
    assert_console_clean(browser)


def test_export_json_and_txt_downloads(browser, admin_login, api, tmp_path):
    session_id = api.new_session('Export <script>x</script> "night"', games=[9, 10], close=True)
    downloads = tmp_path / "downloads"
    admin_login(browser)
    enable_downloads(browser.driver, downloads)
    go(browser, f"sessions/{session_id}")
    browser.wait_text("#session-games", bool)

    browser.find("#export-json").click()
    data = wait_download(downloads, f"session-{session_id}.json")
    status, expected = api.call("GET", f"/api/sessions/{session_id}/export?format=json", raw=True)
    assert status == 200
    assert json.loads(data) == json.loads(expected)
    assert json.loads(data)["session"]["notes"] == 'Export <script>x</script> "night"'
    browser.wait_text("#export-msg", lambda t: t == f"Downloaded session-{session_id}.json.")

    browser.find("#export-txt").click()
    text = wait_download(downloads, f"session-{session_id}.txt")
    status, expected = api.call("GET", f"/api/sessions/{session_id}/export?format=txt", raw=True)
    assert status == 200 and text == expected
    titles = [g["title"] for g in api.ok("GET", f"/api/sessions/{session_id}/games")]
    assert all(t.encode() in text for t in titles)
    assert_console_clean(browser)


def test_unknown_session_says_not_found(browser, admin_login):
    admin_login(browser)
    go(browser, "sessions/999999")
    browser.wait_text("#session-msg", lambda t: t == "Session not found")
    assert_console_clean(browser, expected_failures=[("/api/sessions/999999", 404)])


def test_archive_and_delete_from_the_detail_page(browser, admin_login, api):
    session_id = api.new_session("detail actions", games=[11], close=True)
    admin_login(browser)
    go(browser, f"sessions/{session_id}")
    browser.find("#session-archive").click()
    browser.wait_text("#session-msg", lambda t: t == "Session archived.")
    assert api.ok("GET", f"/api/sessions/{session_id}")["archived"] == 1
    browser.wait_text("#session-archive", lambda t: t == "Unarchive")
    browser.find("#session-archive").click()
    browser.wait_text("#session-msg", lambda t: t == "Session unarchived.")
    assert api.ok("GET", f"/api/sessions/{session_id}")["archived"] == 0

    browser.find("#session-delete").click()
    browser.visible('dialog.confirm-dialog [data-confirm="ok"]').click()
    browser.wait().until(lambda d: d.current_url.endswith("#/history"))
    assert api.call("GET", f"/api/sessions/{session_id}")[0] == 404
    assert_console_clean(browser)


def test_a_running_session_offers_no_archive_or_delete(browser, admin_login, api):
    session_id = api.new_session("running", games=[12])
    admin_login(browser)
    go(browser, f"sessions/{session_id}")
    browser.wait_text(".session-header", lambda t: "Active" in t)
    assert browser.find_elements("css selector", "#session-archive, #session-delete") == []
    assert_console_clean(browser)
