"""Presence on /api/sessions/live: after `auth`, `page_focus` makes an admin
(the token's name) present on a page; every authenticated client of every
gateway loop gets `presence_update` with the whole set whenever it changes
(focus, new page, disconnect, token expiry), at most once per second."""
import asyncio
import json
import time

import pytest
from websockets.asyncio.client import connect

from gamenight import System
from helpers import ISO_MS, admin_claims, jwt_secret, make_jwt

ADMINS = [{"name": "Alice", "key": "alice-key-0123456789"}, {"name": "Bob", "key": "bob-key-0123456789ab"}]


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("presence")
    config = workdir / "admins.json"
    config.write_text(json.dumps(ADMINS))
    # Several loops, so clients land on different hubs; a short idle
    # timeout makes the hub's sweep (which sees token expiry) run every 2 s.
    system = System(workdir, env={"ADMIN_CONFIG_PATH": str(config), "GATEWAY_THREADS": "4",
                                  "WS_IDLE_TIMEOUT_MS": "8000"})
    system.env.pop("ADMIN_KEY", None)
    system.start()
    yield system
    assert system.stop() == 0, system.logs()


@pytest.fixture(scope="module")
def tokens(system):
    out = {}
    for admin in ADMINS:
        r = system.request("POST", "/api/auth/login", body={"key": admin["key"]})
        assert r.status == 200, r
        out[admin["name"]] = r.json()["token"]
    return out


def run(coroutine, timeout=60):
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


async def open_ws(system, token=None):
    ws = await connect(f"ws://127.0.0.1:{system.port}/api/sessions/live", open_timeout=5, close_timeout=2,
                       ping_interval=None, proxy=None)
    if token is not None:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "auth_success"
    return ws


async def focus(ws, page):
    await ws.send(json.dumps({"type": "page_focus", "page": page}))


async def until(ws, predicate, timeout=5.0):
    """The first presence_update whose admins satisfy `predicate`."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), left))
        except asyncio.TimeoutError:
            break
        if message.get("type") == "presence_update":
            assert list(message) == ["type", "timestamp", "data"]
            assert ISO_MS.match(message["timestamp"])
            admins = message["data"]["admins"]
            for entry in admins:
                assert list(entry) == ["name", "page", "since"] and ISO_MS.match(entry["since"])
            if predicate(admins):
                return admins
    raise AssertionError("no matching presence_update")


def pages(admins):
    return {(a["name"], a["page"]) for a in admins}


def test_two_admins_see_each_other_and_a_disconnect_removes(system, tokens):
    async def body():
        alice = await open_ws(system, tokens["Alice"])
        bob = await open_ws(system, tokens["Bob"])
        await focus(alice, "/sessions/1")
        for ws in (alice, bob):
            await until(ws, lambda a: ("Alice", "/sessions/1") in pages(a))
        await focus(bob, "/games")
        for ws in (alice, bob):
            admins = await until(ws, lambda a: {("Alice", "/sessions/1"), ("Bob", "/games")} <= pages(a))
            assert [a["name"] for a in admins] == sorted(a["name"] for a in admins)
        await bob.close()
        await until(alice, lambda a: not any(x["name"] == "Bob" for x in a) and ("Alice", "/sessions/1") in pages(a))
        await alice.close()
    run(body())


def test_every_loop_hears_every_change(system, tokens):
    async def body():
        watchers = [await open_ws(system, tokens["Bob"]) for _ in range(8)]
        alice = await open_ws(system, tokens["Alice"])
        await focus(alice, "/everywhere")
        for ws in watchers:
            await until(ws, lambda a: ("Alice", "/everywhere") in pages(a))
        await alice.close()
        for ws in watchers:
            await until(ws, lambda a: ("Alice", "/everywhere") not in pages(a))
            await ws.close()
    run(body())


def test_a_burst_gives_at_most_one_update_per_second(system, tokens):
    async def body():
        observer = await open_ws(system, tokens["Bob"])
        alice = await open_ws(system, tokens["Alice"])
        # Let any earlier update's one-second window pass, reading (and
        # dropping) what earlier changes still sent.
        deadline = time.monotonic() + 1.5
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(observer.recv(), left)
            except asyncio.TimeoutError:
                break
        arrivals, latest = [], []

        async def read():
            # Concurrent with the burst, so arrival times are real.
            while True:
                message = json.loads(await observer.recv())
                if message["type"] == "presence_update":
                    arrivals.append(time.monotonic())
                    latest[:] = [message["data"]["admins"]]

        reader = asyncio.create_task(read())
        started = time.monotonic()
        for index in range(30):
            await focus(alice, f"/burst/{index}")
            await asyncio.sleep(0.05)
        await asyncio.sleep(2.5)
        reader.cancel()
        last = latest[0]
        elapsed = arrivals[-1] - started
        assert 2 <= len(arrivals) <= int(elapsed) + 2, (len(arrivals), elapsed)
        gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
        assert all(gap >= 0.8 for gap in gaps), gaps
        assert ("Alice", "/burst/29") in pages(last), last
        await alice.close()
        await observer.close()
    run(body())


def test_refocusing_the_same_page_sends_nothing(system, tokens):
    async def body():
        alice = await open_ws(system, tokens["Alice"])
        await focus(alice, "/same")
        await until(alice, lambda a: ("Alice", "/same") in pages(a))
        await asyncio.sleep(1.1)
        await focus(alice, "/same")
        try:
            text = await asyncio.wait_for(alice.recv(), 1.5)
            raise AssertionError(f"expected nothing, got {text}")
        except asyncio.TimeoutError:
            pass
        await alice.close()
    run(body())


def test_unauthenticated_and_bad_pages_are_errors(system, tokens):
    async def body():
        anonymous = await open_ws(system)
        await focus(anonymous, "/x")
        assert json.loads(await asyncio.wait_for(anonymous.recv(), 5)) == {"type": "error",
                                                                          "message": "Not authenticated"}
        await anonymous.close()
        alice = await open_ws(system, tokens["Alice"])
        bad = {"type": "error", "message": "page must be a non-empty string of at most 200 characters"}
        for message in [{"type": "page_focus"}, {"type": "page_focus", "page": 5},
                        {"type": "page_focus", "page": ""}, {"type": "page_focus", "page": "/" + "x" * 200}]:
            await alice.send(json.dumps(message))
            assert json.loads(await asyncio.wait_for(alice.recv(), 5)) == bad
        await focus(alice, "/" + "x" * 199)
        await until(alice, lambda a: ("Alice", "/" + "x" * 199) in pages(a))
        await alice.close()
    run(body())


def test_token_expiry_removes_the_admin(system, tokens):
    async def body():
        observer = await open_ws(system, tokens["Bob"])
        now = int(time.time())
        short = make_jwt(jwt_secret(system), admin_claims(now, name="Carol", lifetime=2))
        carol = await open_ws(system, short)
        await focus(carol, "/expiring")
        await until(observer, lambda a: ("Carol", "/expiring") in pages(a))
        await until(observer, lambda a: ("Carol", "/expiring") not in pages(a), timeout=8)
        await carol.close()
        await observer.close()
    run(body())
