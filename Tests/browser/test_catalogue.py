"""Catalogue page (#/catalogue): search and filters, create/edit/delete,
enable toggles, pack toggle and favor, game favor, CSV export and import."""
import csv
import io
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from pages_support import assert_console_clean, enable_downloads, go, no_injected_markup, wait_download, unlabelled_controls, wider_than_phone


@pytest.fixture
def own_pack(api):
    """A pack of two games of this test's own, so nothing seeded is changed."""
    pack = f"Test Pack {uuid.uuid4().hex[:6]}"
    games = [api.ok("POST", "/api/games", {"pack_name": pack, "title": f"{pack} Game {n}", "min_players": 2,
                                           "max_players": 6, "game_type": "Trivia"}) for n in (1, 2)]
    return pack, games


def item(game_id):
    return f'li[data-game-id="{game_id}"]'


def open_catalogue(page, admin_login):
    admin_login(page)
    go(page, "catalogue")
    page.wait_text("#cat-count", lambda t: "games" in t)


def unfold(page, name):
    """Opens the folded Packs or CSV section and waits until its content shows."""
    page.find(f"#{name}-summary").click()
    page.wait().until(lambda d: d.execute_script(f"return document.getElementById('{name}-fold').open"))
    page.visible(f"#{name}-fold > :not(summary)")


def search(page, text):
    box = page.find("#cat-search")
    box.clear()
    box.send_keys(text)


def test_edit_toggle_and_favor(browser, admin_login, api, own_pack, screenshot):
    pack, (game, other) = own_pack
    open_catalogue(browser, admin_login)
    search(browser, pack)
    browser.wait_text("#cat-count", lambda t: t.startswith("Showing 2 of"))

    browser.find(item(game["id"]) + ' [data-action="edit"]').click()
    browser.visible("dialog.form-dialog")
    assert unlabelled_controls(browser) == []
    screenshot(browser, "catalogue-edit")
    title = browser.find("#game-form-title")
    title.clear()
    title.send_keys(game["title"] + " Deluxe")
    players = browser.find("#game-form-max_players")
    players.clear()
    players.send_keys("10")
    browser.find("#game-form-ticker").send_keys("zzq9")
    browser.find("#game-form-save").click()
    browser.gone("dialog.form-dialog")
    browser.wait_text(item(game["id"]) + " .game-title", lambda t: "Deluxe" in t)
    saved = api.ok("GET", f"/api/games/{game['id']}")
    assert (saved["title"], saved["max_players"], saved["ticker"]) == (game["title"] + " Deluxe", 10, "ZZQ9")
    assert browser.switch_to.active_element.get_attribute("data-action") == "edit", "focus returns to Edit"

    box = browser.find(f"#game-enabled-{game['id']}")
    box.click()
    browser.wait_text("#cat-msg", lambda t: t.endswith("disabled."))
    assert api.ok("GET", f"/api/games/{game['id']}")["enabled"] == 0
    assert "is-disabled" in browser.find(item(game["id"])).get_attribute("class")
    box.send_keys(Keys.SPACE)  # the keyboard alone flips it back
    browser.wait_text("#cat-msg", lambda t: t.endswith("enabled."))
    assert api.ok("GET", f"/api/games/{game['id']}")["enabled"] == 1

    Select(browser.find(f"#game-favor-{game['id']}")).select_by_value("1")
    browser.wait_text("#cat-msg", lambda t: "favor set to more often" in t)
    assert api.ok("GET", f"/api/games/{game['id']}")["favor_bias"] == 1
    assert api.ok("GET", f"/api/games/{other['id']}")["favor_bias"] == 0
    assert unlabelled_controls(browser) == []
    assert wider_than_phone(browser) == []
    screenshot(browser, "catalogue")
    assert_console_clean(browser)


def test_pack_toggle_and_favor(browser, admin_login, api, own_pack):
    pack, games = own_pack
    open_catalogue(browser, admin_login)
    unfold(browser, "packs")
    selector = f'li[data-pack="{pack}"]'
    browser.find(selector + ' button[data-action="disable"]').click()
    browser.wait_text("#cat-msg", lambda t: t == f"{pack}: 2 games disabled.")
    assert [api.ok("GET", f"/api/games/{g['id']}")["enabled"] for g in games] == [0, 0]
    browser.wait_text(selector, lambda t: "0 of 2 games enabled" in t)
    browser.find(selector + ' button[data-action="enable"]').click()
    browser.wait_text("#cat-msg", lambda t: t == f"{pack}: 2 games enabled.")
    assert [api.ok("GET", f"/api/games/{g['id']}")["enabled"] for g in games] == [1, 1]

    Select(browser.find(selector + " select")).select_by_value("-1")
    browser.wait_text("#cat-msg", lambda t: "favor set to less often" in t)
    favors = {p["name"]: p["favor_bias"] for p in api.ok("GET", "/api/games/packs")}
    assert favors[pack] == -1
    assert_console_clean(browser)


