"""Checks for exercise-3 · Newline-delimited messages (ex03_lines).

Learner code gets the sockets of `tcp.server`, which the server paces in lockstep: the checks
of lines cut into pieces (split inside a CRLF, dribbled, seeded) rely on each piece arriving
as a read of its own.
"""


import pytest

from grader.harness.checking import call, exactly
from grader.harness.show import count
from grader.harness.tcp import PARTIAL_SEND
from mockservers.script import DRIBBLE, close, fixed, seeded, send, split_at, stall

KEEP_A_BUFFER = (
    "one recv() can return several lines, or part of one: keep what you received in a buffer, "
    "return one line per call, and keep the rest for the next call"
)
AS_SOON_AS = (
    "raise LineTooLongError as soon as the buffer holds more than max_line bytes and no b'\\n', "
    "not after buffering the rest of the line: a peer that never sends the newline must not "
    "make you wait (or fill your memory)"
)

LINES = 200_000  # for the speed check
CPU_BUDGET_FACTOR = 8  # times the CPU time a plain splitting loop takes on this machine
CPU_BUDGET_FLOOR = 1.0  # seconds: the contract's "well under a second", on a fast machine


def new_reader(check, impl, sock, **options):
    return check.run(call(impl.LineReader, sock, **options), expected="a LineReader", hint="")


def expect_lines(check, reader, expected, hint):
    """reader.readline() returns each of `expected` in turn (None included)."""
    got = []
    for line in expected:
        got.append(check.run(call(reader.readline), expected=repr(line), hint=hint))
        check.expect(
            exactly(got, expected[: len(got)]),
            got=f"reader.readline() calls returned {got!r}",
            expected=f"{expected!r}, one line per call",
            hint=hint,
        )


# send_line ----------------------------------------------------------------------------------


def test_send_line_sends_the_text_and_a_newline(impl, check, tcp):
    """send_line sends the text as UTF-8 and one newline"""
    sock, server = tcp.server(stall())
    check.run(call(impl.send_line, sock, "héllo wörld"), expected="the line sent", hint="")
    received = tcp.everything_received(sock, server)
    expected = "héllo wörld\n".encode()
    check.expect(
        received == expected,
        got=f"the server received {received!r}",
        expected=repr(expected),
        hint="send text.encode('utf-8') + b'\\n': one '\\n' ends the line (not '\\r\\n', not nothing)",
    )


def test_send_line_sends_every_byte_when_send_takes_only_part(impl, check, tcp):
    """send_line sends every byte when send() takes only part"""
    sock, server = tcp.server(stall(), send_limit=3)
    text = "a line long enough to need several send() calls"
    check.run(call(impl.send_line, sock, text), expected="the line sent", hint=PARTIAL_SEND)
    received = tcp.everything_received(sock, server)
    expected = text.encode() + b"\n"
    check.expect(
        received == expected,
        got=f"{count(len(received), 'byte')} arrived",
        expected=f"all {len(expected)} bytes",
        hint=PARTIAL_SEND,
    )


def test_send_line_refuses_line_breaks_before_sending(impl, check, tcp):
    """send_line raises ValueError for text holding '\\n' or '\\r', and sends nothing"""
    sock, server = tcp.server(stall())
    for text in ("two\nlines", "carriage\rreturn"):
        check.raises(
            ValueError,
            call(impl.send_line, sock, text),
            hint="a '\\n' or '\\r' inside the text would end the line early (or look like a "
            "'\\r\\n'); check for both before sending",
        )
    tcp.expect_nothing_sent(
        sock, server,
        after="send_line raised ValueError",
        why="a refused line must not reach the server, not even in part",
        hint="check the text first and raise before calling send(): once bytes are sent, raising "
        "cannot take them back, and the server would read half a message",
    )


# readline -----------------------------------------------------------------------------------


def test_readline_returns_lines_whatever_the_pieces(impl, check, tcp):
    """readline returns one line per call, however the bytes are cut"""
    lines = ["first line", "second, longer line", "", "thïrd ✓", "last"]
    data = "".join(line + "\n" for line in lines).encode()
    sock, _ = tcp.server(send(data, pieces=seeded(3, 1, 9)), close())
    reader = new_reader(check, impl, sock)
    expect_lines(check, reader, [*lines, None], KEEP_A_BUFFER)


