"""Page weight of Tonight: every byte the browser loads for it (HTML, CSS,
JS modules, icon), uncompressed, from the Resource Timing API. Budget
150 KiB (figures in bench/RESULTS.md)."""
from pages import add_game_ok, open_tonight, playable_game_ids, ready_session

BUDGET = 150 * 1024


def test_the_tonight_page_weighs_at_most_150_kib(system, token, browser, login):
    session = ready_session(system, token)
    add_game_ok(system, token, session["id"], playable_game_ids(system, 1)[0])
    open_tonight(browser, login)
    # A first visit: nothing from the cache, every file counted once.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    browser.refresh()
    browser.find("#games li.game", timeout=15)
    browser.execute_script("return new Promise(r => setTimeout(r, 500))")
    entries = browser.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        return [[nav.name, nav.decodedBodySize]].concat(performance.getEntriesByType('resource')
          .filter(e => !e.name.includes('/api/'))
          .map(e => [e.name, e.decodedBodySize]))""")
    entries = list(dict(entries).items())  # the icon is used twice, loaded once
    total = sum(size for _, size in entries)
    for name, size in sorted(entries, key=lambda e: -e[1]):
        print(f"{size:8d}  {name.split('/', 3)[-1]}")
    print(f"Tonight page weight: {total} bytes ({total / 1024:.1f} KiB) in {len(entries)} files")
    assert all(size > 0 for _, size in entries), entries
    assert total <= BUDGET
