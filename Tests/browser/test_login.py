"""Logging in with the admin key, and the token's lifetime."""
import time

from helpers import admin_claims, jwt_secret, make_jwt


def test_wrong_key_shows_the_error_and_the_right_key_opens_tonight(browser, login, assert_no_console_errors):
    browser.open("/")
    browser.wait().until(lambda d: d.current_url.endswith("#/login"))
    browser.visible("#admin-key").send_keys("not-the-admin-key")
    browser.find("form.login button[type=submit]").click()
    assert browser.wait_text("#login-error", lambda t: t != "") == "Invalid admin key"
    # Only the failed login answer (401) may be in the console.
    entries = browser.browser_logs()
    assert all("401" in e["message"] for e in entries if e["level"] == "SEVERE"), entries
    login(browser)
    assert browser.find("#nav").is_displayed()
    assert browser.find("#logout").is_displayed()
    assert_no_console_errors(browser)


def test_log_out_returns_to_login(browser, login):
    login(browser)
    browser.find("#logout").click()
    browser.wait().until(lambda d: d.current_url.endswith("#/login"))
    assert browser.execute_script("return localStorage.getItem('gamenight.token')") is None
    browser.open("/#/tonight")
    browser.wait().until(lambda d: d.current_url.endswith("#/login"))


def test_the_app_returns_to_login_when_the_token_expires(system, browser, assert_no_console_errors):
    # A real token (signed with the system's secret) that expires in 4 s.
    now = int(time.time())
    token = make_jwt(jwt_secret(system), admin_claims(now=now, lifetime=4))
    browser.open("/#/login")
    browser.execute_script("localStorage.setItem('gamenight.token', arguments[0])", token)
    browser.open("/#/tonight")
    browser.refresh()  # a new page load reads the stored token
    browser.find("[data-page=tonight] h1")
    assert browser.current_url.endswith("#/tonight")
    browser.wait(15).until(lambda d: d.current_url.endswith("#/login"))
    assert time.time() >= now + 4 - 0.5
    assert "expired" in browser.visible("#login-reason").text
    assert browser.execute_script("return localStorage.getItem('gamenight.token')") is None


def test_a_refused_token_returns_to_login(system, browser):
    # Well-formed and unexpired, but signed with another secret: the API refuses it.
    token = make_jwt(b"some other secret", admin_claims())
    browser.open("/#/login")
    browser.execute_script("localStorage.setItem('gamenight.token', arguments[0])", token)
    browser.open("/#/tonight")
    browser.refresh()
    browser.wait(15).until(lambda d: d.current_url.endswith("#/login"))
    assert browser.execute_script("return localStorage.getItem('gamenight.token')") is None
