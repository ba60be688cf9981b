"""Checks for exercise-4 · Length-prefixed messages (ex04_frames).

Each check starts a chunking server, hands the client end to the learner's function and tells
the learner, when it fails, what the server did, what came back and what was expected. The
server paces its pieces in lockstep with that socket, and the checks of pieces (split inside a
character or a record, dribbled, seeded, coalesced) rely on each arriving as a read of its own. The
checks build and read frames with a struct of their own, never the module's HEADER, and they
compare JSON by its decoded value, since key order and escaping non-ASCII are the learner's
choice.
"""

import json
import struct

from grader.harness.checking import Hint, call, is_timeout
from grader.harness.show import count, show
from grader.harness.tcp import PARTIAL_SEND
from mockservers.script import DRIBBLE, close, seeded, send, split_at, stall

BIG_ENDIAN = struct.Struct("!I")  # the frame header, as the contract fixes it

FRAME_LAYOUT = (
    "a frame is the 4-byte header, HEADER.pack(len(payload)), followed by the payload itself and "
    "nothing else"
)
BYTE_ORDER = (
    "the length header is 4 bytes in network byte order (big-endian), most significant byte first: "
    "use HEADER.pack(length) and HEADER.unpack(header); struct.pack('I', ...) uses your machine's "
    "byte order, which is little-endian on most computers"
)
ONE_RECV = (
    "one recv() returns whatever has arrived so far, maybe a single byte; keep calling recv() until "
    "you have all 4 header bytes, then until you have the whole payload"
)
NEXT_FRAME = (
    "one recv() can return several frames at once, and the bytes after the first frame belong to the "
    "next call: ask recv() only for the bytes still missing (recv(4 - len(header)), then "
    "recv(length - len(payload))), so that you never take bytes of the next frame (a sock.makefile() "
    "made afresh in every call reads ahead and loses them too)"
)
ANY_PIECES = (
    "a frame may arrive in any number of pieces, and one piece may hold the end of a frame and the start "
    "of the next: read exactly 4 header bytes, then exactly `length` payload bytes, asking recv() each "
    "time only for what is still missing"
)
EMPTY = (
    "a frame of length 0 is an empty message, not the end: return b'' and read no payload for it. "
    "None means the server closed; `return payload or None` turns an empty frame into None"
)
CLEAN_CLOSE = (
    "recv() returning b'' before the first byte of a header means the server closed between frames, "
    "the normal end of the conversation: return None, not b'' and not an error"
)
CUT_HEADER = (
    "a close inside a header is not a clean end: the server closed after 2 of the 4 header bytes, so "
    "the message was cut off; raise IncompleteMessageError. Return None only when the close comes "
    "before the first byte of a header"
)
CUT_PAYLOAD = (
    "a close inside a payload is not a clean end: the header announced 12 bytes and only 4 came before "
    "the close, so the message was cut off; raise IncompleteMessageError, do not return the 4 bytes or None"
)
EXACT_MAX = (
    "a payload of exactly max_size bytes is allowed: 20 bytes with max_size=20 are fine, 21 are too many "
    "(compare with >, not >=)"
)
TRUSTING = (
    "Reading the payload (or making room for it) before comparing its length with max_size is trusting the "
    "length header, which the peer chooses: compare right after reading the header, and raise "
    "FrameTooLargeError before reading the payload"
)
JSON_FRAME = (
    "turn the object into text with json.dumps(obj, separators=(',', ':')), encode it with "
    ".encode('utf-8') and send it as one frame with send_frame()"
)
COMPACT = (
    "compact JSON has no spaces: use json.dumps(obj, separators=(',', ':')); the default separators put "
    "a space after every ',' and ':'"
)
NOT_UTF8 = (
    "a frame that is not UTF-8 is the peer's mistake, not a bug in your code: catch the "
    "UnicodeDecodeError and raise ProtocolError instead (do not let UnicodeDecodeError escape, and do not "
    "decode with errors='replace' or 'ignore', which hides the problem)"
)
NOT_JSON = (
    "{'name': 'Zoë'} is Python's notation, not JSON, whose strings take double quotes. A frame that is "
    "not JSON is the peer's mistake, not a bug in your code: catch json.JSONDecodeError and raise "
    "ProtocolError instead (do not let json.JSONDecodeError escape)"
)
JSON_MAX_SIZE = (
    "pass max_size on to recv_frame(sock, max_size): recv_json must refuse a frame larger than its "
    "caller allows, just as recv_frame does"
)
JSON_CLOSE = (
    "recv_frame() returns None at a clean close: then return None at once, without handing it to "
    "json.loads() (which raises TypeError for None)"
)

