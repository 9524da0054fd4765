"""Browser tests of the dashboard and the overlay: the real executables (with
a fake ecast for the room monitors) and headless Chromium through Selenium.

Fixtures:
- `fake`, `system`: one fake ecast and one running system for the whole run.
- `token`: an admin token (API calls from the tests).
- `browser`, `second_browser`: Chromium windows (separate profiles), closed
  after the test; browser console logs (incl. CSP violations) are kept.
- `login(driver)`: logs in through the login page, lands on Tonight.
- `screenshot(driver, name)`: PNGs at desktop and phone width under
  Tests/browser/screenshots/ (git-ignored).
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

from fake_ecast import FakeEcast  # noqa: E402
from helpers import admin_key, admin_token  # noqa: E402
from monitors import start_system, stop_system  # noqa: E402

SCREENSHOTS = HERE / "screenshots"
DESKTOP = (1280, 900)
PHONE = (390, 844)


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


def take_screenshots(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    saved = []
    for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
        page.driver.set_window_size(width, height)
        page.driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.driver.save_screenshot(str(path))
        saved.append(path)
    page.driver.set_window_size(*DESKTOP)
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