def test_readline_returns_each_of_several_lines_in_one_piece(impl, check, tcp):
    """readline returns each of several lines that arrive in one piece"""
    sock, _ = tcp.server(send(b"one\n", b"two\n", b"three\n"), stall())
    reader = new_reader(check, impl, sock)
    expect_lines(check, reader, ["one", "two", "three"], KEEP_A_BUFFER)


def test_readline_strips_crlf_split_across_pieces(impl, check, tcp):
    """readline removes '\\r\\n', also when '\\r' and '\\n' arrive apart"""
    sock, _ = tcp.server(send(b"abc\r\ndef\r\n", pieces=split_at(4, 9)), close())
    reader = new_reader(check, impl, sock)
    expect_lines(
        check, reader, ["abc", "def", None],
        "a line ends at b'\\n'; then drop one b'\\r' from its end. Look for the end in the "
        "whole buffer, not in each chunk: the '\\r' and the '\\n' may arrive in different pieces",
    )


def test_readline_splits_on_newline_only(impl, check, tcp):
    """readline splits lines at '\\n' only"""
    line = "a\rb\x0bc\x0cd\x1ce\u2028f\u0085g"  # CR, VT, FF, FS, LINE SEPARATOR, NEL inside
    sock, _ = tcp.server(send(line.encode() + b"\n"), close())
    reader = new_reader(check, impl, sock)
    expect_lines(
        check, reader, [line, None],
        "only b'\\n' ends a line; str.splitlines() (and bytes.splitlines()) also split at "
        "'\\r', '\\x0b', '\\x0c', '\\x1c', '\\u2028', '\\x85' and more, which are ordinary "
        "characters here",
    )


def test_readline_tells_an_empty_line_from_the_close(impl, check, tcp):
    """readline returns '' for an empty line and None at the close"""
    sock, _ = tcp.server(send(b"a\n\n\nb\n", pieces=split_at(2, 3)), close())
    reader = new_reader(check, impl, sock)
    expect_lines(
        check, reader, ["a", "", "", "b", None],
        "an empty line is '' and a clean close is None; `return line or None` or "
        "`if not line` mixes the two up",
    )


def test_readline_returns_none_at_once_for_an_empty_stream(impl, check, tcp):
    """readline returns None when the server closes without sending a line"""
    sock, _ = tcp.server(close())
    reader = new_reader(check, impl, sock)
    expect_lines(check, reader, [None], "recv() returning b'' with nothing buffered is a clean close: return None")


def test_readline_reports_a_line_cut_by_the_close(impl, check, tcp):
    """readline raises IncompleteMessageError when the close cuts a line"""
    sock, _ = tcp.server(send(b"complete\nunfinish", pieces=split_at(9)), close())
    reader = new_reader(check, impl, sock)
    hint = (
        "a close in the middle of a line is not a clean end: raise IncompleteMessageError with "
        "the bytes of the cut line as .partial, instead of returning them as a line or None"
    )
    expect_lines(check, reader, ["complete"], hint)
    error = check.raises(impl.IncompleteMessageError, call(reader.readline), hint=hint)
    partial = getattr(error, "partial", None)
    check.expect(
        exactly(partial, b"unfinish"),
        got=f"the IncompleteMessageError's .partial was {check.shown_with_type(partial, b'unfinish')}",
        expected="b'unfinish', the bytes of the cut line",
        hint="pass the buffered bytes of the cut line: IncompleteMessageError(message, partial)",
    )


def test_readline_accepts_a_line_of_exactly_max_line_bytes(impl, check, tcp):
    """readline accepts lines of exactly max_line bytes"""
    sock, _ = tcp.server(send(b"0123456789\n012345678\r\n", pieces=fixed(7)), close())
    reader = new_reader(check, impl, sock, max_line=10)
    expect_lines(
        check, reader, ["0123456789", "012345678", None],
        "max_line is the most bytes a line may have before its '\\n': 10 bytes (or 9 and a "
        "'\\r') with max_line=10 are fine, 11 are too many",
    )