MISREAD_HEADER = (
    "no frame in this check is larger than max_size, so this FrameTooLargeError comes from a misread header: "
    "one read in the wrong byte order (it is big-endian: HEADER.unpack(header), not struct.unpack('I', ...)), "
    "or 4 bytes taken for a header that are not one. "
)
LOOPS_ON_THE_CLOSE = (
    "the server had closed, and after a close recv() returns b'' at once, on every call: a loop that "
    "ignores b'' never ends. "
)
WAITS_FOR_MORE = (
    "the server had sent every byte of its frames and kept the connection open: return a frame as soon as "
    "its last byte is in, without waiting for more bytes or for the close. "
)

HANG_AFTER = {"closed": LOOPS_ON_THE_CLOSE, "stalled": WAITS_FOR_MORE}  # how the server ended

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def frame(payload: bytes) -> bytes:
    return BIG_ENDIAN.pack(len(payload)) + payload


def recv_hint(impl, server, hint: str, *, misread: bool = True) -> Hint:
    """The check's hint, after a word on what a telling exception (or a hang) says about the code.

    With `misread`, no frame in the check is too large, so FrameTooLargeError means a misread header.
    """

    def hint_for(exc: BaseException | None) -> str:
        if misread and isinstance(exc, impl.FrameTooLargeError):
            return MISREAD_HEADER + capitalized(hint)
        if is_timeout(exc):  # None, when the call returned a wrong value, is no timeout
            ending = server.played[-1].action if server.played else ""
            if ending in HANG_AFTER:
                return HANG_AFTER[ending] + capitalized(hint)
        return hint

    return hint_for


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def reads_in_turn(check, expected: list, fn, sock, *, hint: Hint) -> None:
    """Call `fn(sock)` once for each item of `expected`; each call returns its item."""
    for index, item in enumerate(expected):
        the_call = call(fn, sock)
        if len(expected) > 1:
            the_call.shown_as(f"the {ORDINALS[index]} {the_call}")
        check.returns(item, the_call, hint=hint)


def as_frame(data: bytes) -> str:
    """What a server reading one frame makes of `data`, in words."""
    if not data:
        return "the server received nothing"
    if len(data) < BIG_ENDIAN.size:
        return f"the server received only {count(len(data), 'byte')}, not even a whole 4-byte header"
    (length,) = BIG_ENDIAN.unpack(data[: BIG_ENDIAN.size])
    return (
        f"read as a frame: the header {show(data[:4])} announces {count(length, 'byte')} (read big-endian), "
        f"and {count(len(data) - 4, 'byte')} of payload follow"
    )


def expect_send_frame(impl, check, tcp, payload: bytes, *, hint: str, sent_hint: str = "", send_limit=None, **kwargs):
    """send_frame(sock, payload, **kwargs) sends exactly frame(payload); the hint fits what went wrong if not.

    `sent_hint` is the hint for wrong bytes, where it differs from the hint for the call.
    """
    sock, server = tcp.server(stall(), send_limit=send_limit)
    expected = frame(payload)
    sent = f"all {len(expected)} bytes sent" if send_limit else f"{show(expected)} sent"
    check.run(call(impl.send_frame, sock, payload, **kwargs), expected=sent, hint=hint)
    received = tcp.everything_received(sock, server)
    if received == expected:
        return
    hint = sent_hint or hint
    if received and len(received) < len(expected) and expected.startswith(received):
        got, hint = f"only {len(received)} of the {len(expected)} bytes arrived", PARTIAL_SEND
    elif len(received) == len(expected) and received[4:] == expected[4:]:
        got, hint = as_frame(received), BYTE_ORDER
    else:
        got = as_frame(received)
    size = len(expected) - BIG_ENDIAN.size
    if size:
        layout = f"the header {show(expected[:4])} ({size} in network byte order), then the {size} bytes of the payload"
    else:
        layout = "a header announcing 0 bytes, and no payload"
    check.expect(False, got=got, expected=f"{show(expected)}: {layout}", hint=hint)


