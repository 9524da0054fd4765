"""Browser tests of the dashboard and the overlay: the real executables (with
a fake ecast for the room monitors) and headless Chromium through Selenium.

Fixtures:
- `fake`, `system`: one fake ecast and one running system for the whole run.
- `token`: an admin token (API calls from the tests).
- `browser`, `second_browser`: Chromium windows (separate profiles), closed
  after the test; browser console logs (incl. CSP violations) are kept.
- `login(driver)`: logs in through the login page, lands on Tonight.
- `screenshot(driver, name)`: PNGs at desktop and phone width (device
  emulation, 390 CSS pixels; no sideways overflow allowed), light and dark
  colour scheme, under Tests/browser/screenshots/ (git-ignored).
- `assert_no_console_errors(driver)`: fails on any console error, CSP
  violation or failed load since the last call.

Run: `make browser-test` (needs `scripts/ensure-deps.sh --browser`)."""
import os
import pathlib
import shutil
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from contrast import low_contrast_text  # noqa: E402
from fake_ecast import FakeEcast  # noqa: E402
from helpers import admin_key, admin_token  # noqa: E402
from monitors import start_system, stop_system  # noqa: E402

SCREENSHOTS = HERE / "screenshots"
DESKTOP = (1280, 900)
PHONE = (390, 844)
#: A phone's device pixel ratio (an iPhone 12/13/14 is 390×844 CSS pixels at 3×).
PHONE_SCALE = 3


def chromium_paths():
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not binary or not os.path.exists(driver):
        raise RuntimeError("headless Chromium missing: run scripts/ensure-deps.sh --browser")
    return binary, driver


def make_driver():
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--disable-extensions", "--no-first-run", f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
                     "--force-prefers-reduced-motion"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    return driver


