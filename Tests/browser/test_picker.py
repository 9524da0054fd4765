"""Picker page (#/picker): filters → POST /api/pick, the pick shown as
text, and "add to tonight" with a room code."""
from selenium.webdriver.support.ui import Select

from pages_support import assert_console_clean, go, no_injected_markup, unlabelled_controls, wider_than_phone


def test_pick_and_add_to_tonight_with_room_code(browser, admin_login, api, screenshot):
    session_id = api.new_session("Picker night")
    admin_login(browser)
    go(browser, "picker")
    browser.wait_text("#pick-session", lambda t: f"#{session_id}" in t, what="active session line")
    browser.find("#pick-players").send_keys("4")
    Select(browser.find("#pick-drawing")).select_by_value("exclude")
    browser.find("#pick-roll").click()
    title = browser.wait_text("#pick-title", bool, what="picked title")

    # The shown pick is a real enabled game that fits the filters.
    pack = browser.text_of(".pick-pack")
    [game] = [g for g in api.games(enabled="true") if (g["title"], g["pack_name"]) == (title, pack)]
    assert game["min_players"] <= 4 <= game["max_players"]
    assert game["game_type"] != "Drawing"
    assert browser.switch_to.active_element.get_attribute("id") == "pick-title", "focus moves to the pick"

    browser.find("#pick-room-code").send_keys("wxyz")
    browser.find("#pick-add").click()
    message = browser.wait_text("#pick-add-msg", lambda t: t.startswith("Added"), what="add message")
    assert title in message and "WXYZ" in message
    rows = api.ok("GET", f"/api/sessions/{session_id}/games")
    assert [(r["game_id"], r["room_code"], r["manually_added"]) for r in rows] == [(game["id"], "WXYZ", 0)]

    assert unlabelled_controls(browser) == []
    assert wider_than_phone(browser) == []
    screenshot(browser, "picker")
    assert_console_clean(browser)


def test_keyboard_alone_rolls_and_adds(browser, admin_login, api):
    from selenium.webdriver.common.keys import Keys
    session_id = api.new_session("Keyboard night")
    admin_login(browser)
    go(browser, "picker")
    browser.wait_text("#pick-session", lambda t: f"#{session_id}" in t)
    players = browser.find("#pick-players")
    players.click()
    players.send_keys("5")
    # Tab order follows the form: length, drawing, family, the check box, Roll.
    for expected in ("pick-length", "pick-drawing", "pick-family", "pick-exclude-played", "pick-roll"):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        assert browser.switch_to.active_element.get_attribute("id") == expected
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    title = browser.wait_text("#pick-title", bool)
    # Focus is on the pick; Tab reaches the room code, Enter submits the add form.
    assert browser.switch_to.active_element.get_attribute("id") == "pick-title"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "pick-room-code"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    browser.wait_text("#pick-add-msg", lambda t: t == f"Added {title} to tonight.")
    rows = api.ok("GET", f"/api/sessions/{session_id}/games")
    assert [r["title"] for r in rows] == [title]
    assert_console_clean(browser)


def test_pick_avoids_tonights_games_when_asked(browser, admin_login, api):
    # Only two games can match (a player count no seeded game allows: Lie Swatter takes up to 100); one is
    # already in tonight's session, so "leave out every game played" must pick the other.
    pack = "Picker Test Pack"
    first = api.ok("POST", "/api/games", {"pack_name": pack, "title": "Only One", "min_players": 177, "max_players": 177})
    second = api.ok("POST", "/api/games", {"pack_name": pack, "title": "Only Two", "min_players": 177, "max_players": 177})
    api.new_session("Repeat check", games=[first["id"]])
    admin_login(browser)
    go(browser, "picker")
    browser.wait_text("#pick-session", lambda t: "running" in t)
    browser.find("#pick-players").send_keys("177")
    browser.find("#pick-exclude-played").click()
    for _ in range(5):
        browser.find("#pick-roll").click()
        browser.wait_text("#pick-result .hint", lambda t: "1 matching" in t, what="pool size line")
        assert browser.text_of("#pick-title") == second["title"]
    assert_console_clean(browser)


def test_no_match_says_so(browser, admin_login, api):
    api.close_active()
    admin_login(browser)
    go(browser, "picker")
    browser.wait_text("#pick-session", lambda t: "No session" in t)
    assert not browser.find("#pick-add").is_displayed(), "nothing to add to without a session"
    browser.find("#pick-players").send_keys("999")
    browser.find("#pick-roll").click()
    browser.wait_text("#pick-msg", lambda t: t == "No games match the current filters")
    assert not browser.find(".pick-card", 2).is_displayed()
    assert_console_clean(browser, expected_failures=[("/api/pick", 404)])


def test_picked_title_with_markup_is_text(browser, admin_login, api):
    title = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    pack = "<b>Pack</b><script>window.__pwned=3</script>"
    api.ok("POST", "/api/games", {"pack_name": pack, "title": title, "min_players": 188, "max_players": 188})
    api.close_active()
    admin_login(browser)
    go(browser, "picker")
    browser.find("#pick-players").send_keys("188")
    browser.find("#pick-roll").click()
    assert browser.wait_text("#pick-title", bool) == title
    assert browser.text_of(".pick-pack") == pack
    assert no_injected_markup(browser)
    assert_console_clean(browser)