def the_one_frame(check, received: bytes, *, hint: str) -> bytes:
    """The payload of the single frame in `received`; fail if `received` is not one whole frame."""
    check.expect(
        len(received) >= BIG_ENDIAN.size,
        got=as_frame(received),
        expected="one frame: a 4-byte big-endian header, then the payload",
        hint=hint,
    )
    (length,) = BIG_ENDIAN.unpack(received[:4])
    check.expect(
        len(received) == BIG_ENDIAN.size + length,
        got=as_frame(received),
        expected="exactly one frame: a 4-byte big-endian header announcing the length of the JSON text, "
        "then that many bytes and nothing more",
        hint=hint,
    )
    return received[BIG_ENDIAN.size :]


def json_text(check, payload: bytes, *, hint: str) -> str:
    """The payload as text, if it is UTF-8 JSON; fail otherwise."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        check.fail(f"the payload {show(payload)} is not UTF-8 ({exc})", "expected JSON text in UTF-8", hint=hint)
    try:
        json.loads(text)
    except ValueError as exc:
        check.fail(
            f"the payload {show(text)} is not JSON (json.loads() says: {exc})",
            "expected JSON text",
            hint="turn the object into JSON text with json.dumps(); str(obj) writes Python's notation "
            "('single quotes', True), not JSON",
        )
    return text


# send_frame ---------------------------------------------------------------------------------

PAYLOAD = b"length-prefixed!"  # 16 bytes: the header b'\x00\x00\x00\x10'


def test_send_frame_sends_a_big_endian_length_then_the_payload(impl, check, tcp):
    """send_frame sends the payload's length as 4 big-endian bytes, then the payload"""
    expect_send_frame(impl, check, tcp, PAYLOAD, hint=FRAME_LAYOUT)


def test_send_frame_sends_an_empty_payload_as_a_header_of_zero(impl, check, tcp):
    """send_frame sends an empty payload as just the header b'\\x00\\x00\\x00\\x00'"""
    hint = (
        "an empty payload is a frame too: send its header, HEADER.pack(0), which is b'\\x00\\x00\\x00\\x00', "
        "and nothing after it"
    )
    expect_send_frame(impl, check, tcp, b"", hint=hint)


def test_send_frame_keeps_sending_when_send_takes_only_part(impl, check, tcp):
    """send_frame sends every byte when send() takes only part"""
    expect_send_frame(impl, check, tcp, b"a frame sent 3 bytes at a time", send_limit=3, hint=PARTIAL_SEND)


def test_send_frame_refuses_a_payload_over_max_size_before_sending(impl, check, tcp):
    """send_frame raises FrameTooLargeError for a payload larger than max_size, and sends nothing"""
    sock, server = tcp.server(stall())
    check.raises(
        impl.FrameTooLargeError,
        call(impl.send_frame, sock, b"x" * 21, max_size=20),
        expected="FrameTooLargeError, since 21 bytes are more than max_size=20",
        hint="compare len(payload) with max_size before sending, and raise FrameTooLargeError when it is "
        "larger: the peer would refuse the frame anyway",
    )
    tcp.expect_nothing_sent(
        sock, server,
        after="send_frame raised FrameTooLargeError",
        why="a refused frame must not reach the server, not even its header",
        hint="compare len(payload) with max_size before sending anything: a header sent before the refusal "
        "tells the peer a payload is coming, and it would take your next frame for it",
    )


