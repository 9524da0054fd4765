"""Tonight: starting and closing a session, games appearing live in a second
window (with the latency from the API answer to the page), the room monitor
driving the room state, the admin's controls, and user text shown as text."""
import statistics
import time

from monitors import Codes
from pages import add_game_ok, close_active, open_tonight, playable_game_ids, ready_session, seen_at, watch_for

new_code = Codes("W")
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>'


def row_css(session_game_id):
    return f'#games li[data-session-game-id="{session_game_id}"]'


def test_start_and_close_a_session_with_hostile_notes(system, token, browser, login, assert_no_console_errors):
    close_active(system, token)
    open_tonight(browser, login)
    browser.visible("#session-notes").send_keys(HOSTILE)
    browser.find("#start-session").click()
    notes = browser.visible("#session-notes-text")
    assert notes.text == HOSTILE  # shown as text, not markup
    assert browser.find_elements("css selector", "#session-notes-text *") == []
    assert browser.execute_script("return window.__pwned ?? null") is None
    active = system.request("GET", "/api/sessions/active").json()
    assert active["notes"] == HOSTILE
    assert browser.wait_text("#session-summary", lambda t: f"Session {active['id']}" in t)

    browser.find("#close-session").click()
    browser.visible("#confirm-close").click()
    browser.visible("#start-form")
    assert system.request("GET", "/api/sessions/active").json()["session"] is None
    assert_no_console_errors(browser)


def test_a_game_added_through_the_api_appears_live_in_a_second_window(system, token, browser, second_browser, login,
                                                                      assert_no_console_errors):
    session = ready_session(system, token)
    open_tonight(browser, login)
    open_tonight(second_browser, login)
    for page in (browser, second_browser):
        page.find("#games")
    latencies, since_start = [], []
    for game_id in playable_game_ids(system, 5):
        # The next row's id is not known before the call: watch for "one more row".
        count = len(second_browser.find_elements("css selector", "#games li.game"))
        css = f"#games li.game:nth-child({count + 1})"
        watch_for(second_browser, css)
        started = time.time()
        added = add_game_ok(system, token, session["id"], game_id)
        returned = time.time()
        appeared = seen_at(second_browser, css) / 1000
        latencies.append((appeared - returned) * 1000)
        since_start.append((appeared - started) * 1000)
        row = second_browser.find(row_css(added["id"]))
        assert added["title"] in row.text
        browser.find(row_css(added["id"]))
    print(f"\ngame.added → second window: from the API answer {['%.0f' % v for v in latencies]} ms "
          f"(median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms); "
          f"from the API call {['%.0f' % v for v in since_start]} ms")
    # Goal 200 ms; a generous bound on this shared machine (figures in bench/RESULTS.md).
    assert max(latencies) <= 2000
    # Games in the order played, only the last one playing.
    rows = second_browser.find_elements("css selector", "#games li.game")
    assert [r.get_attribute("data-status") for r in rows] == ["played"] * 4 + ["playing"]
    assert [r.find_element("css selector", ".order").text for r in rows] == ["1", "2", "3", "4", "5"]
    assert_no_console_errors(browser)
    assert_no_console_errors(second_browser)


def test_the_room_monitor_drives_lobby_start_and_end_on_the_page(system, token, fake, browser, login,
                                                                  assert_no_console_errors):
    session = ready_session(system, token)
    game = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    code = new_code()
    room = fake.create_room(code, max_players=8)
    room.add_player("Alice")
    open_tonight(browser, login)
    row = row_css(game["id"])
    browser.find(row)
    # The current game's controls are open; set the room code and start the check.
    code_input = browser.visible(f"#game-{game['id']}-room-code")
    code_input.clear()
    code_input.send_keys(code.lower())
    browser.find(f"{row} .set-room-code").click()
    browser.wait_text(f"{row} .room-code", lambda t: t == code)
    browser.find(f"{row} .start-check").click()
    state = f"{row} .room-state"
    browser.wait_text(state, lambda t: t.startswith("Lobby") and "Alice" in t, timeout=15)
    room.add_player("Bob")
    room.add_player("<b>Carol</b>")
    text = browser.wait_text(state, lambda t: "<b>Carol</b>" in t, timeout=10)
    assert "3/8 players" in text and "Bob" in text
    assert browser.find(state).get_attribute("data-phase") == "lobby"
    room.start_game(state="Gameplay")
    browser.wait_text(state, lambda t: t.startswith("Game in progress"), timeout=10)
    assert browser.find(state).get_attribute("data-phase") == "started"
    room.end_game(how="postgame")
    browser.wait_text(state, lambda t: t.startswith("Game over"), timeout=10)
    # The session game became played and its player count was written.
    browser.wait_text(f"{row} .status", lambda t: t == "played", timeout=10)
    browser.wait_text(f"{row} .player-count", lambda t: t == "3", timeout=10)
    assert_no_console_errors(browser)


def test_player_count_and_status_controls(system, token, browser, login, assert_no_console_errors):
    session = ready_session(system, token)
    first, second = playable_game_ids(system, 2)
    game = add_game_ok(system, token, session["id"], first)
    open_tonight(browser, login)
    row = row_css(game["id"])
    count = browser.visible(f"#game-{game['id']}-player-count")
    count.clear()
    count.send_keys("7")
    browser.find(f"{row} .set-player-count").click()
    browser.wait_text(f"{row} .player-count", lambda t: t == "7")
    # A malformed room code is stopped by the form (pattern), before any request.
    code_input = browser.find(f"#game-{game['id']}-room-code")
    code_input.clear()
    code_input.send_keys("AB")
    browser.find(f"{row} .set-room-code").click()
    assert browser.execute_script("return arguments[0].validity.valid", code_input) is False
    # A refused action shows the server's error next to the controls.
    browser.find(f"{row} .start-check").click()
    assert browser.wait_text(f"{row} .form-error", lambda t: t != "") == "Game does not have a room code"
    # The status select (keyboard: focus it and pick with the arrow keys).
    from selenium.webdriver.support.ui import Select
    Select(browser.find(f"#game-{game['id']}-status")).select_by_value("skipped")
    browser.wait_text(f"{row} .status", lambda t: t == "skipped")
    rows = system.request("GET", f"/api/sessions/{session['id']}/games").json()
    assert (rows[0]["status"], rows[0]["player_count"]) == ("skipped", 7)
    # 400 answers are expected console entries here; nothing else.
    problems = [e["message"] for e in browser.browser_logs() if e["level"] == "SEVERE" and "400" not in e["message"]]
    assert problems == []
