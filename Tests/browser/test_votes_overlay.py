"""Live votes move the tally on Tonight and on the stream overlay; the
overlay needs no login, follows the active session and shows user text as
text."""
import datetime
import time

from pages import add_game_ok, open_tonight, playable_game_ids, ready_session

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">viewer'


def vote(system, token, username, kind):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    r = system.request("POST", "/api/votes/live", body={"username": username, "vote": kind, "timestamp": now},
                       token=token)
    assert r.status == 200, r
    return r.json()


def tally(page, css):
    element = page.find(css)
    return int(element.get_attribute("data-up")), int(element.get_attribute("data-down"))


def test_live_votes_move_the_tally_on_tonight_and_the_overlay(system, token, browser, second_browser, login,
                                                              assert_no_console_errors):
    session = ready_session(system, token)
    game = add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    open_tonight(browser, login)
    second_browser.open("/overlay")  # no login: the active session
    second_browser.wait_text("#overlay-title", lambda t: t == game["title"], timeout=15)
    second_browser.find("#overlay[data-live=open]", timeout=15)
    row_tally = f'#games li[data-session-game-id="{game["id"]}"] .tally'
    up0, down0 = tally(browser, row_tally)
    assert tally(second_browser, "#overlay-tally") == (up0, down0)

    vote(system, token, HOSTILE_NAME, "up")
    time.sleep(1.1)  # the same user may vote once a second; other users at once
    vote(system, token, "viewer2", "up")
    result = vote(system, token, "viewer3", "down")
    expected = (result["game"]["upvotes"], result["game"]["downvotes"])
    assert expected == (up0 + 2, down0 + 1)
    browser.wait(10).until(lambda _: tally(browser, row_tally) == expected)
    second_browser.wait(10).until(lambda _: tally(second_browser, "#overlay-tally") == expected)

    # The vote feed shows the hostile username as text.
    feed = browser.wait_text("#vote-feed", lambda t: "viewer3" in t)
    assert HOSTILE_NAME in feed
    assert browser.find_elements("css selector", "#vote-feed img") == []
    assert browser.execute_script("return window.__pwned ?? null") is None
    assert_no_console_errors(browser)
    assert_no_console_errors(second_browser)


def test_the_overlay_follows_the_next_session_and_its_games(system, token, browser, assert_no_console_errors):
    first = ready_session(system, token)
    browser.open("/overlay")
    browser.find("#overlay[data-live=open]", timeout=15)
    browser.wait(10).until(lambda d: d.find_element("css selector", "#overlay").get_attribute("data-state") == "empty")
    one, two = playable_game_ids(system, 2)
    game = add_game_ok(system, token, first["id"], one)
    browser.wait_text("#overlay-title", lambda t: t == game["title"])
    # A new session (session.started reaches the public feed): the overlay follows it.
    second = ready_session(system, token)
    browser.wait(10).until(lambda d: d.find_element("css selector", "#overlay").get_attribute("data-state") == "empty")
    game = add_game_ok(system, token, second["id"], two)
    browser.wait_text("#overlay-title", lambda t: t == game["title"])
    # A pinned overlay (?session=) keeps showing its session.
    browser.open(f"/overlay?session={first['id']}")
    browser.wait_text("#overlay-title", lambda t: t != "" and t != game["title"])
    browser.open("/overlay?session=999999")
    browser.wait(10).until(lambda d: d.find_element("css selector", "#overlay .label").get_attribute("textContent")
                           == "Session not found")
    assert browser.find("#overlay").get_attribute("data-state") == "missing"
    # The 404 of the unknown session is the only console error.
    problems = [e["message"] for e in browser.browser_logs() if e["level"] == "SEVERE"]
    assert all("999999" in p and "404" in p for p in problems), problems


def test_the_overlay_background_is_transparent(system, browser):
    browser.open("/overlay")
    browser.find("#overlay[data-state]")
    colors = browser.execute_script(
        "return [getComputedStyle(document.documentElement).backgroundColor,"
        " getComputedStyle(document.body).backgroundColor]")
    assert colors == ["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]
