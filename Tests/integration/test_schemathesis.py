"""Schemathesis against docs/openapi.json and the real system: every
operation, stateless (the examples, coverage and fuzzing phases, positive and
negative data) and stateful (call sequences that follow the document's
OpenAPI `links`: create a session → add a game to it → change or remove that
session game; create a game → edit/delete it; create a webhook → test/delete
it…), with every check schemathesis has — the equivalent of `--checks all`:
no 5xx, documented status codes, content types, headers and response
schemas, schema-invalid requests refused with a 4xx, schema-valid ones
accepted, auth enforced, deleted resources gone.

Reproducible: the data is derived from fixed seeds (`derandomize`), with no
example database, so a failure shows up the same way on every run. The
budget (examples per operation, scenarios, steps) keeps the module to about
a minute on a loaded 2-core machine.

Not fuzzed, and why:
- `GET /api/sessions/live` is the WebSocket upgrade (test_live_websocket.py);
  an HTTP client cannot speak it.
- Login throttling: thousands of wrong keys from 127.0.0.1 would lock the
  address out, so LOGIN_MAX_FAILURES is raised here (test_hardening.py checks
  the real limit).
Outbound traffic stays on loopback: monitors talk to the fake ecast, and a
generated webhook URL gets its scheme and host replaced by a closed loopback
port (its length and the rest kept, so an over-long URL stays over-long).
"""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from gamenight import REPO
from helpers import admin_token
from monitors import module_fixtures

fake, system, _ = module_fixtures("schemathesis", LOGIN_MAX_FAILURES="1000000")


@pytest.fixture(scope="module")
def call_kwargs(system):
    """Where and as whom every generated request goes (module-scoped: one
    hypothesis run calls the test many times)."""
    return {"base_url": system.base, "headers": {"Authorization": f"Bearer {admin_token(system)}"}}

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
               "stateful": {"enabled": True, "max-steps": 8}},
    "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED}},
    "operations": [{"include-operation-id": STATE_RULE_OPERATIONS,
                    "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED + ["400"]}}}],
})

SCHEMA = schemathesis.openapi.from_path(str(REPO / "docs" / "openapi.json"), config=CONFIG).exclude(
    operation_id="sessionsLive")

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


@SCHEMA.hook
def map_body(context, body):
    if isinstance(body, dict) and isinstance(body.get("url"), str):
        body = {**body, "url": loopback_url(body["url"])}
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


@SCHEMA.parametrize()
def test_operation(case, call_kwargs):
    case.call_and_validate(**call_kwargs)


def test_stateful(call_kwargs):
    class Machine(SCHEMA.as_state_machine()):
        def get_call_kwargs(self, case):
            return call_kwargs

    Machine.run(settings=settings(max_examples=60, stateful_step_count=8, derandomize=True, database=None,
                                  deadline=None, phases=[Phase.explicit, Phase.generate],
                                  suppress_health_check=list(HealthCheck)))
