"""The Jackbox seed catalogue (Services/session-service/Resources/jackbox-games.json):
shape, types and coverage. Reads the file only; no system, no network."""
import collections
import json
import pathlib

import pytest

CATALOGUE = pathlib.Path(__file__).resolve().parents[2] / "Services/session-service/Resources/jackbox-games.json"

KEYS = [
    "pack_name",
    "title",
    "min_players",
    "max_players",
    "length_minutes",
    "has_audience",
    "family_friendly",
    "game_type",
    "secondary_type",
]
GAME_TYPES = {"Writing", "Drawing", "Trivia", "Voting", "Social Deduction", "Party", "Strategy", "Word", "Music", "Other"}
PARTY_PACKS = ["The Jackbox Party Pack"] + [f"The Jackbox Party Pack {n}" for n in range(2, 12)]


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


@pytest.fixture(scope="module")
def games():
    # object_pairs_hook keeps each object's key order as written in the file.
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"), object_pairs_hook=list)
    assert isinstance(data, list) and data, "catalogue must be a non-empty JSON array"
    for pairs in data:
        assert isinstance(pairs, list), f"every element must be an object, got {pairs!r}"
    return data


def test_every_object_has_exactly_the_keys_in_order(games):
    for pairs in games:
        assert [key for key, _ in pairs] == KEYS, pairs


def test_value_types_and_ranges(games):
    for pairs in games:
        game = dict(pairs)
        label = f"{game['pack_name']} / {game['title']}"
        assert isinstance(game["pack_name"], str) and game["pack_name"].strip(), label
        assert isinstance(game["title"], str) and game["title"].strip(), label
        assert is_int(game["min_players"]) and is_int(game["max_players"]), label
        assert 1 <= game["min_players"] <= game["max_players"], label
        assert game["length_minutes"] is None or (is_int(game["length_minutes"]) and game["length_minutes"] > 0), label
        assert is_int(game["has_audience"]) and game["has_audience"] in (0, 1), label
        assert is_int(game["family_friendly"]) and game["family_friendly"] in (0, 1), label
        assert game["game_type"] in GAME_TYPES, label
        assert game["secondary_type"] is None or game["secondary_type"] in GAME_TYPES, label
        assert game["secondary_type"] != game["game_type"], label


def test_pack_and_title_pairs_are_unique(games):
    pairs = collections.Counter((dict(g)["pack_name"], dict(g)["title"]) for g in games)
    duplicates = [pair for pair, count in pairs.items() if count > 1]
    assert not duplicates, duplicates


def test_every_party_pack_1_to_11_has_at_least_five_games(games):
    per_pack = collections.Counter(dict(g)["pack_name"] for g in games)
    for pack in PARTY_PACKS:
        assert per_pack[pack] >= 5, f"{pack}: {per_pack[pack]} games"


def test_naughty_pack_is_not_family_friendly(games):
    naughty = [dict(g) for g in games if dict(g)["pack_name"] == "The Jackbox Naughty Pack"]
    assert naughty and all(g["family_friendly"] == 0 for g in naughty)


def test_file_is_two_space_indented(games):
    text = CATALOGUE.read_text(encoding="utf-8")
    assert text.startswith("[\n  {\n    \"pack_name\"")
