"""The live WebSocket's framing rules (RFC 6455 §5), over a raw socket after
a valid handshake, with frames built by hand: masking, UTF-8, the 1 MiB
message limit (also across fragments), control frames, reserved bits and
opcodes, binary messages, the closing handshake, ping/pong."""
import json
import time

import pytest

from helpers import admin_token
from test_live_websocket import (AUTH_OK, INVALID_FORMAT, OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT,
                                 PONG, RawClient, close_payload, frame_bytes, raw_client)

MIB = 1024 * 1024
PING = b'{"type":"ping"}'


@pytest.fixture
def client(system):
    """A raw client right after a successful handshake."""
    with raw_client(system) as client:
        yield client


@pytest.fixture
def authed(system):
    with raw_client(system, admin_token(system)) as client:
        yield client


def padded_ping(size):
    """A JSON ping of exactly `size` bytes (padded with spaces)."""
    return PING[:-1] + b" " * (size - len(PING)) + b"}"


def assert_failed_with(client, code, timeout=10.0):
    """The server sends a close frame with `code`, then ends the TCP connection."""
    assert client.expect_close(timeout) == code
    client.expect_eof(timeout=5.0)


# --- masking, reserved bits and opcodes ------------------------------------------------------

def test_an_unmasked_client_frame_is_a_protocol_error(client):
    client.send_frame(OP_TEXT, PING, masked=False)
    assert_failed_with(client, 1002)


def test_an_unmasked_ping_is_a_protocol_error(client):
    client.send_frame(OP_PING, b"hi", masked=False)
    assert_failed_with(client, 1002)


@pytest.mark.parametrize("rsv", [4, 2, 1], ids=["rsv1", "rsv2", "rsv3"])
def test_a_reserved_bit_without_an_extension_is_a_protocol_error(client, rsv):
    client.send_frame(OP_TEXT, PING, rsv=rsv)
    assert_failed_with(client, 1002)


@pytest.mark.parametrize("opcode", [0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF], ids=lambda o: f"op{o:x}")
def test_a_reserved_opcode_is_a_protocol_error(client, opcode):
    client.send_frame(opcode, b"x")
    assert_failed_with(client, 1002)


def test_a_binary_message_is_closed_with_1003(client):
    client.send_frame(OP_BINARY, PING)
    assert_failed_with(client, 1003)


def test_a_fragmented_binary_message_is_closed_with_1003(client):
    client.send_frame(OP_BINARY, PING[:5], fin=False)
    client.send_frame(OP_CONT, PING[5:])
    assert_failed_with(client, 1003)


# --- UTF-8 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [b"\xff\xfe", b'{"type":"ping","x":"\xc3"}', b"\xc0\xaf", b"\xed\xa0\x80",
                                     b"\xf4\x90\x80\x80", b'{"type":"\xe2\x82"}'],
                         ids=["ff-fe", "truncated", "overlong", "surrogate", "above-10ffff", "truncated-3-byte"])
def test_invalid_utf8_text_is_closed_with_1007(client, payload):
    client.send_frame(OP_TEXT, payload)
    assert_failed_with(client, 1007)


def test_invalid_utf8_in_a_continuation_is_closed_with_1007(client):
    client.send_frame(OP_TEXT, b'{"type":', fin=False)
    client.send_frame(OP_CONT, b'"\xff"}')
    assert_failed_with(client, 1007)


def test_a_character_split_across_fragments_is_valid(client):
    message = '{"type":"ping","x":"é€😀"}'.encode()
    cut = message.index("€".encode()) + 1  # inside the 3-byte character
    client.send_frame(OP_TEXT, message[:cut], fin=False)
    client.send_frame(OP_CONT, message[cut:])
    assert client.recv_json() == PONG


# --- fragmentation ----------------------------------------------------------------------------