def test_create_and_delete_a_game(browser, admin_login, api):
    pack = f"Made Here {uuid.uuid4().hex[:6]}"
    open_catalogue(browser, admin_login)
    browser.find("#cat-add").click()
    browser.visible("dialog.form-dialog")
    for field, value in (("title", "Brand New"), ("pack_name", pack), ("min_players", "3"), ("max_players", "5")):
        browser.find(f"#game-form-{field}").send_keys(value)
    browser.find("#game-form-family_friendly").click()
    browser.find("#game-form-save").click()
    browser.gone("dialog.form-dialog")
    browser.wait_text("#cat-msg", lambda t: t == "Added Brand New.")
    created = [g for g in api.games() if g["pack_name"] == pack]
    assert [(g["title"], g["min_players"], g["max_players"], g["family_friendly"], g["enabled"]) for g in created] == \
        [("Brand New", 3, 5, 1, 1)]

    search(browser, pack)
    browser.find(item(created[0]["id"]) + ' [data-action="delete"]').click()
    browser.visible('dialog.confirm-dialog [data-confirm="ok"]').click()
    browser.wait_text("#cat-msg", lambda t: t == "Deleted Brand New.")
    assert api.call("GET", f"/api/games/{created[0]['id']}")[0] == 404

    # A game a session played cannot be deleted: the API's reason is shown.
    played = api.ok("POST", "/api/games", {"pack_name": pack, "title": "Played One", "min_players": 2, "max_players": 4})
    api.new_session("uses it", games=[played["id"]], close=True)
    browser.refresh()
    browser.wait_text("#cat-count", lambda t: "games" in t)
    search(browser, "Played One")
    browser.find(item(played["id"]) + ' [data-action="delete"]').click()
    browser.visible('dialog.confirm-dialog [data-confirm="ok"]').click()
    message = browser.wait_text("#cat-msg.page-msg-error", bool)
    assert api.call("GET", f"/api/games/{played['id']}")[0] == 200
    assert message
    assert_console_clean(browser, expected_failures=[(f"/api/games/{played['id']}", 409)])


def test_csv_round_trip(browser, admin_login, api, own_pack, tmp_path, screenshot):
    pack, (game, _) = own_pack
    downloads = tmp_path / "downloads"
    open_catalogue(browser, admin_login)
    enable_downloads(browser.driver, downloads)
    unfold(browser, "csv")
    browser.find("#csv-export").click()
    exported = wait_download(downloads, "games.csv")
    status, expected = api.call("GET", "/api/games/export/csv", raw=True)
    assert status == 200 and exported == expected

    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    target = next(r for r in rows if r["pack_name"] == pack and r["title"] == game["title"])
    target["max_players"] = "9"
    target["game_type"] = 'Trivia, "quoted"'
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "games-edited.csv"
    path.write_text(out.getvalue(), encoding="utf-8")

    browser.find("#csv-file").send_keys(str(path))
    browser.find("#csv-import").click()
    message = browser.wait_text("#csv-msg", lambda t: t.startswith("Import complete"))
    assert message.startswith("Import complete: 0 added,")
    saved = api.ok("GET", f"/api/games/{game['id']}")
    assert (saved["max_players"], saved["game_type"]) == (9, 'Trivia, "quoted"')
    # The list was reloaded with the change.
    search(browser, game["title"])
    browser.wait_text(item(game["id"]), lambda t: "2–9 players" in t)
    screenshot(browser, "catalogue-csv")
    assert_console_clean(browser)


def test_csv_bad_rows_show_line_numbers(browser, admin_login, api, tmp_path):
    pack = f"Bad CSV {uuid.uuid4().hex[:6]}"
    path = tmp_path / "bad.csv"
    path.write_text("pack_name,title,min_players,max_players\r\n"
                    f"{pack},Fine Game,2,4\r\n"
                    f"{pack},Backwards,6,2\r\n"
                    f"{pack},Wordy,two,4\r\n", encoding="utf-8")
    open_catalogue(browser, admin_login)
    unfold(browser, "csv")
    browser.find("#csv-file").send_keys(str(path))
    browser.find("#csv-import").click()
    browser.wait_text("#csv-msg", lambda t: "nothing was changed" in t)
    lines = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#csv-errors li")]
    assert len(lines) == 2
    assert lines[0].startswith("Line 3: ") and "max_players" in lines[0]
    assert lines[1].startswith("Line 4: ") and "min_players" in lines[1]
    assert [g for g in api.games() if g["pack_name"] == pack] == [], "all or nothing"
    assert_console_clean(browser, expected_failures=[("/api/games/import/csv", 400)])


def test_markup_in_title_and_pack_is_text(browser, admin_login, api):
    pack = '<script>window.__pwned=1</script>Pack'
    title = '<img src=x onerror="window.__pwned=2">Title'
    game = api.ok("POST", "/api/games", {"pack_name": pack, "title": title, "min_players": 2, "max_players": 4})
    open_catalogue(browser, admin_login)
    search(browser, "window.__pwned")
    row = browser.find(item(game["id"]))
    assert row.find_element(By.CSS_SELECTOR, ".game-title").text == title
    assert pack in row.text
    unfold(browser, "packs")
    assert browser.find_elements(By.XPATH, f"//li[@data-pack]//p[.={xpath_literal(pack)}]")
    options = [o.text for o in Select(browser.find("#cat-pack")).options]
    assert pack in options
    assert no_injected_markup(browser)
    assert_console_clean(browser)


def test_search_and_pack_filter(browser, admin_login, api, own_pack):
    pack, games = own_pack
    open_catalogue(browser, admin_login)
    total = len(api.games())
    browser.wait_text("#cat-count", lambda t: t == f"{total} games")
    Select(browser.find("#cat-pack")).select_by_value(pack)
    browser.wait_text("#cat-count", lambda t: t == "2 games")
    search(browser, "game 2")
    browser.wait_text("#cat-count", lambda t: t == "Showing 1 of 2 games")
    assert [e.get_attribute("data-game-id") for e in browser.find_elements(By.CSS_SELECTOR, "li.game-item")] == \
        [str(games[1]["id"])]
    assert_console_clean(browser)


def xpath_literal(text):
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in text.split('"')) + ")"