class Page:
    """A driver plus the system's base URL and small waiting helpers."""

    def __init__(self, driver, base):
        self.driver = driver
        self.base = base
        self.logs = []

    def __getattr__(self, name):
        return getattr(self.driver, name)

    def open(self, path="/"):
        self.driver.get(self.base + path)

    def wait(self, timeout=10):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.02)

    def find(self, css, timeout=10):
        return self.wait(timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def visible(self, css, timeout=10):
        return self.wait(timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def gone(self, css, timeout=10):
        return self.wait(timeout).until_not(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def text_of(self, css, timeout=10):
        return self.find(css, timeout).text

    def wait_text(self, css, predicate, timeout=10, what=None):
        """Waits until the element's text satisfies predicate (str → bool); returns the text."""
        def check(_):
            try:
                elements = self.driver.find_elements(By.CSS_SELECTOR, css)
                return elements and predicate(elements[0].text) and elements[0].text
            except Exception:  # noqa: BLE001 - stale element: poll again
                return False
        try:
            return self.wait(timeout).until(check)
        except Exception as error:
            elements = self.driver.find_elements(By.CSS_SELECTOR, css)
            seen = elements[0].text if elements else "<missing>"
            raise AssertionError(f"{what or css}: text never matched; last seen {seen!r}") from error

    def browser_logs(self):
        """Console entries since the last call (Chromium drains them)."""
        entries = self.driver.get_log("browser")
        self.logs.extend(entries)
        return entries


@pytest.fixture(scope="session")
def fake():
    f = FakeEcast().start()
    yield f
    f.stop()


@pytest.fixture(scope="session")
def system(tmp_path_factory, fake):
    system = start_system(tmp_path_factory.mktemp("browser"), fake)
    yield system
    stop_system(system)


@pytest.fixture
def token(system):
    return admin_token(system)


@pytest.fixture
def browser(system):
    page = Page(make_driver(), system.base)
    yield page
    page.driver.quit()


@pytest.fixture
def second_browser(system):
    page = Page(make_driver(), system.base)
    yield page
    page.driver.quit()


@pytest.fixture
def api(system, token):
    """The API as the pages' tests drive it (pages_support.Api)."""
    from pages_support import Api  # pages_support imports this module
    return Api(system.base, token)


@pytest.fixture
def admin_login(system):
    """admin_login(page): signs in with the admin key (pages_support.sign_in:
    returns without waiting for Tonight, with the console log cleared)."""
    from pages_support import sign_in
    return lambda page: sign_in(page, admin_key(system))


@pytest.fixture
def login(system):
    """login(page): logs in through the form; returns once Tonight shows."""
    def do(page):
        page.open("/#/login")
        key = page.visible("#admin-key")
        key.send_keys(admin_key(system))
        page.find("form.login button[type=submit]").click()
        page.wait(15).until(lambda d: d.current_url.endswith("#/tonight"))
        page.find("[data-page=tonight] h1")
        return page
    return do


def next_frame(driver):
    """Waits two animation frames: the layout after a resize or a media change is painted."""
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def emulate(driver, size, mobile, dark):
    """A real device viewport and colour scheme through the DevTools protocol.
    Resizing the headless window is not enough for a phone: Chromium keeps a
    minimum window width and lays a 390-pixel window out about 500 pixels
    wide, while device emulation gives the page exactly `width` CSS pixels
    (and, with `mobile`, honours the viewport meta tag like a phone does)."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": PHONE_SCALE if mobile else 1, "mobile": mobile})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "", "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
    next_frame(driver)


def clear_emulation(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    next_frame(driver)


def layout_width(driver):
    """[clientWidth, scrollWidth] of the document: wider scroll = horizontal overflow."""
    return driver.execute_script(
        "const e = document.documentElement; return [e.clientWidth, e.scrollWidth];")


def overflowing_elements(driver):
    """The elements sticking out of the viewport on the right (for a useful failure message)."""
    return driver.execute_script("""
        const limit = document.documentElement.clientWidth + 1, out = [];
        for (const el of document.querySelectorAll('body *')) {
          const box = el.getBoundingClientRect();
          if (box.width > 0 && box.right > limit) out.push(`${el.tagName}#${el.id}.${el.className} ${Math.round(box.right)}px`);
        }
        return out.slice(0, 20);""")


def take_screenshots(page, name):
    """PNGs of the page as it is: desktop and phone, each in the light and
    the dark colour scheme (`<name>-desktop.png`, `<name>-phone-dark.png`…).
    Each time it checks the text is readable (`contrast.low_contrast_text`);
    at phone width, that the viewport really is PHONE[0] CSS pixels wide and
    that nothing makes the page scroll sideways."""
    SCREENSHOTS.mkdir(exist_ok=True)
    saved = []
    try:
        for theme in ("light", "dark"):
            for label, size, mobile in (("desktop", DESKTOP, False), ("phone", PHONE, True)):
                emulate(page.driver, size, mobile, dark=theme == "dark")
                unreadable = low_contrast_text(page.driver)
                assert not unreadable, f"{name} ({label}, {theme}): text below the contrast minimum: {unreadable}"
                if mobile:
                    client, scroll = layout_width(page.driver)
                    assert client == PHONE[0], f"{name}: phone viewport is {client}px wide, not {PHONE[0]}"
                    assert scroll <= client, (f"{name} ({theme}): horizontal overflow at {client}px "
                                              f"(scrollWidth {scroll}): {overflowing_elements(page.driver)}")
                suffix = "" if theme == "light" else "-dark"
                path = SCREENSHOTS / f"{name}-{label}{suffix}.png"
                page.driver.save_screenshot(str(path))
                saved.append(path)
    finally:
        clear_emulation(page.driver)
    return saved


@pytest.fixture
def screenshot():
    return take_screenshots


def console_problems(entries):
    """Errors, CSP violations and failed loads among console entries."""
    problems = []
    for entry in entries:
        message = entry.get("message", "")
        if entry.get("level") == "SEVERE" or "Content Security Policy" in message or "Refused to" in message:
            problems.append(message)
    return problems


def check_console(page):
    problems = console_problems(page.browser_logs())
    assert not problems, "browser console errors:\n" + "\n".join(problems)


@pytest.fixture
def assert_no_console_errors():
    return check_console

