"""Schemathesis against docs/openapi.json and the real system: every
operation, stateless (the examples, coverage and fuzzing phases, positive and
negative data) and stateful (call sequences that follow the document's
OpenAPI `links`: create a session → add a game to it → change or remove that
session game; create a game → edit/delete it; create a webhook → test/delete
it…), with every check schemathesis has — the equivalent of `--checks all`:
no 5xx, documented status codes, content types, headers and response
schemas, schema-invalid requests refused with a 4xx, schema-valid ones
accepted, auth enforced, deleted resources gone.

Reproducible: the data is derived from fixed seeds (schemathesis's
`deterministic` generation; the stateful run's explicit seed), with no
example database, in CI (CI=true) as locally, so a failure shows up the
same way on every run. The budget (20 examples per operation and phase, 150
scenarios of up to 10 steps) keeps the module to 1–2 minutes on a loaded
2-core machine: about 2,700 stateless cases and 1,200 stateful calls.

Not fuzzed, and why:
- `GET /api/sessions/live` and `/api/sessions/live/public` are WebSocket
  upgrades (test_live_websocket.py, test_live_public.py); an HTTP client
  cannot speak them.
- Login throttling: thousands of wrong keys from 127.0.0.1 would lock the
  address out, so LOGIN_MAX_FAILURES is raised here (test_hardening.py checks
  the real limit).
Outbound traffic stays on loopback: monitors talk to the fake ecast, and a
generated webhook URL gets its scheme and host replaced by a closed loopback
port (its length and the rest kept, so an over-long URL stays over-long).
"""
import re
from collections import Counter

import hypothesis.core
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import Flaky
from schemathesis.core.failures import FailureGroup

from gamenight import REPO
from helpers import admin_token, catalogue, close_active
from monitors import module_fixtures

fake, system, _ = module_fixtures("schemathesis", LOGIN_MAX_FAILURES="1000000")


# A schema-valid request that breaks a rule JSON Schema cannot state is a 400
# the documents prescribe — sessions-api.txt: one active session at a time,
# "Cannot delete an active session", "Session is already closed", "Cannot add
# games to a closed session", "No games played in this session"; extras.md:
# bulk ids that are unknown or active; platform-api.md: min_players <=
# max_players, a CSV whose rows are invalid. On those operations only, 400
# is an accepted answer to valid data.
STATE_RULE_OPERATIONS = ["createSession", "closeSession", "deleteSession", "archiveSession", "addSessionGame",
                         "importSessionChat", "bulkSessions", "createGame", "updateGame", "importCatalogueCSV"]
POSITIVE_EXPECTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]

