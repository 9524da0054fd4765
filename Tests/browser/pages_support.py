"""Helpers for the picker, history, session and catalogue browser tests:
setting up data through the real API (urllib, loopback only) and waiting
for the page to show it."""
import json
import os
import pathlib
import time
import urllib.error
import urllib.request

from conftest import console_problems


class Api:
    """The gateway's JSON API with an admin token, for test setup and checks."""

    def __init__(self, base, token):
        self.base = base
        self.token = token

    def call(self, method, path, body=None, auth=True, raw=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        if raw:
            return status, payload
        return status, (json.loads(payload) if payload else None)

    def ok(self, method, path, body=None):
        status, payload = self.call(method, path, body)
        assert 200 <= status < 300, f"{method} {path} -> {status} {payload}"
        return payload

    def close_active(self):
        active = self.ok("GET", "/api/sessions/active")
        if active and isinstance(active.get("id"), int):
            self.ok("POST", f"/api/sessions/{active['id']}/close")

    def new_session(self, notes="", games=(), close=False):
        """A session (closing any active one first) with the given games.id list."""
        self.close_active()
        session = self.ok("POST", "/api/sessions", {"notes": notes})
        for game_id in games:
            self.ok("POST", f"/api/sessions/{session['id']}/games", {"game_id": game_id})
        if close:
            self.ok("POST", f"/api/sessions/{session['id']}/close")
        return session["id"]

    def games(self, **query):
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        return self.ok("GET", "/api/games" + suffix)


def go(page, route):
    """Opens a hash route and waits until the router has mounted that page module."""
    page.open(f"/#/{route}")
    name = route.split("/")[0]
    name = "session" if name == "sessions" else name
    page.wait().until(lambda d: d.execute_script(
        "const v = document.getElementById('view');"
        "return v && v.dataset.page === arguments[0] && v.querySelector('h1') !== null;", name))


def assert_console_clean(page, expected_failures=()):
    """No console error or CSP violation, except the failed loads a test
    provokes on purpose: `expected_failures` are (URL fragment, status) pairs,
    matched against Chromium's "Failed to load resource" lines."""
    problems = []
    for message in console_problems(page.browser_logs()):
        expected = any(fragment in message and f"status of {status}" in message
                       for fragment, status in expected_failures)
        if not expected:
            problems.append(message)
    assert not problems, "browser console errors:\n" + "\n".join(problems)


def enable_downloads(driver, directory):
    """Downloads go to `directory` without a prompt (Chrome DevTools protocol)."""
    pathlib.Path(directory).mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(directory)})


def wait_download(directory, name, timeout=15):
    """The finished file's bytes (Chrome writes `<name>.crdownload` first, then renames)."""
    path = pathlib.Path(directory) / name
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and not (pathlib.Path(directory) / (name + ".crdownload")).exists():
            data = path.read_bytes()
            if data:
                return data
        time.sleep(0.1)
    raise AssertionError(f"{name} not downloaded into {directory}: {os.listdir(directory)}")


def no_injected_markup(page):
    """True when no <script> or <img> exists in the page body (all data is text)."""
    return page.execute_script(
        "return document.querySelectorAll('#view script, #view img').length === 0 && window.__pwned === undefined;")


def sign_in(page, key):
    """Logs in through the login form. Unlike the harness's `login` it does
    not wait for the Tonight page's content (these tests are about other
    pages), and it drains the console so what follows is checked on its own."""
    page.open("/#/login")
    page.visible("#admin-key").send_keys(key)
    page.find("form.login button[type=submit]").click()
    page.wait(15).until(lambda d: d.current_url.endswith("#/tonight"))
    # Let the Tonight module load and mount before draining the console.
    page.wait(15).until(lambda d: d.execute_script(
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/js/pages/tonight.js'))"))
    page.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.browser_logs()
    return page


def unlabelled_controls(page):
    """Controls in the page view without an accessible name: no <label for>,
    no wrapping label, no aria-label(ledby), and (buttons) no text."""
    return page.execute_script("""
        const missing = [];
        for (const el of document.querySelectorAll('#view input, #view select, #view textarea, #view button, dialog input, dialog select, dialog button')) {
          if (el.type === 'hidden') continue;
          const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') ||
            el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim() !== '');
          if (!named) missing.push(el.outerHTML.slice(0, 120));
        }
        return missing;""")


def wider_than_phone(page, width=360):
    """Elements of the view that stick out of a `width`-pixel phone screen
    (emulated through the DevTools protocol, then restored)."""
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 780, "deviceScaleFactor": 1, "mobile": True})
    try:
        page.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return page.execute_script("""
            const limit = document.documentElement.clientWidth + 1, out = [];
            for (const el of document.querySelectorAll('#view *')) {
              const box = el.getBoundingClientRect();
              if (box.width > 0 && box.right > limit) out.push(`${el.tagName}.${el.className} ${Math.round(box.right)}px`);
            }
            return out;""")
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
