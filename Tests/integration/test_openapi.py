"""docs/openapi.json: a valid OpenAPI 3.1 document that describes every route
the gateway serves, served verbatim at GET /api/openapi.json, and kept in
step with the routing table (a route added to the gateway without being
documented fails here)."""
import json
import re

import pytest
from openapi_spec_validator import validate

from gamenight import REPO

DOC_PATH = REPO / "docs" / "openapi.json"
GATEWAY = REPO / "Services" / "api-gateway"
ROUTE_SOURCES = [GATEWAY / "APIRoutes.swift", GATEWAY / "GatewayApplication.swift"]
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# Every route the gateway serves now (the OpenAPI task's list).
ROUTES = [
    ("GET", "/health"),
    ("GET", "/health/live"),
    ("GET", "/api/openapi.json"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/verify"),
    ("GET", "/api/sessions/live"),
    ("GET", "/api/sessions/live/public"),
    ("GET", "/api/sessions"),
    ("POST", "/api/sessions"),
    ("GET", "/api/sessions/active"),
    ("GET", "/api/sessions/{id}"),
    ("DELETE", "/api/sessions/{id}"),
    ("POST", "/api/sessions/{id}/close"),
    ("POST", "/api/sessions/{id}/archive"),
    ("POST", "/api/sessions/{id}/unarchive"),
    ("POST", "/api/sessions/bulk"),
    ("GET", "/api/sessions/{id}/games"),
    ("POST", "/api/sessions/{id}/games"),
    ("PATCH", "/api/sessions/{id}/games/{sessionGameId}/status"),
    ("DELETE", "/api/sessions/{id}/games/{sessionGameId}"),
    ("PATCH", "/api/sessions/{id}/games/{sessionGameId}/room-code"),
    ("PATCH", "/api/sessions/{id}/games/{sessionGameId}/player-count"),
    ("GET", "/api/games"),
    ("POST", "/api/games"),
    ("GET", "/api/games/{id}"),
    ("PUT", "/api/games/{id}"),
    ("DELETE", "/api/games/{id}"),
    ("PATCH", "/api/games/{id}/toggle"),
    ("PATCH", "/api/games/{id}/favor"),
    ("GET", "/api/games/packs"),
    ("GET", "/api/games/meta/packs"),
    ("PATCH", "/api/games/packs/{name}/toggle"),
    ("PATCH", "/api/games/packs/{name}/favor"),
    ("GET", "/api/games/export/csv"),
    ("POST", "/api/games/import/csv"),
    ("POST", "/api/pick"),
    ("GET", "/api/stats"),
    ("GET", "/api/webhooks"),
    ("POST", "/api/webhooks"),
    ("GET", "/api/webhooks/{id}"),
    ("PATCH", "/api/webhooks/{id}"),
    ("DELETE", "/api/webhooks/{id}"),
    ("POST", "/api/webhooks/test/{id}"),
    ("GET", "/api/webhooks/{id}/logs"),
]

# `("GET", "/api/sessions"` in APIRoutes.all and `router.add("GET", "/health"`
# in GatewayApplication: a method and a path literal as the first arguments.
ROUTE_LITERAL = re.compile(r'\(\s*"([A-Z]+)"\s*,\s*"(/[^"]*)"')


@pytest.fixture(scope="module")
def document():
    return json.loads(DOC_PATH.read_text(encoding="utf-8"))


def documented_operations(document):
    return {(method.upper(), path) for path, item in document["paths"].items()
            for method in item if method in HTTP_METHODS}


def implemented_routes():
    routes = set()
    for source in ROUTE_SOURCES:
        found = ROUTE_LITERAL.findall(source.read_text(encoding="utf-8"))
        assert found, f"no routes parsed from {source.name}: has the routing table's shape changed?"
        routes |= {(method, re.sub(r":(\w+)", r"{\1}", path)) for method, path in found}
    return routes


def test_document_is_a_valid_openapi_3_1_description(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_route_is_documented_with_its_method(document):
    missing = sorted(set(ROUTES) - documented_operations(document))
    assert not missing, f"routes missing from docs/openapi.json: {missing}"


def test_every_gateway_route_in_the_source_is_documented(document):
    implemented = implemented_routes()
    assert set(ROUTES) <= implemented, f"routes the gateway no longer registers: {sorted(set(ROUTES) - implemented)}"
    undocumented = sorted(implemented - documented_operations(document))
    assert not undocumented, f"gateway routes missing from docs/openapi.json: {undocumented}"


def test_every_documented_operation_exists_in_the_gateway(document):
    phantom = sorted(documented_operations(document) - implemented_routes())
    assert not phantom, f"docs/openapi.json describes routes the gateway does not register: {phantom}"


def test_gateway_serves_exactly_this_document(system):
    r = system.request("GET", "/api/openapi.json")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/json"), r.headers
    assert r.json() == json.loads(DOC_PATH.read_text(encoding="utf-8")), (
        "GET /api/openapi.json differs from docs/openapi.json: the gateway embeds the document at build time, "
        "so rebuild it after editing the file")
