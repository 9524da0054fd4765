"""History page (#/history): sessions by day, pages by limit/before and
X-Prev-Last-Date, archive/unarchive, and bulk actions behind a confirmation."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pages_support import assert_console_clean, go, no_injected_markup, unlabelled_controls, wider_than_phone


def row(page, session_id):
    return f'li[data-session-id="{session_id}"]'


def shown_ids(page):
    # One script call reads the list at one instant: element handles held
    # across a re-render would go stale.
    return page.execute_script(
        "return [...document.querySelectorAll('li.history-row')].map(e => Number(e.dataset.sessionId))")


def wait_list(page):
    page.wait().until(lambda d: d.find_element(By.ID, "history-list").get_attribute("aria-busy") == "false")


def test_sessions_grouped_by_day_with_notes_as_text(browser, admin_login, api, screenshot):
    notes = '<script>window.__pwned=1</script> Friday <img src=x onerror="window.__pwned=2">'
    closed = api.new_session(notes, games=[1, 2], close=True)
    active = api.new_session("Still going")
    admin_login(browser)
    go(browser, "history")
    wait_list(browser)
    item = browser.find(row(browser, closed))
    assert item.find_element(By.CSS_SELECTOR, ".history-notes").text == notes
    assert "2 games" in item.text
    assert no_injected_markup(browser)
    # The day heading names the local date of the sessions under it.
    day = browser.execute_script(
        "return document.querySelector(arguments[0]).closest('section').querySelector('h2').textContent", row(browser, closed))
    expected = browser.execute_script(
        "return new Date(arguments[0]).toLocaleDateString(undefined, {weekday:'long', year:'numeric', month:'long', day:'numeric'})",
        api.ok("GET", f"/api/sessions/{closed}")["created_at"])
    assert day == expected
    # The running session cannot be selected or archived.
    active_row = browser.find(row(browser, active))
    assert not active_row.find_element(By.CSS_SELECTOR, "input.history-select").is_enabled()
    assert active_row.find_elements(By.CSS_SELECTOR, "[data-action]") == []
    assert unlabelled_controls(browser) == []
    assert wider_than_phone(browser) == []
    screenshot(browser, "history")
    assert_console_clean(browser)


def test_pages_follow_the_prev_last_date_cursor(browser, admin_login, api):
    for n in range(12):
        api.new_session(f"paging {n}", close=True)
    status, first = api.call("GET", "/api/sessions?filter=default&limit=10")
    assert status == 200
    admin_login(browser)
    go(browser, "history")
    wait_list(browser)
    assert shown_ids(browser) == [s["id"] for s in first]
    assert browser.find("#history-newer").get_attribute("disabled") is not None

    browser.find("#history-older").click()
    browser.wait_text("#history-page", lambda t: t == "Page 2")
    wait_list(browser)
    # Page 2 is what the API gives for before=<last created_at of page 1>.
    second = api.ok("GET", "/api/sessions?filter=default&limit=10&before=" + first[-1]["created_at"])
    assert shown_ids(browser) == [s["id"] for s in second]

    browser.find("#history-newer").click()
    browser.wait_text("#history-page", lambda t: t == "Page 1")
    wait_list(browser)
    assert shown_ids(browser) == [s["id"] for s in first]

    # A bigger page shows more, from the top again (and is remembered).
    Select(browser.find("#history-limit")).select_by_value("25")
    browser.wait().until(lambda d: len(shown_ids(browser)) > 10)
    wait_list(browser)
    expected = api.ok("GET", "/api/sessions?filter=default&limit=25")
    assert shown_ids(browser) == [s["id"] for s in expected]
    assert browser.execute_script("return localStorage.getItem('gamenight.history.limit')") == "25"
    assert_console_clean(browser)


def test_archive_then_unarchive(browser, admin_login, api):
    session_id = api.new_session("to archive", games=[3], close=True)
    api.close_active()
    admin_login(browser)
    go(browser, "history")
    wait_list(browser)
    browser.find(row(browser, session_id) + ' [data-action="archive"]').click()
    browser.wait_text("#history-msg", lambda t: t == f"Session #{session_id} archived.")
    browser.gone(row(browser, session_id))
    assert api.ok("GET", f"/api/sessions/{session_id}")["archived"] == 1

    Select(browser.find("#history-filter")).select_by_value("archived")
    unarchive = browser.find(row(browser, session_id) + ' [data-action="unarchive"]')
    assert "Archived" in browser.find(row(browser, session_id)).text
    unarchive.click()
    browser.wait_text("#history-msg", lambda t: t == f"Session #{session_id} unarchived.")
    browser.gone(row(browser, session_id))
    assert api.ok("GET", f"/api/sessions/{session_id}")["archived"] == 0

    Select(browser.find("#history-filter")).select_by_value("default")
    browser.find(row(browser, session_id))
    assert_console_clean(browser)


def test_bulk_delete_asks_first(browser, admin_login, api, screenshot):
    keep, gone_a, gone_b = (api.new_session(f"bulk {n}", games=[4], close=True) for n in range(3))
    admin_login(browser)
    go(browser, "history")
    wait_list(browser)
    for session_id in (gone_a, gone_b):
        browser.find(f"#history-select-{session_id}").click()
    browser.wait_text("#history-selected-count", lambda t: t == "2 selected")

    browser.find("#history-bulk-delete").click()
    dialog = browser.visible("dialog.confirm-dialog")
    assert "2 sessions" in dialog.text
    screenshot(browser, "history-confirm")
    # Focus starts on Cancel: Enter alone must not delete.
    assert browser.switch_to.active_element.text == "Cancel"
    browser.switch_to.active_element.send_keys("\n")
    browser.gone("dialog.confirm-dialog")
    for session_id in (keep, gone_a, gone_b):
        assert api.call("GET", f"/api/sessions/{session_id}")[0] == 200

    browser.find("#history-bulk-delete").click()
    browser.visible('dialog.confirm-dialog [data-confirm="ok"]').click()
    browser.wait_text("#history-msg", lambda t: t == "2 sessions deleted.")
    browser.gone(row(browser, gone_a))
    browser.gone(row(browser, gone_b))
    assert api.call("GET", f"/api/sessions/{gone_a}")[0] == 404
    assert api.call("GET", f"/api/sessions/{gone_b}")[0] == 404
    assert api.call("GET", f"/api/sessions/{keep}")[0] == 200
    assert browser.text_of("#history-selected-count") == "None selected"
    assert_console_clean(browser)


def test_bulk_archive_selected(browser, admin_login, api):
    ids = [api.new_session(f"bulk archive {n}", close=True) for n in range(2)]
    admin_login(browser)
    go(browser, "history")
    wait_list(browser)
    for session_id in ids:
        browser.find(f"#history-select-{session_id}").click()
    browser.find("#history-bulk-archive").click()
    browser.visible('dialog.confirm-dialog [data-confirm="ok"]').click()
    browser.wait_text("#history-msg", lambda t: t == "2 sessions archived.")
    for session_id in ids:
        browser.gone(row(browser, session_id))
        assert api.ok("GET", f"/api/sessions/{session_id}")["archived"] == 1
    assert_console_clean(browser)


def test_leaving_the_page_closes_the_confirmation(browser, admin_login, api):
    session_id = api.new_session("left open", close=True)
    admin_login(browser)
    go(browser, "history")
    wait_list(browser)
    browser.find(f"#history-select-{session_id}").click()
    browser.find("#history-bulk-delete").click()
    browser.visible("dialog.confirm-dialog")
    browser.back()  # the browser's Back button: a hash change under the modal
    browser.gone("dialog.confirm-dialog")
    browser.wait().until(lambda d: d.find_element(By.ID, "view").get_attribute("data-page") == "tonight")
    assert api.call("GET", f"/api/sessions/{session_id}")[0] == 200, "nothing was deleted"
    assert_console_clean(browser)