def test_readline_counts_the_carriage_return_in_the_length(impl, check, tcp):
    """readline counts a '\\r' in a line's length"""
    sock, _ = tcp.server(send(b"0123456789\r\n"), close())
    reader = new_reader(check, impl, sock, max_line=10)
    check.raises(
        impl.LineTooLongError,
        call(reader.readline),
        expected="LineTooLongError: 10 bytes and a '\\r' make 11 bytes before the '\\n'",
        hint="a line's length counts every byte before its '\\n', a '\\r' included: measure "
        "before you strip the '\\r'",
    )


def test_readline_refuses_a_long_line_before_its_end_arrives(impl, check, tcp):
    """readline raises LineTooLongError as soon as a line is too long"""
    sock, _ = tcp.server(send(b"x" * 11, pieces=split_at(6)))
    reader = new_reader(check, impl, sock, max_line=10)
    check.raises(
        impl.LineTooLongError,
        call(reader.readline),
        expected="LineTooLongError as soon as 11 bytes without a '\\n' had arrived",
        hint=AS_SOON_AS,
    )


def test_readline_returns_complete_lines_before_a_long_one(impl, check, tcp):
    """readline returns the lines before a too-long line first"""
    sock, _ = tcp.server(send(b"ok\nfine\n" + b"y" * 30), stall())
    reader = new_reader(check, impl, sock, max_line=10)
    hint = (
        "lines that are complete come first: look for a b'\\n' in the buffer before deciding "
        "that what is left is too long"
    )
    expect_lines(check, reader, ["ok", "fine"], hint)
    check.raises(impl.LineTooLongError, call(reader.readline), hint=AS_SOON_AS)


def test_readline_rejects_a_line_that_is_not_utf8(impl, check, tcp):
    """readline raises UnicodeDecodeError for a line that is not UTF-8"""
    sock, _ = tcp.server(send("café\n".encode("latin-1")), close())
    reader = new_reader(check, impl, sock)
    check.raises(
        UnicodeDecodeError,
        call(reader.readline),
        hint="decode each line with .decode('utf-8') and the default errors='strict'",
    )


def test_iterating_over_the_reader_gives_every_line(impl, check, tcp):
    """iterating over a LineReader gives every line until the close"""
    sock, _ = tcp.server(send(b"alpha\r\nbeta\n\ngamma\n", pieces=DRIBBLE), close())
    check.yields(
        ["alpha", "beta", "", "gamma"],
        call(impl.LineReader, sock).shown_as("LineReader(sock)"),
        hint="give LineReader an __iter__ that yields readline() results until it returns None",
    )


# speed --------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_reading_many_lines_costs_little_cpu_time(impl, check, tcp):
    """reading 200,000 lines in a few large chunks takes at most 8 times the CPU time of a plain splitting loop (or 1 s)"""
    data = b"".join(b"line %d\n" % n for n in range(LINES))
    yardstick = impl.helpers.plain_split_seconds(data)  # in the learner's process, where the reading is timed
    budget = max(CPU_BUDGET_FLOOR, CPU_BUDGET_FACTOR * yardstick)
    sock, _ = tcp.server(send(data, pieces=fixed(len(data) // 4 + 1)), close())
    reader = new_reader(check, impl, sock)
    hint = (
        "read big pieces (recv(65536), not one byte at a time: that costs a system call per "
        "byte) and do not copy the whole buffer for every line (slicing bytes or "
        "split(b'\\n', 1) copies the rest each time; deleting from the front of a bytearray, "
        "or keeping an index into the buffer, does not)"
    )
    lines, spent = check.run(
        call(impl.helpers.read_until_close, reader, budget).shown_as(f"reader.readline() ({LINES:,} times)"),
        expected=f"{LINES:,} lines, then None", hint=hint,
    )
    check.expect(
        spent <= budget,
        got=f"after {spent:.1f} s of CPU time your reader had returned {len(lines):,} of {LINES:,} lines",
        expected=f"every line within {budget:.1f} s (a plain splitting loop over the same bytes "
        f"takes {yardstick:.2f} s on this machine)",
        hint=hint,
    )
    wrong = next((n for n, line in enumerate(lines) if line != f"line {n}"), None)
    check.expect(
        wrong is None and len(lines) == LINES,
        got=f"line {wrong} was {lines[wrong]!r}" if wrong is not None else f"{len(lines):,} lines",
        expected=f"{LINES:,} lines, 'line 0' to 'line {LINES - 1}'",
        hint=KEEP_A_BUFFER,
    )
