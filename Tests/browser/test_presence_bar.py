"""The presence bar ("Watching: Admin · Catalogue") follows navigation. The
gateway sends at most one presence_update a second, so after quick hops
(inside that second) its last update still names the page left: the window
that moved shows its own move at once, another admin's window gets it with
the gateway's flush, and neither goes back to a stale page afterwards."""
import time

from pages_support import go


def bar_pages(page):
    """The pages named in the presence bar, sorted ([] while it is hidden)."""
    return page.execute_script("""
        const bar = document.getElementById('presence');
        if (!bar || bar.hidden) return [];
        return [...bar.querySelectorAll('li')].map(li => li.textContent.split(' · ').pop()).sort();""")


def wait_bar(page, expected, timeout=3):
    """Waits until the bar lists exactly `expected` pages; fails with what it showed."""
    deadline = time.time() + timeout
    seen = bar_pages(page)
    while time.time() < deadline:
        seen = bar_pages(page)
        if seen == expected:
            return
        time.sleep(0.05)
    raise AssertionError(f"presence bar shows {seen}, expected {expected} within {timeout}s")


def test_quick_navigation_ends_on_the_last_page_in_every_window(browser, second_browser, admin_login):
    admin_login(browser)
    admin_login(second_browser)
    go(second_browser, "history")
    browser.find("#live-status[data-status=open]", timeout=15)
    second_browser.find("#live-status[data-status=open]", timeout=15)
    wait_bar(browser, ["History", "Tonight"], timeout=5)
    wait_bar(second_browser, ["History", "Tonight"], timeout=5)

    # Let the last broadcast age past the gateway's one-second window: the
    # first hop is then sent at once and the next ones wait for its flush.
    time.sleep(1.2)
    # Picker, then Tonight, then Catalogue, by the navigation links.
    started = time.monotonic()
    for route in ("picker", "tonight", "catalogue"):
        browser.find(f"nav a[data-route={route}]").click()
        browser.wait().until(lambda d, r=route: d.execute_script(
            "const v = document.getElementById('view');"
            "return v.dataset.page === arguments[0] && v.querySelector('h1') !== null;", r))
    hops = time.monotonic() - started
    print(f"\nthree hops in {hops * 1000:.0f} ms")
    assert hops < 0.9, f"the hops took {hops:.2f}s: not inside the gateway's one-second window"

    # This window: at once, not with the gateway's flush up to a second later.
    wait_bar(browser, ["Catalogue", "History"], timeout=0.3)
    # The other window: with the flush.
    wait_bar(second_browser, ["Catalogue", "History"], timeout=3)
    # And both stay there (no late stale update).
    time.sleep(1.5)
    assert bar_pages(browser) == ["Catalogue", "History"]
    assert bar_pages(second_browser) == ["Catalogue", "History"]


def test_the_other_window_moving_shows_in_this_one(browser, second_browser, admin_login):
    """The local move applies to this window's own entry only: another
    window's hop shows here when the gateway says so, and this window's
    entry stays on its page."""
    admin_login(browser)
    admin_login(second_browser)
    go(browser, "picker")
    wait_bar(browser, ["Picker", "Tonight"], timeout=5)
    wait_bar(second_browser, ["Picker", "Tonight"], timeout=5)
    second_browser.find("nav a[data-route=history]").click()
    wait_bar(second_browser, ["History", "Picker"], timeout=0.5)
    wait_bar(browser, ["History", "Picker"], timeout=3)
    time.sleep(1.2)
    assert bar_pages(browser) == ["History", "Picker"]
    assert bar_pages(second_browser) == ["History", "Picker"]


def test_own_move_applies_to_one_entry_until_the_gateway_shows_it(browser):
    """`withOwnMove` (components/presence-bar.js), run in the page."""
    browser.open("/#/login")
    browser.visible("#admin-key")
    cases = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        import('/js/components/presence-bar.js').then(({ withOwnMove }) => {
          const a = (name, page) => ({ name, page, since: 'x' });
          const move = { name: 'Ann', from: '#/tonight', to: '#/catalogue' };
          const pages = (r) => [r.admins.map(e => e.name + ' ' + e.page).join(', '), r.settled];
          done([
            pages(withOwnMove([a('Ann', '#/tonight'), a('Bob', '#/tonight')], move)),
            pages(withOwnMove([a('Ann', '#/tonight'), a('Ann', '#/tonight')], move)),
            pages(withOwnMove([a('Ann', '#/catalogue'), a('Bob', '#/tonight')], move)),
            pages(withOwnMove([a('Ann', '#/history')], move)),
            pages(withOwnMove([a('Bob', '#/tonight')], null)),
            pages(withOwnMove([a('Ann', '#/history')], { name: 'Ann', from: null, to: '#/catalogue' })),
          ]);
        }, (error) => done(String(error)));""")
    assert cases == [
        ["Ann #/catalogue, Bob #/tonight", False],   # this admin's entry moves, not Bob's
        ["Ann #/catalogue, Ann #/tonight", False],   # one of two identical entries moves
        ["Ann #/catalogue, Bob #/tonight", True],    # the gateway shows the move: settled
        ["Ann #/history", False],                    # nothing to move: shown as it is
        ["Bob #/tonight", True],                     # no move
        ["Ann #/history", False],                    # a first focus: nothing to move
    ]
