"""The gateway restarts: Tonight and the overlay reconnect by themselves and
keep updating without a reload."""
import os
import signal
import time

from monitors import wait_until
from pages import add_game_ok, open_tonight, playable_game_ids, ready_session


def restart_gateway(system):
    old = system.pid("api-gateway")
    os.kill(old, signal.SIGKILL)
    # The supervisor starts a new one.
    wait_until(lambda: system.pid("api-gateway") not in (None, old), 15, "a new api-gateway")
    system.wait_healthy(30)


def test_pages_reconnect_after_a_gateway_restart(system, token, browser, second_browser, login):
    session = ready_session(system, token)
    one, two = playable_game_ids(system, 2)
    add_game_ok(system, token, session["id"], one)
    open_tonight(browser, login)
    second_browser.open("/overlay")
    second_browser.find("#overlay[data-live=open]", timeout=15)
    browser.execute_script("window.__notReloaded = true")
    second_browser.execute_script("window.__notReloaded = true")

    restart_gateway(system)
    started = time.time()
    browser.find("#live-status[data-status=open]", timeout=20)
    second_browser.find("#overlay[data-live=open]", timeout=20)
    print(f"\nreconnected {time.time() - started:.2f} s after the new gateway was healthy")

    game = add_game_ok(system, token, session["id"], two)
    browser.find(f'#games li[data-session-game-id="{game["id"]}"]', timeout=10)
    second_browser.wait_text("#overlay-title", lambda t: t == game["title"])
    assert browser.execute_script("return window.__notReloaded ?? false") is True
    assert second_browser.execute_script("return window.__notReloaded ?? false") is True