def test_send_frame_accepts_a_payload_of_exactly_max_size(impl, check, tcp):
    """send_frame sends a payload of exactly max_size bytes"""
    expect_send_frame(impl, check, tcp, b"exactly twenty bytes", max_size=20, hint=EXACT_MAX, sent_hint=FRAME_LAYOUT)


# recv_frame: pieces ----------------------------------------------------------------------------


def test_recv_frame_reads_a_big_endian_length_then_the_payload(impl, check, tcp):
    """recv_frame reads a 4-byte big-endian length, then that many bytes of payload"""
    payload = b"abcd" * 65  # 260 bytes: the header b'\x00\x00\x01\x04'
    sock, server = tcp.server(send(frame(payload)), stall())
    hint = "the header b'\\x00\\x00\\x01\\x04' announces 260 bytes: " + BYTE_ORDER
    check.returns(payload, call(impl.recv_frame, sock), hint=recv_hint(impl, server, hint, misread=False))


def test_recv_frame_reads_a_frame_that_arrives_one_byte_at_a_time(impl, check, tcp):
    """recv_frame reads a frame that arrives one byte at a time"""
    sock, server = tcp.server(send(frame(b"hello"), pieces=DRIBBLE), stall())
    check.returns(b"hello", call(impl.recv_frame, sock), hint=recv_hint(impl, server, ONE_RECV))


def test_recv_frame_reads_a_header_that_arrives_in_two_pieces(impl, check, tcp):
    """recv_frame reads a header that arrives in two pieces"""
    sock, server = tcp.server(send(frame(b"hello"), pieces=split_at(2)), stall())
    hint = (
        "a header can arrive in pieces too: here the first recv() gets only 2 of its 4 bytes. "
        "Keep calling recv() until you have all 4 header bytes, then unpack them"
    )
    check.returns(b"hello", call(impl.recv_frame, sock), hint=recv_hint(impl, server, hint))


def test_recv_frame_reads_a_payload_that_arrives_in_pieces(impl, check, tcp):
    """recv_frame reads a payload that arrives in pieces, apart from its header"""
    sock, server = tcp.server(send(frame(b"hello"), pieces=split_at(4, 7)), stall())
    hint = (
        "the payload may arrive apart from its header and in several pieces: after the header, keep "
        "calling recv() until you have all `length` bytes"
    )
    check.returns(b"hello", call(impl.recv_frame, sock), hint=recv_hint(impl, server, hint))


def test_recv_frame_returns_frames_that_arrive_together_one_per_call(impl, check, tcp):
    """recv_frame returns frames that arrive together in one piece, one per call"""
    payloads = [b"one", b"two", b"three"]
    sock, server = tcp.server(send(*map(frame, payloads)), close())
    reads_in_turn(check, payloads, impl.recv_frame, sock, hint=recv_hint(impl, server, NEXT_FRAME))


def test_recv_frame_reads_frames_cut_into_random_pieces(impl, check, tcp):
    """recv_frame reads frames cut into random pieces"""
    payloads = [b"first", b"0123456789" * 26, b"x", b"frames " * 400, b"last"]
    sock, server = tcp.server(send(*map(frame, payloads), pieces=seeded(4, 1, 600)), stall())
    reads_in_turn(check, payloads, impl.recv_frame, sock, hint=recv_hint(impl, server, ANY_PIECES))


# recv_frame: empty frames and closes -------------------------------------------------------


def test_recv_frame_returns_empty_bytes_for_an_empty_frame(impl, check, tcp):
    """recv_frame returns b'' for an empty frame, not None"""
    sock, server = tcp.server(send(frame(b"")), send(frame(b"after")), close())
    reads_in_turn(check, [b"", b"after"], impl.recv_frame, sock, hint=recv_hint(impl, server, EMPTY))


def test_recv_frame_returns_none_when_the_server_closes_at_once(impl, check, tcp):
    """recv_frame returns None when the server closes without sending a frame"""
    sock, server = tcp.server(close())
    check.returns(None, call(impl.recv_frame, sock), hint=recv_hint(impl, server, CLEAN_CLOSE))