def test_a_fragmented_text_message_is_reassembled(client):
    pieces = [PING[:3], PING[3:4], b"", PING[4:10], PING[10:]]
    client.send_frame(OP_TEXT, pieces[0], fin=False)
    for piece in pieces[1:-1]:
        client.send_frame(OP_CONT, piece, fin=False)
    client.send_frame(OP_CONT, pieces[-1])
    assert client.recv_json() == PONG


def test_a_ping_between_fragments_is_answered_and_the_message_completes(client):
    client.send_frame(OP_TEXT, PING[:6], fin=False)
    client.send_frame(OP_PING, b"in-between")
    client.send_frame(OP_CONT, PING[6:])
    pong = client.recv_frame()
    assert pong.opcode == OP_PONG and pong.payload == b"in-between", pong
    assert client.recv_json() == PONG


def test_a_continuation_without_a_start_is_a_protocol_error(client):
    client.send_frame(OP_CONT, PING)
    assert_failed_with(client, 1002)


def test_a_new_message_inside_a_fragmented_one_is_a_protocol_error(client):
    client.send_frame(OP_TEXT, PING[:6], fin=False)
    client.send_frame(OP_TEXT, PING)
    assert_failed_with(client, 1002)


# --- the 1 MiB limit ----------------------------------------------------------------------------

# Before `auth` succeeds messages are limited to 4 KiB (test_hardening.py);
# the 1 MiB limit is an authenticated client's.

def test_a_message_of_exactly_1_mib_is_accepted(authed):
    authed.send(frame_bytes(OP_TEXT, padded_ping(MIB)))
    assert authed.recv_json(timeout=15) == PONG
    assert authed.ask({"type": "ping"}) == PONG


def test_a_non_json_message_of_exactly_1_mib_is_invalid_message_format(authed):
    authed.send(frame_bytes(OP_TEXT, b"a" * MIB))
    assert authed.recv_json(timeout=15) == INVALID_FORMAT
    assert authed.ask({"type": "ping"}) == PONG


