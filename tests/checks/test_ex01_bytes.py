"""Checks for exercise-1 · Text on the wire (ex01_bytes).

Each check starts a chunking server, hands the client end to the learner's function and tells
the learner, when it fails, what the server did, what came back and what was expected. The
server paces its pieces in lockstep with that socket, and the checks of pieces (split inside a
character or a record, dribbled, seeded, coalesced) rely on each arriving as a read of its own.
"""

from grader.harness.checking import call
from grader.harness.show import count
from grader.harness.tcp import PARTIAL_SEND
from mockservers.script import DRIBBLE, close, send, split_at, stall

TEXT = "héllo, wörld ✓ 🐍"  # 1-, 2-, 3- and 4-byte characters
DATA = TEXT.encode("utf-8")

ONE_RECV = (
    "one recv() returns whatever has arrived so far, maybe a single byte; "
    "keep calling recv() until it returns b'' (the server closed)"
)
DECODE_EACH_CHUNK = (
    "decoding each chunk on its own breaks a character that arrives in two pieces; "
    "decode the bytes once they are all in, or use an incremental decoder"
)


def text_items(items, expected):
    return all(isinstance(item, str) for item in items) and "".join(items) == "".join(expected)


# send_text ----------------------------------------------------------------------------------


def test_send_text_sends_utf8_and_returns_the_byte_count(impl, check, tcp):
    """send_text sends the text as UTF-8 and returns the number of bytes"""
    sock, server = tcp.server(stall())
    check.returns(
        len(DATA),
        call(impl.send_text, sock, TEXT),
        hint="return the number of bytes sent: len(text) counts characters, not bytes, "
        "and 'é' is one character but two bytes in UTF-8",
    )
    received = tcp.everything_received(sock, server)
    check.expect(
        received == DATA,
        got=f"the server received {received!r}",
        expected=f"{DATA!r}, the UTF-8 encoding of {TEXT!r}",
        hint="encode with text.encode('utf-8') and send every byte",
    )


def test_send_text_keeps_sending_when_send_takes_only_part(impl, check, tcp):
    """send_text sends every byte when send() takes only part"""
    sock, server = tcp.server(stall(), send_limit=3)
    check.run(call(impl.send_text, sock, TEXT), expected=f"all {len(DATA)} bytes sent", hint=PARTIAL_SEND)
    received = tcp.everything_received(sock, server)
    check.expect(
        received == DATA,
        got=f"{count(len(received), 'byte')} arrived",
        expected=f"all {len(DATA)} bytes",
        hint=PARTIAL_SEND,
    )


# recv_text ----------------------------------------------------------------------------------


def test_recv_text_reads_every_piece_until_the_close(impl, check, tcp):
    """recv_text reads every piece until the server closes"""
    text = "several pieces, one message"
    sock, _ = tcp.server(send(text.encode(), pieces=split_at(4, 9, 16)), close())
    check.returns(text, call(impl.recv_text, sock), hint=ONE_RECV)


def test_recv_text_decodes_a_character_split_across_pieces(impl, check, tcp):
    """recv_text decodes characters split across two pieces"""
    sock, _ = tcp.server(send(DATA, pieces=split_at(2, 10, 17)), close())  # inside é, ö and ✓
    check.returns(TEXT, call(impl.recv_text, sock), hint=DECODE_EACH_CHUNK)


def test_recv_text_rejects_invalid_utf8(impl, check, tcp):
    """recv_text raises UnicodeDecodeError for bytes that are not UTF-8"""
    sock, _ = tcp.server(send("café au lait".encode("latin-1")), close())
    check.raises(
        UnicodeDecodeError,
        call(impl.recv_text, sock),
        hint="b'caf\\xe9' is Latin-1, not UTF-8: decode with errors='strict' (the default), "
        "not 'replace' or 'ignore', so that bad input is reported",
    )


def test_recv_text_accepts_exactly_limit_bytes(impl, check, tcp):
    """recv_text accepts a message of exactly limit bytes"""
    sock, _ = tcp.server(send(b"0123456789", pieces=split_at(5)), close())
    check.returns(
        "0123456789",
        call(impl.recv_text, sock, limit=10),
        hint="the limit is the most bytes allowed: 10 bytes with limit=10 are fine, 11 are too many",
    )


def test_recv_text_raises_as_soon_as_the_limit_is_passed(impl, check, tcp):
    """recv_text raises MessageTooLargeError as soon as more than limit bytes arrived"""
    sock, _ = tcp.server(send(b"0123456789A", pieces=split_at(6)), stall())
    check.raises(
        impl.MessageTooLargeError,
        call(impl.recv_text, sock, limit=10),
        expected="MessageTooLargeError as soon as the 11th byte arrived",
        hint="count the bytes of every chunk together and raise as soon as more than limit bytes "
        "have arrived; a server that never closes must not make you wait (or fill your memory)",
    )


# iter_text ----------------------------------------------------------------------------------


def test_iter_text_yields_before_the_close(impl, check, tcp):
    """iter_text yields text as it arrives, before the server closes"""
    sock, server = tcp.server(send(b"hello "))
    texts = check.run(call(impl.iter_text, sock), expected="a generator", hint="")
    first = check.run(
        call(next, iter(texts)).shown_as("next(iter_text(sock))"),
        expected="'hello ' (or the first part of it) right away",
        hint="yield each piece of text as soon as it is decoded, inside the loop; "
        "do not collect everything until the close",
    )
    check.expect(
        isinstance(first, str) and first != "" and "hello ".startswith(first),
        got=f"next(iter_text(sock)) returned {first!r}",
        expected="'hello ' or the first part of it",
        hint="yield the text decoded so far, as str",
    )
    server.play(send(b"world"), close())
    check.yields(
        ["hello world"[len(first):]],
        call(lambda: texts).shown_as("the rest of iter_text(sock)"),
        hint="keep yielding until recv() returns b''",
        same=text_items,
    )


def test_iter_text_never_splits_a_character(impl, check, tcp):
    """iter_text never splits a character that arrives in two pieces"""
    sock, _ = tcp.server(send(DATA, pieces=DRIBBLE), close())
    check.yields([TEXT], call(impl.iter_text, sock), hint=DECODE_EACH_CHUNK, same=text_items)


def test_iter_text_rejects_a_character_cut_off_by_the_close(impl, check, tcp):
    """iter_text raises UnicodeDecodeError when the close cuts a character"""
    sock, _ = tcp.server(send(b"ok \xe2\x9c", pieces=split_at(3)), close())  # half of '✓'
    check.raises(
        UnicodeDecodeError,
        call(lambda: list(impl.iter_text(sock))).shown_as("list(iter_text(sock))"),
        hint="a character cut off by the close is an error: at the end, finish the decoder with "
        "decoder.decode(b'', final=True), which raises for leftover bytes",
    )