def test_recv_frame_returns_none_when_the_server_closes_after_its_frames(impl, check, tcp):
    """recv_frame returns None when the server closes after its last frame"""
    sock, server = tcp.server(send(frame(b"one"), frame(b"two"), pieces=split_at(7)), close())
    reads_in_turn(check, [b"one", b"two"], impl.recv_frame, sock, hint=recv_hint(impl, server, ANY_PIECES))
    the_call = call(impl.recv_frame, sock).shown_as("the third recv_frame(sock)")
    check.returns(None, the_call, hint=recv_hint(impl, server, CLEAN_CLOSE))


def test_recv_frame_raises_when_the_close_cuts_a_header(impl, check, tcp):
    """recv_frame raises IncompleteMessageError when the close cuts a header"""
    sock, server = tcp.server(send(b"\x00\x00"), close())
    check.raises(
        impl.IncompleteMessageError,
        call(impl.recv_frame, sock),
        expected="IncompleteMessageError: the server closed after 2 of the 4 header bytes",
        hint=recv_hint(impl, server, CUT_HEADER),
    )


def test_recv_frame_raises_when_the_close_cuts_a_payload(impl, check, tcp):
    """recv_frame raises IncompleteMessageError when the close cuts a payload"""
    sock, server = tcp.server(send(BIG_ENDIAN.pack(12) + b"0123"), close())
    check.raises(
        impl.IncompleteMessageError,
        call(impl.recv_frame, sock),
        expected="IncompleteMessageError: the server closed after 4 of the 12 payload bytes",
        hint=recv_hint(impl, server, CUT_PAYLOAD),
    )


# recv_frame: max_size ----------------------------------------------------------------------


def test_recv_frame_accepts_a_frame_of_exactly_max_size(impl, check, tcp):
    """recv_frame accepts a frame of exactly max_size bytes"""
    sock, server = tcp.server(send(frame(b"exactly twenty bytes")), stall())
    the_call = call(impl.recv_frame, sock, max_size=20)
    check.returns(b"exactly twenty bytes", the_call, hint=recv_hint(impl, server, EXACT_MAX, misread=False))


def test_recv_frame_refuses_a_large_frame_before_reading_its_payload(impl, check, tcp):
    """recv_frame raises FrameTooLargeError for a header over max_size, before reading the payload"""
    sock, _ = tcp.server(send(BIG_ENDIAN.pack(21)), stall())
    check.raises(
        impl.FrameTooLargeError,
        call(impl.recv_frame, sock, max_size=20),
        expected="FrameTooLargeError right after the header, without waiting for the payload",
        hint="the header announced 21 bytes, more than max_size=20, and the server sent nothing after it. "
        + TRUSTING,
    )


def test_recv_frame_refuses_a_4_gib_header_without_reading_it(impl, check, tcp):
    """recv_frame refuses a header announcing 4 GiB without trying to read or allocate it"""
    sock, _ = tcp.server(send(b"\xff\xff\xff\xff"), stall())
    check.raises(
        impl.FrameTooLargeError,
        call(impl.recv_frame, sock),
        expected="FrameTooLargeError right after the header: 4,294,967,295 bytes are more than MAX_FRAME",
        hint="b'\\xff\\xff\\xff\\xff' announces 4,294,967,295 bytes (4 GiB), far more than MAX_FRAME, the default "
        "max_size, and recv(length) or bytearray(length) alone asks for 4 GiB of memory. " + TRUSTING,
    )


# send_json ---------------------------------------------------------------------------------

OBJECT = {
    "user": "Zoë",
    "greeting": "héllo, wörld ✓ 🐍",
    "id": 42,
    "ratio": 0.5,
    "admin": False,
    "active": True,
    "tags": ["tcp", "frames", []],
    "nested": {"list": [1, [2, -3]], "empty": {}},
}