def test_fragments_adding_up_to_exactly_1_mib_are_accepted(authed):
    message = padded_ping(MIB)
    parts = [message[:1], message[1:MIB // 2], message[MIB // 2:]]
    authed.send(frame_bytes(OP_TEXT, parts[0], fin=False) + frame_bytes(OP_CONT, parts[1], fin=False) +
                frame_bytes(OP_CONT, parts[2]))
    assert authed.recv_json(timeout=15) == PONG


def test_a_message_one_byte_over_1_mib_is_closed_with_1009(client):
    client.send_until_answered(frame_bytes(OP_TEXT, padded_ping(MIB + 1)))
    assert_failed_with(client, 1009)


def test_a_frame_declaring_a_huge_length_is_closed_with_1009_at_once(client):
    # Only the header and a few bytes: the length alone must be enough.
    client.send(frame_bytes(OP_TEXT, b"", length=1 << 40)[:14] + b"abcd")
    assert_failed_with(client, 1009, timeout=5.0)


def test_fragments_adding_up_to_more_than_1_mib_are_closed_with_1009(client):
    message = padded_ping(MIB + 100)
    data = frame_bytes(OP_TEXT, message[:600_000], fin=False) + frame_bytes(OP_CONT, message[600_000:])
    client.send_until_answered(data)
    assert_failed_with(client, 1009)


def test_many_small_fragments_over_1_mib_are_closed_with_1009(client):
    chunk = b" " * 65536
    data = frame_bytes(OP_TEXT, b"{", fin=False) + b"".join(frame_bytes(OP_CONT, chunk, fin=False) for _ in range(17))
    client.send_until_answered(data)
    assert_failed_with(client, 1009)


# --- control frames --------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [b"", b"hello", bytes(range(125))], ids=["empty", "short", "125-bytes"])
def test_a_ping_frame_gets_a_pong_with_the_same_payload(client, payload):
    client.send_frame(OP_PING, payload)
    frame = client.recv_frame()
    assert frame.opcode == OP_PONG and frame.fin and frame.payload == payload, frame
    assert client.ask({"type": "ping"}) == PONG


def test_an_unsolicited_pong_is_ignored(client):
    client.send_frame(OP_PONG, b"unasked")
    assert client.ask({"type": "ping"}) == PONG


@pytest.mark.parametrize("opcode", [OP_PING, OP_PONG, OP_CLOSE], ids=["ping", "pong", "close"])
def test_a_control_frame_over_125_bytes_is_a_protocol_error(client, opcode):
    payload = close_payload(1000, b"r" * 124) if opcode == OP_CLOSE else b"p" * 126
    client.send_frame(opcode, payload)
    assert_failed_with(client, 1002)


@pytest.mark.parametrize("opcode", [OP_PING, OP_PONG, OP_CLOSE], ids=["ping", "pong", "close"])
def test_a_fragmented_control_frame_is_a_protocol_error(client, opcode):
    client.send_frame(opcode, close_payload(1000) if opcode == OP_CLOSE else b"frag", fin=False)
    assert_failed_with(client, 1002)


# --- the closing handshake -----------------------------------------------------------------------

@pytest.mark.parametrize("code", [1000, 1001, 3000, 4999])
def test_a_client_close_is_echoed_with_the_same_code_and_the_tcp_connection_ends(client, code):
    client.send_frame(OP_CLOSE, close_payload(code, b"bye"))
    assert client.expect_close() == code
    client.expect_eof(timeout=5.0)


def test_a_close_without_a_payload_is_answered_and_the_tcp_connection_ends(client):
    client.send_frame(OP_CLOSE, b"")
    assert client.expect_close() in (None, 1000)
    client.expect_eof(timeout=5.0)


def test_nothing_is_processed_after_a_client_close(client):
    client.send(frame_bytes(OP_CLOSE, close_payload(1000)) + frame_bytes(OP_TEXT, PING))
    frame = client.recv_frame()
    assert frame.opcode == OP_CLOSE and frame.close_code == 1000, frame
    client.expect_eof(timeout=5.0)


@pytest.mark.parametrize("payload", [b"\x03", close_payload(999), close_payload(1004), close_payload(1005),
                                     close_payload(1006), close_payload(1015), close_payload(2000),
                                     close_payload(5000)],
                         ids=["one-byte", "999", "1004", "1005", "1006", "1015", "2000", "5000"])
def test_a_close_with_an_invalid_payload_is_a_protocol_error(client, payload):
    client.send_frame(OP_CLOSE, payload)
    assert_failed_with(client, 1002)


def test_a_close_reason_that_is_not_utf8_is_closed_with_1007(client):
    client.send_frame(OP_CLOSE, close_payload(1000, b"\xff\xfe"))
    assert_failed_with(client, 1007)


# --- a protocol error does not disturb the other connections --------------------------------------

def test_other_connections_survive_a_protocol_error(system):
    with raw_client(system, admin_token(system)) as healthy, RawClient(system.port) as broken:
        broken.upgrade()
        broken.send_frame(OP_TEXT, PING, masked=False)
        assert_failed_with(broken, 1002)
        assert healthy.ask({"type": "ping"}) == PONG
        assert healthy.ask(json.dumps({"type": "ping"})) == PONG
    assert system.request("GET", "/health").status == 200


def test_a_frame_sent_byte_by_byte_is_assembled(client):
    for byte in frame_bytes(OP_TEXT, PING):
        client.send(bytes([byte]))
        time.sleep(0.002)
    assert client.recv_json() == PONG


def test_the_auth_reply_can_follow_a_ping_frame_in_the_same_packet(system):
    with raw_client(system) as client:
        client.send(frame_bytes(OP_PING, b"p1") + frame_bytes(OP_TEXT, json.dumps(
            {"type": "auth", "token": admin_token(system)})))
        pong = client.recv_frame()
        assert pong.opcode == OP_PONG and pong.payload == b"p1", pong
        assert client.recv_json() == AUTH_OK
