"""The public read-only live feed `GET /api/sessions/live/public` (the stream
overlay's): no auth; subscribe, unsubscribe and ping only; the session's
events and session.started, never presence; no authentication timeout;
read-only clients capped at a quarter of WS_MAX_CONNECTIONS per thread."""
import asyncio
import datetime
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from gamenight import System
from helpers import admin_token, close_active, playable_game_ids

PUBLIC = "/api/sessions/live/public"
READ_ONLY = {"type": "error", "message": "This connection is read-only: only subscribe, unsubscribe and ping"}


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    # One loop thread, 8 connections (so 2 read-only), a 1 s auth timeout.
    system = System(tmp_path_factory.mktemp("live-public"),
                    env={"GATEWAY_THREADS": "1", "WS_MAX_CONNECTIONS": "8", "WS_AUTH_TIMEOUT_MS": "1000",
                         "LOG_LEVEL": "debug"}).start()
    yield system
    assert system.stop() == 0, system.logs()


def run(coroutine, timeout=60):
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


async def open_ws(system, path=PUBLIC):
    return await connect(f"ws://127.0.0.1:{system.port}{path}", open_timeout=5, close_timeout=2,
                         ping_interval=None, proxy=None)


async def ask(ws, message, timeout=5.0):
    await ws.send(json.dumps(message))
    return await recv(ws, timeout)


async def recv(ws, timeout=5.0):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def until(ws, event_type, timeout=5.0):
    """The next message of `event_type` (others skipped)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        message = await recv(ws, max(0.01, deadline - asyncio.get_running_loop().time()))
        if message["type"] == event_type:
            return message


async def quiet(ws, seconds=0.8):
    try:
        text = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"expected nothing, received {text!r}")


async def call(system, method, path, body=None, token=None):
    return await asyncio.to_thread(system.request, method, path, body, None, token)


def test_a_read_only_client_gets_session_events_without_auth(system):
    token = admin_token(system)
    close_active(system, token)

    async def body():
        ws = await open_ws(system)
        assert await ask(ws, {"type": "ping"}) == {"type": "pong"}
        session = (await call(system, "POST", "/api/sessions", {"notes": "public"}, token)).json()
        started = await until(ws, "session.started")
        assert started["data"]["session"]["id"] == session["id"]
        assert await ask(ws, {"type": "subscribe", "sessionId": session["id"]}) == {
            "type": "subscribed", "sessionId": session["id"], "message": f"Subscribed to session {session['id']}"}
        game_id = playable_game_ids(system, 1)[0]
        added = (await call(system, "POST", f"/api/sessions/{session['id']}/games", {"game_id": game_id}, token)).json()
        event = await until(ws, "game.added")
        assert event["data"]["game"]["session_game_id"] == added["id"]
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        r = await call(system, "POST", "/api/votes/live", {"username": "v", "vote": "up", "timestamp": now}, token)
        assert r.status == 200, r
        vote = await until(ws, "vote.received")
        assert vote["data"]["totals"] == {k: r.json()["game"][k] for k in ("upvotes", "downvotes", "popularity_score")}
        assert await ask(ws, {"type": "unsubscribe", "sessionId": session["id"]}) == {
            "type": "unsubscribed", "sessionId": session["id"]}
        await call(system, "POST", f"/api/sessions/{session['id']}/close", {}, token)
        await quiet(ws)
        await ws.close()
    run(body())


def test_a_read_only_client_cannot_authenticate_or_send_presence(system):
    token = admin_token(system)

    async def body():
        ws = await open_ws(system)
        assert await ask(ws, {"type": "auth", "token": token}) == READ_ONLY
        assert await ask(ws, {"type": "page_focus", "page": "#/tonight"}) == READ_ONLY
        assert await ask(ws, {"type": "what"}) == READ_ONLY
        assert await ask(ws, {"type": "subscribe"}) == {"type": "error", "message": "sessionId is required"}
        await ws.send("{")
        assert await recv(ws) == {"type": "error", "message": "Invalid message format"}
        # An admin focusing a page: presence goes to the admin, not here.
        admin = await open_ws(system, "/api/sessions/live")
        assert (await ask(admin, {"type": "auth", "token": token}))["type"] == "auth_success"
        await admin.send('{"type":"page_focus","page":"#/tonight"}')
        update = await until(admin, "presence_update")
        assert update["data"]["admins"][0]["page"] == "#/tonight"
        await quiet(ws, 1.5)
        await admin.close()
        await ws.close()
    run(body())


def test_read_only_clients_stay_past_the_auth_timeout_and_are_capped(system):
    async def body():
        first = await open_ws(system)
        second = await open_ws(system)
        # A third read-only client is over a quarter of WS_MAX_CONNECTIONS (8).
        with pytest.raises(InvalidStatus) as refused:
            await open_ws(system)
        assert refused.value.response.status_code == 503
        # Admin connections still fit.
        admin = await open_ws(system, "/api/sessions/live")
        await asyncio.sleep(1.6)  # past WS_AUTH_TIMEOUT_MS
        assert await ask(first, {"type": "ping"}) == {"type": "pong"}
        assert await ask(second, {"type": "ping"}) == {"type": "pong"}
        # The unauthenticated admin-feed client was closed by the auth timeout.
        with pytest.raises(Exception):
            await ask(admin, {"type": "ping"}, timeout=2)
        await first.close()
        await asyncio.sleep(0.2)
        third = await open_ws(system)  # room again
        assert await ask(third, {"type": "ping"}) == {"type": "pong"}
        for ws in (second, third):
            await ws.close()
    run(body())


def test_subscriptions_per_read_only_client_are_capped(system):
    async def body():
        ws = await open_ws(system)
        for session_id in range(1, 5):
            assert (await ask(ws, {"type": "subscribe", "sessionId": session_id}))["type"] == "subscribed"
        assert await ask(ws, {"type": "subscribe", "sessionId": 5}) == {"type": "error",
                                                                         "message": "Too many subscriptions"}
        assert (await ask(ws, {"type": "subscribe", "sessionId": 4}))["type"] == "subscribed"  # already followed
        assert (await ask(ws, {"type": "unsubscribe", "sessionId": 1}))["type"] == "unsubscribed"
        assert (await ask(ws, {"type": "subscribe", "sessionId": 5}))["type"] == "subscribed"
        await ws.close()
    run(body())
