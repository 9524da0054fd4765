"""Helpers shared by the browser tests: the API side of a scenario and
in-page timing."""
import time

from helpers import add_game_ok, close_active, fresh_session, playable_game_ids


def ready_session(system, token, notes=None):
    """A fresh active session (any other one closed)."""
    return fresh_session(system, token, notes)


def open_tonight(page, login):
    """Logs in (a fresh browser) and waits for Tonight's live feed."""
    login(page)
    page.find("#live-status[data-status=open]", timeout=15)
    return page


def watch_for(page, css):
    """Starts a MutationObserver in the page that records Date.now() when an
    element matching `css` first exists (window.__seenAt[css])."""
    page.execute_script("""
        const css = arguments[0];
        window.__seenAt = window.__seenAt || {};
        delete window.__seenAt[css];
        if (document.querySelector(css)) { window.__seenAt[css] = Date.now(); return; }
        const observer = new MutationObserver(() => {
            if (document.querySelector(css)) { window.__seenAt[css] = Date.now(); observer.disconnect(); }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    """, css)


def seen_at(page, css, timeout=10):
    """Date.now() (ms) at which `css` appeared, waiting up to `timeout` s."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = page.execute_script("return (window.__seenAt || {})[arguments[0]] ?? null", css)
        if value is not None:
            return value
        time.sleep(0.02)
    raise AssertionError(f"{css} never appeared")


__all__ = ["add_game_ok", "close_active", "playable_game_ids", "ready_session", "open_tonight", "watch_for", "seen_at"]
