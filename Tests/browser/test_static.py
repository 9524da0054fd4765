"""The dashboard's files as HTTP serves them (types, validators, CSP, HEAD,
404), the source rules (no inline code, no HTML from strings), and every
page loading without a console error or CSP violation, with screenshots at
desktop and phone width."""
import pathlib
import re

import pytest

from conftest import DESKTOP, clear_emulation, emulate
from contrast import relative_luminance
from gamenight import curl, raw_exchange
from pages import add_game_ok, open_tonight, playable_game_ids, ready_session

WEB = pathlib.Path(__file__).resolve().parents[2] / "Services/api-gateway/Resources/web"
TYPES = {"/": "text/html; charset=utf-8", "/overlay": "text/html; charset=utf-8",
         "/js/app.js": "text/javascript; charset=utf-8", "/css/base.css": "text/css; charset=utf-8",
         "/favicon.svg": "image/svg+xml"}


def served_files():
    return sorted(p.relative_to(WEB).as_posix() for p in WEB.rglob("*") if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("path,content_type", sorted(TYPES.items()))
def test_files_are_served_with_type_validators_and_security_headers(system, path, content_type):
    r = curl("GET", system.base + path)
    assert r.status == 200, r
    assert r.headers["content-type"] == content_type
    assert re.fullmatch(r'"[0-9a-f]{32}"', r.headers["etag"])
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    csp = r.headers["content-security-policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                      "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    # Revalidation: the same tag gets 304 without a body; another tag the file.
    again = curl("GET", system.base + path, headers={"If-None-Match": r.headers["etag"]})
    assert (again.status, again.body, again.headers["etag"]) == (304, b"", r.headers["etag"])
    stale = curl("GET", system.base + path, headers={"If-None-Match": '"0123"'})
    assert stale.status == 200 and stale.body == r.body
    # HEAD: the GET's head (same length and tag), no body.
    raw = raw_exchange(system.port, f"HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    head, _, rest = raw.partition(b"\r\n\r\n")
    fields = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip()
              for line in head.decode("latin-1").split("\r\n")[1:]}
    assert head.startswith(b"HTTP/1.1 200") and rest == b""
    assert fields["content-length"] == str(len(r.body))
    assert fields["etag"] == r.headers["etag"]


def test_every_file_of_the_web_root_is_served_as_it_is_on_disk(system):
    for name in served_files():
        r = curl("GET", f"{system.base}/{name}")
        assert r.status == 200, name
        assert r.body == (WEB / name).read_bytes(), name


def test_unknown_files_are_404_and_the_api_is_untouched(system):
    for path in ("/nope.js", "/js/nope.js", "/index.htm", "/README.md", "/overlay/x", "/js/"):
        r = curl("GET", system.base + path)
        assert r.status == 404, (path, r)
        assert r.json() == {"error": "Not found"}
    assert curl("GET", system.base + "/health").status == 200
    assert curl("GET", system.base + "/api/openapi.json").json()["openapi"].startswith("3.")
    assert curl("GET", system.base + "/api/sessions/active").status == 200
    assert curl("POST", system.base + "/", body={}).status == 405


def test_no_inline_code_and_no_html_from_strings_in_the_sources():
    for page in WEB.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"{page.name}: inline script"
        assert not re.search(r"\sstyle=|<style", text), f"{page.name}: inline style"
        assert not re.search(r"\son[a-z]+=", text), f"{page.name}: inline handler"
    for script in WEB.rglob("*.js"):
        text = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, f"{script.relative_to(WEB)} uses {sink}"


# --- every page in the browser ----------------------------------------------------------------

def dashboard_routes(session_id):
    """Every route whose page module exists (the picker, history, session and
    catalogue pages come with their own files)."""
    routes = [("tonight", "#/tonight")]
    optional = [("picker", "#/picker"), ("history", "#/history"), ("session", f"#/sessions/{session_id}"),
                ("catalogue", "#/catalogue")]
    routes += [(page, route) for page, route in optional if (WEB / "js/pages" / f"{page}.js").exists()]
    return routes


def settle(page):
    """Lets pending fetches and renders finish."""
    page.execute_script("return new Promise(r => setTimeout(r, 600))")


def test_every_page_loads_without_console_errors(system, token, browser, login, screenshot,
                                                 assert_no_console_errors):
    session = ready_session(system, token, notes="Friday game night")
    for game_id in playable_game_ids(system, 3):
        add_game_ok(system, token, session["id"], game_id)
    browser.open("/#/login")
    browser.visible("#admin-key")
    settle(browser)
    assert_no_console_errors(browser)
    screenshot(browser, "login")
    open_tonight(browser, login)
    for page, route in dashboard_routes(session["id"]):
        browser.open("/" + route)
        browser.refresh()  # a full load of each page, not just a hash change
        browser.find(f"main[data-page={page}] h1", timeout=15)
        settle(browser)
        assert_no_console_errors(browser)
        screenshot(browser, page)
        print(f"\n{route}: ok")


def body_colours(driver):
    """(background, text) luminance of the page body."""
    background, colour = driver.execute_script(
        "const s = getComputedStyle(document.body); return [s.backgroundColor, s.color];")
    return relative_luminance(background), relative_luminance(colour)


def test_the_dark_theme_follows_the_system_setting(system, token, browser, login):
    """With `prefers-color-scheme: dark` every page turns dark (light text on
    a dark background), and back to light without it."""
    session = ready_session(system, token)
    browser.open("/#/login")
    browser.visible("#admin-key")
    pages = [("login", None)]
    open_tonight(browser, login)
    pages += dashboard_routes(session["id"])
    try:
        for page, route in pages:
            if route:
                browser.open("/" + route)
                browser.find(f"main[data-page={page}] h1", timeout=15)
            emulate(browser.driver, DESKTOP, mobile=False, dark=False)
            light_bg, light_text = body_colours(browser.driver)
            emulate(browser.driver, DESKTOP, mobile=False, dark=True)
            dark_bg, dark_text = body_colours(browser.driver)
            assert light_bg > 0.8 and light_text < 0.05, (page, "light", light_bg, light_text)
            assert dark_bg < 0.05 and dark_text > 0.6, (page, "dark", dark_bg, dark_text)
    finally:
        clear_emulation(browser.driver)


def test_the_overlay_loads_without_console_errors(system, token, browser, screenshot, assert_no_console_errors):
    session = ready_session(system, token)
    add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    for path in ("/overlay", f"/overlay?session={session['id']}"):
        browser.open(path)
        browser.find("#overlay[data-state=playing]", timeout=15)
        settle(browser)
        assert_no_console_errors(browser)
    screenshot(browser, "overlay")


def test_no_session_view_and_keyboard_focus(system, token, browser, login, screenshot, assert_no_console_errors):
    from helpers import close_active
    close_active(system, token)
    open_tonight(browser, login)
    browser.visible("#start-form")
    screenshot(browser, "tonight-no-session")
    # Every control has a label; the focus ring is visible.
    unlabeled = browser.execute_script("""
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(c => c.type !== 'hidden' && !(c.labels && c.labels.length) && !c.getAttribute('aria-label'))
          .map(c => c.outerHTML)""")
    assert unlabeled == []
    from selenium.webdriver.common.keys import Keys
    browser.find("body").send_keys(Keys.TAB)
    outline = browser.execute_script(
        "const e = document.activeElement; return [e.tagName, getComputedStyle(e).outlineStyle]")
    assert outline[0] in ("A", "BUTTON", "INPUT") and outline[1] != "none", outline
    assert_no_console_errors(browser)