CONFIG = schemathesis.Config.from_dict({
    "seed": 20240601,
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large", "large_base_example"],
    "generation": {"mode": "all", "max-examples": 20, "deterministic": True, "database": "none",
                   "unique-inputs": True},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
               # Stateful scenarios follow the document's links with valid
               # data (the stateless phases already send invalid data to
               # every operation); schemathesis's own link inference is off,
               # so the transitions are exactly the document's links.
               "stateful": {"enabled": True, "generation": {"mode": "positive"},
                            "inference": {"algorithms": []}}},
    "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED}},
    "operations": [{"include-operation-id": STATE_RULE_OPERATIONS,
                    "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED + ["400"]}}}],
})

SCHEMA = schemathesis.openapi.from_path(str(REPO / "docs" / "openapi.json"), config=CONFIG).exclude(
    operation_id="sessionsLive").exclude(operation_id="sessionsLivePublic")

# Where generated webhook URLs point: a closed port on loopback.
WEBHOOK_TARGET = "http://127.0.0.1:9"
URL_AUTHORITY = re.compile(r"(?i)^https?://[^/?#]*")


def loopback_url(url):
    """`url` aimed at WEBHOOK_TARGET, padded in its path to its old length."""
    match = URL_AUTHORITY.match(url)
    if not match:
        return url
    rest = url[match.end():]
    tail = rest[1:] if rest.startswith("/") else rest
    padding = "x" * max(0, len(url) - len(WEBHOOK_TARGET) - 1 - len(tail))
    return WEBHOOK_TARGET + "/" + padding + tail


# Ids of games in the catalogue (refreshed before the stateless phase and
# before every stateful scenario: the run deletes games and imports
# catalogues in replace mode). A generated game_id for "add a game to a
# session" is mapped onto one of them, so that step can succeed instead of
# always answering "Game not found". Any integer is schema-valid there, so
# the case stays what it was generated as (an out-of-range or non-integer
# game_id, a negative case, is left alone).
GAME_IDS = []


def refresh_game_ids(system):
    GAME_IDS[:] = [game["id"] for game in catalogue(system)]


@pytest.fixture(scope="module")
def call_kwargs(system):
    """Where and as whom every generated request goes (module-scoped: one
    hypothesis run calls the test many times)."""
    refresh_game_ids(system)
    return {"base_url": system.base, "headers": {"Authorization": f"Bearer {admin_token(system)}"}}


@SCHEMA.hook
def map_body(context, body):
    if isinstance(body, dict) and isinstance(body.get("url"), str):
        body = {**body, "url": loopback_url(body["url"])}
    game_id = body.get("game_id") if isinstance(body, dict) else None
    if (context.operation.path == "/api/sessions/{id}/games" and type(game_id) in (int, float)
            and float(game_id).is_integer() and -2**63 < game_id < 2**63 and GAME_IDS):
        body = {**body, "game_id": GAME_IDS[int(abs(game_id)) % len(GAME_IDS)]}
    return body


def test_the_documents_links_are_state_machine_transitions():
    # A link whose operationId or expression schemathesis cannot resolve
    # would silently drop out of the stateful test.
    document = SCHEMA.raw_schema
    declared = {name for item in document["paths"].values() for op in item.values() if isinstance(op, dict)
                for response in op.get("responses", {}).values() for name in response.get("links", {})}
    assert len(declared) >= 25, declared
    transitions = [name for name in dir(SCHEMA.as_state_machine()) if "___" in name]
    missing = sorted(name for name in declared if not any(f"_{name}__" in t for t in transitions))
    assert not missing, missing


# Requests sent, per kind, for the closing summary line (run with -s to see it).
SENT = Counter()


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    print(f"\nschemathesis: {len(list(SCHEMA.get_all_operations()))} operations, "
          f"{SENT['stateless']} stateless cases, {SENT['stateful']} stateful calls "
          f"in {SENT['scenarios']} scenarios ({SENT['runs']} hypothesis runs)")


@SCHEMA.parametrize()
def test_operation(case, call_kwargs):
    SENT["stateless"] += 1
    case.call_and_validate(**call_kwargs)


# Linked steps of which at least one per group must have succeeded, or the
# stateful run never got past creating things (a link whose target always
# fails would otherwise pass unnoticed). Which step of a group hypothesis
# reaches depends on its choices, so each group asks for any of them.
SESSION_GAME_STEPS = [("PATCH", "/api/sessions/{id}/games/{sessionGameId}" + tail)
                      for tail in ["/status", "/room-code", "/player-count"]] + [
    ("DELETE", "/api/sessions/{id}/games/{sessionGameId}"),
    ("GET", "/api/sessions/{id}/games/{sessionGameId}/status-live"),
    ("POST", "/api/sessions/{id}/games/{sessionGameId}/stop-player-check")]
MUST_SUCCEED = {
    "add a game to a created session": [("POST", "/api/sessions/{id}/games")],
    "then change or remove that session game": SESSION_GAME_STEPS,
    "close a created session": [("POST", "/api/sessions/{id}/close")],
    "edit or delete a created game": [("PUT", "/api/games/{id}"), ("DELETE", "/api/games/{id}")],
    "use a created webhook": [("PATCH", "/api/webhooks/{id}"), ("POST", "/api/webhooks/test/{id}"),
                              ("DELETE", "/api/webhooks/{id}")],
}


STATEFUL_SCENARIOS = 150
STATEFUL_SEED = 20240601


def test_stateful(system, call_kwargs):
    """Scenarios of up to 10 linked calls. Check failures are collected, not
    raised, so one finding does not end the run and hypothesis never replays
    a scenario against a server whose state has moved on. Such a replay can
    still happen when hypothesis extends an earlier scenario's choices while
    the server answers differently now (a game an earlier scenario deleted,
    a ticker one created): hypothesis then stops with `Flaky`, as the
    schemathesis engine's stateful phase does, and this test goes on with
    the next seed until the scenario budget is spent."""
    succeeded, failures = set(), {}
    token = admin_token(system)

    class Machine(SCHEMA.as_state_machine()):
        def setup(self):
            # Only one session may be active (sessions-api.txt): each
            # scenario starts with none, so its "create a session" can succeed.
            SENT["scenarios"] += 1
            close_active(system, token)
            refresh_game_ids(system)

        def get_call_kwargs(self, case):
            return call_kwargs

        def after_call(self, response, case):
            super().after_call(response, case)
            SENT["stateful"] += 1
            if 200 <= response.status_code < 300:
                succeeded.add((case.operation.method.upper(), case.operation.path))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            try:
                super().validate_response(response, case, additional_checks, **kwargs)
            except FailureGroup as group:
                for failure in group.exceptions:
                    key = (case.operation.label, failure.code, failure.title)
                    failures.setdefault(key, f"{failure.title}: {failure.message}\n[{response.status_code}] "
                                             f"{response.text[:300]}\n{case.as_curl_command()}")

    run = 0
    while SENT["scenarios"] < STATEFUL_SCENARIOS and run < 10:
        previous, hypothesis.core.global_force_seed = hypothesis.core.global_force_seed, STATEFUL_SEED + run
        try:
            Machine.run(settings=settings(max_examples=STATEFUL_SCENARIOS - SENT["scenarios"],
                                          stateful_step_count=10, database=None, deadline=None,
                                          derandomize=False,  # the seed above decides, in CI too
                                          phases=[Phase.explicit, Phase.generate],
                                          suppress_health_check=list(HealthCheck)))
        except Flaky:
            pass
        finally:
            hypothesis.core.global_force_seed = previous
        run += 1
    SENT["runs"] = run
    assert not failures, "\n\n".join(f"{label} {code}\n{text}" for (label, code, _), text in failures.items())
    missing = [goal for goal, steps in MUST_SUCCEED.items() if not succeeded.intersection(steps)]
    assert not missing, f"stateful steps that never succeeded: {missing}"