def test_send_json_sends_the_object_as_utf8_json_in_one_frame(impl, check, tcp):
    """send_json sends the object as UTF-8 JSON in one frame"""
    sock, server = tcp.server(stall())
    check.run(call(impl.send_json, sock, OBJECT), expected="the object sent as one frame", hint=JSON_FRAME)
    payload = the_one_frame(check, tcp.everything_received(sock, server), hint=JSON_FRAME)
    value = json.loads(json_text(check, payload, hint=JSON_FRAME))
    check.expect(
        value == OBJECT,
        got=f"the payload's JSON decodes to {show(value)}",
        expected=show(OBJECT),
        hint=JSON_FRAME,
    )


def test_send_json_sends_compact_json(impl, check, tcp):
    """send_json sends compact JSON, without spaces"""
    obj = {"id": 7, "tags": ["a", "b"]}
    sock, server = tcp.server(stall())
    check.run(call(impl.send_json, sock, obj), expected="the object sent as one frame", hint=COMPACT)
    payload = the_one_frame(check, tcp.everything_received(sock, server), hint=JSON_FRAME)
    text = json_text(check, payload, hint=JSON_FRAME)
    value = json.loads(text)
    compact = {escaped: json.dumps(value, separators=(",", ":"), ensure_ascii=escaped) for escaped in (True, False)}
    check.expect(
        text in compact.values(),
        got=f"the payload was the JSON text {show(text)}",
        expected=f"compact JSON, {show(compact[text.isascii()])}",
        hint=COMPACT,
    )


# recv_json ---------------------------------------------------------------------------------


def test_recv_json_returns_the_objects_of_json_frames(impl, check, tcp):
    """recv_json returns the object each JSON frame holds, whatever pieces it arrives in"""
    first = {"name": "Zoë", "ok": True, "tags": ["a", "✓"]}
    second = ["Zoë", 1, 2.5, False, {"k": []}]
    frames = [frame(json.dumps(first).encode()), frame(json.dumps(second, ensure_ascii=False).encode())]
    sock, server = tcp.server(send(*frames, pieces=DRIBBLE), stall())
    hint = "read one frame with recv_frame(), decode its payload as UTF-8 and parse it with json.loads()"
    reads_in_turn(check, [first, second], impl.recv_json, sock, hint=recv_hint(impl, server, hint))


def test_recv_json_returns_none_when_the_server_closes(impl, check, tcp):
    """recv_json returns None when the server closes after its last frame"""
    sock, server = tcp.server(send(frame(b'{"last": true}')), close())
    reads_in_turn(check, [{"last": True}, None], impl.recv_json, sock, hint=recv_hint(impl, server, JSON_CLOSE))


def test_recv_json_raises_protocol_error_for_a_frame_that_is_not_utf8(impl, check, tcp):
    """recv_json raises ProtocolError for a frame that is not UTF-8"""
    sock, server = tcp.server(send(frame('{"name": "café"}'.encode("latin-1"))), stall())
    check.raises(
        impl.ProtocolError,
        call(impl.recv_json, sock),
        expected="ProtocolError: b'caf\\xe9' is Latin-1, not UTF-8",
        hint=recv_hint(impl, server, NOT_UTF8),
    )


def test_recv_json_raises_protocol_error_for_a_frame_that_is_not_json(impl, check, tcp):
    """recv_json raises ProtocolError for a frame that is not JSON"""
    sock, server = tcp.server(send(frame("{'name': 'Zoë'}".encode())), stall())
    check.raises(
        impl.ProtocolError,
        call(impl.recv_json, sock),
        expected="ProtocolError: the frame is not JSON",
        hint=recv_hint(impl, server, NOT_JSON),
    )


def test_recv_json_honours_max_size(impl, check, tcp):
    """recv_json raises FrameTooLargeError for a frame over max_size"""
    payload = b'{"greeting":"hello, frames"}'  # 28 bytes
    sock, server = tcp.server(send(frame(payload)), stall())
    check.raises(
        impl.FrameTooLargeError,
        call(impl.recv_json, sock, max_size=20),
        expected="FrameTooLargeError, since the header announces 28 bytes, more than max_size=20",
        hint=recv_hint(impl, server, JSON_MAX_SIZE),
    )
