"""Checks for exercise-2 · Exact reads and fixed-size records (ex02_fixed).

Each check starts a chunking server, hands the client end to the learner's function and tells
the learner, when it fails, what the server did, what came back and what was expected. The
server paces its pieces in lockstep with that socket, and the checks of pieces (split inside a
character or a record, dribbled, seeded, coalesced) rely on each arriving as a read of its own. Records
are built and read with a struct of the checks' own, never the module's READING. Readings are
compared field by field (timestamp, sensor_id, celsius), celsius within 1e-9, since
hundredths / 100 and hundredths * 0.01 may differ in the last bit. When a result is exactly what
a classic mistake produces (the machine's byte order, an unsigned temperature, int() instead of
round()), the hint names that mistake.
"""

import random
import struct

from grader.harness.checking import EXTRA_ITEMS, Hint, a_type, call, exactly, is_timeout
from grader.harness.show import count, show
from grader.harness.tcp import PARTIAL_SEND
from mockservers.script import DRIBBLE, close, fixed, seeded, send, split_at, stall

RECORD = struct.Struct("!IHh")  # the record layout, as the contract fixes it
SIZE = RECORD.size
LITTLE_ENDIAN = struct.Struct("<IHh")  # what struct.Struct("IHh") is on most machines
UNSIGNED = struct.Struct("!IHH")  # the temperature taken as unsigned
TOLERANCE = 1e-9  # for celsius

# Records as the server sends them: (timestamp, sensor id, hundredths of a degree).
RECORDS = [(1_700_000_000, 1, 2150), (1_700_000_060, 513, 1925), (1_700_000_120, 40_000, 3660)]
BELOW_ZERO = [
    (1_700_000_000, 7, -307),
    (1_700_000_060, 7, -1),
    (1_700_000_120, 8, -4000),
    (1_700_000_180, 9, -32_768),
    (1_700_000_240, 9, 32_767),
]


def many_records(number: int, seed: int) -> list[tuple[int, int, int]]:
    rng = random.Random(seed)
    return [(1_700_000_000 + 60 * i, rng.randrange(65_536), rng.randrange(-32_768, 32_768)) for i in range(number)]


MANY = many_records(20, seed=2)

# Readings for send_readings: (timestamp, sensor id, celsius); round(celsius * 100) goes out.
SIMPLE = [(1_700_000_000, 1, 21.5), (1_700_000_060, 513, 19.25), (1_700_000_120, 40_000, 36.0)]
ROUNDED = [  # celsius * 100 in floating point, where it is not a whole number; no value is a tie (x.5)
    (1_700_000_000, 1, 0.29),  # 28.999999999999996
    (1_700_000_060, 1, 1.15),  # 114.99999999999999
    (1_700_000_120, 2, 8.2),  # 819.9999999999999
    (1_700_000_180, 2, 20.126),  # 2012.6000000000001
    (1_700_000_240, 3, -0.29),  # -28.999999999999996
    (1_700_000_300, 3, -3.07),
    (1_700_000_360, 4, -4.35),  # -434.99999999999994
    (1_700_000_420, 4, -20.126),
    (1_700_000_480, 5, -0.006),  # -0.6
]
COLD = [(1_700_000_000, 7, -3.07), (1_700_000_060, 7, -0.01), (1_700_000_120, 8, -40.0), (1_700_000_180, 9, -327.68)]

# Hints: what the network did, in plain words, and the classic mistake ---------------------------

ONE_RECV = (
    "recv(n) returns at most n bytes: whatever has arrived so far, maybe a single byte. Keep calling "
    "recv() until you have all n bytes, and return as soon as you have them (do not wait for the close)"
)
ONLY_WHAT_IS_MISSING = (
    "ask recv() only for the bytes still missing, recv(n - len(data)), not recv(n) again: a bigger "
    "request can return bytes past the n you were asked for"
)
TOOK_TOO_MUCH = (
    "the first call took b'89' from the socket too: after b'012' and b'345' had arrived, recv(8) returned "
    "all of b'6789', and cutting the result down to n (data[:n]) does not give the rest back. Ask recv() "
    "only for the bytes still missing, recv(n - len(data))"
)
LEAVE_THE_REST = (
    "bytes that recv() has returned are gone from the socket: asking for more than n (recv(4096)) and "
    "keeping only n loses the rest, which belongs to the next read. Ask recv() only for the bytes still "
    "missing, recv(n - len(data)) (a sock.makefile() made afresh in every call reads ahead and loses "
    "them too)"
)
ZERO = (
    "n == 0 asks for no bytes: return b'' at once, without calling recv(). recv(0) returns b'' too, "
    "which looks just like a close"
)
ZERO_TAKES_NOTHING = "recv_exactly(sock, 0) must not take any bytes from the socket: they belong to the next read"
NEGATIVE = (
    "no one can read a negative number of bytes: check n first and raise ValueError "
    "(a loop such as `while len(data) < n` just returns b'')"
)
CLOSED = (
    "recv() returning b'' means the server closed its side: no more bytes will come, and calling recv() "
    "again only returns b'' again, forever"
)
EARLY_CLOSE = (
    CLOSED + ". Before n bytes that is an error: raise IncompleteReadError(partial, n) with the bytes that did arrive"
)
NOTHING_ARRIVED = (
    "a close before the first byte is a close before n bytes too: raise IncompleteReadError(b'', n). "
    "Returning b'' would look like a successful read"
)
PARTIAL_AND_EXPECTED = (
    "build the error as IncompleteReadError(partial, n): partial is every byte that arrived before the "
    "close (all the chunks, not only the last one), and n is how many you were asked for"
)
SEVERAL_IN_ONE = (
    "one recv() can hold several records (here all three arrived in one piece), and bytes you do not "
    "use are lost: read exactly 8 bytes per record, recv_exactly(sock, READING.size)"
)
PIECES = (
    "a record may arrive in several pieces, and one piece may hold the end of one record and the start "
    "of the next: read each record with recv_exactly(sock, READING.size), not with one recv()"
)
BYTE_ORDER = (
    "the fields are in network byte order (big-endian), most significant byte first, as READING = "
    "struct.Struct('!IHh') says; struct.Struct('IHh') without the '!' uses your machine's byte order, "
    "little-endian on most computers. Use READING.pack() and READING.unpack()"
)
SIGNED = (
    "the temperature is a signed 16-bit number ('h' in READING): b'\\xfe\\xcd' is -307, that is "
    "-3.07 °C, but read as unsigned ('H') it is 65229"
)
HUNDREDTHS_IN = "the temperature field counts hundredths of a degree: 2150 means 21.5 °C, so divide it by 100"
NOT_READINGS = (
    "yield Reading objects, such as Reading(timestamp, sensor_id, hundredths / 100), "
    "not the plain tuples READING.unpack() returns"
)
CLEAN_END = (
    "a close between two records (or before the first one) is the normal end of the stream: end the "
    "iteration (return from the generator) instead of raising. Only a close in the middle of a record "
    "is an error"
)
LOOPS_AT_THE_CLOSE = CLOSED + ". Stop reading there"
AS_THEY_ARRIVE = (
    "yield each reading as soon as its 8 bytes have arrived: a sensor stream may stay open for days, "
    "so reading everything until the close (recv() until b'', or sock.makefile().read()) before "
    "yielding the first reading means yielding nothing at all. Read one record with "
    "recv_exactly(sock, READING.size), yield it, then read the next"
)
MID_RECORD = (
    "a close between two records is the normal end, but a close in the middle of a record means bytes "
    "were lost: raise IncompleteReadError instead of ending quietly. To tell the two apart, read a "
    "record's first byte on its own, or catch recv_exactly's error and look at its .partial"
)
CUT_RECORD = (
    "raise IncompleteReadError(partial, READING.size), where partial is every byte of the cut record "
    "that arrived; if you read the record's first byte on its own, put it back in front of the rest"
)
PACK = (
    "pack each reading with READING.pack(reading.timestamp, reading.sensor_id, "
    "round(reading.celsius * 100)) and send every record"
)
ROUNDING = (
    "celsius * 100 is not exact in floating point: 0.29 * 100 is 28.999999999999996, which int() cuts "
    "to 28, and int(x + 0.5) goes wrong below zero. Use round(celsius * 100)"
)
HUNDREDTHS_OUT = "the temperature travels in hundredths of a degree: 21.5 °C is sent as 2150, round(celsius * 100)"
SIGNED_OUT = (
    "temperatures below zero need the signed 16-bit field ('h', as in READING); "
    "'H' is unsigned and cannot hold a negative number"
)
ANY_ITERABLE = (
    "readings may be any iterable, and a generator can be gone through only once: loop over it once, "
    "without len(), indexing or a first pass to count"
)
NOTHING_TO_SEND = "with no readings there is nothing to send, not a single byte"


def packed(records) -> bytes:
    return b"".join(RECORD.pack(*record) for record in records)


# Readings: compared field by field, and told ------------------------------------------------

FIELDS = ("timestamp", "sensor_id", "celsius")
MISSING = object()


def fields_of(item) -> tuple:
    return tuple(getattr(item, name, MISSING) for name in FIELDS)


def matches(item, record) -> bool:
    """The item has the record's timestamp and sensor id (ints), and its celsius is hundredths / 100."""
    timestamp, sensor_id, celsius = fields_of(item)
    try:
        return (
            type(timestamp) is int
            and timestamp == record[0]
            and type(sensor_id) is int
            and sensor_id == record[1]
            and type(celsius) in (int, float)
            and abs(celsius - record[2] / 100) < TOLERANCE
        )
    except Exception:  # noqa: BLE001 - a value that cannot even be compared is not the right one
        return False


def all_match(items, records) -> bool:
    return len(items) == len(records) and all(matches(i, r) for i, r in zip(items, records))


def described(item) -> str:
    """`Reading(timestamp=1700000000, sensor_id=1, celsius=21.5)`, or the item as it is."""
    values = fields_of(item)
    if MISSING in values:
        return show(item)
    return f"{type(item).__name__}(" + ", ".join(f"{n}={show(v)}" for n, v in zip(FIELDS, values)) + ")"


def reading_of(record) -> str:
    timestamp, sensor_id, hundredths = record
    return f"Reading(timestamp={timestamp}, sensor_id={sensor_id}, celsius={show(hundredths / 100)})"


def expecting(records) -> str:
    if not records:
        return "no readings: the server closed before sending a record"
    return f"{count(len(records), 'reading')}, one for each {SIZE}-byte record the server sent"


def mistaken_readings(records):
    """What classic mistakes make of the records' bytes, with the hint that names each mistake."""
    data = packed(records)
    yield list(LITTLE_ENDIAN.iter_unpack(data)), BYTE_ORDER
    yield list(UNSIGNED.iter_unpack(data)), SIGNED
    yield [(t, s, h * 100) for t, s, h in records], HUNDREDTHS_IN  # hundredths not divided by 100


def readings_hint(items, records, hint: str) -> str:
    if any(MISSING in fields_of(item) for item in items):
        return NOT_READINGS
    for mistaken, mistake_hint in mistaken_readings(records):
        if all_match(items, mistaken):
            return mistake_hint
    return hint


def unless_it_hangs(hint: str, hang_hint: str) -> Hint:
    """`hint`, or `hang_hint` when the call was still waiting at the time limit."""
    return lambda exc: hang_hint if is_timeout(exc) else hint


def collect(check, the_call, records, *, hint: str, ends_with=None, expected: str = ""):
    """Iterate over what the call returns: (items, the `ends_with` error that ended it, or None).

    Not check.yields, which fails at any error and compares the items itself: a check of a cut
    record needs the error that ends the iteration, with the items yielded before it, and
    expect_readings says which reading is wrong and names the mistake the items show. Without
    `ends_with` the server closes right after the records, so a ConnectionError after them is a
    clean end taken for an error. An iteration that goes on well past the records is cut short.
    """
    items = []
    try:
        for item in the_call():
            items.append(item)
            if len(items) > len(records) + EXTRA_ITEMS:
                break
    except (ends_with or ()) as exc:
        return items, exc
    except BaseException as exc:  # noqa: BLE001 - everything learner code does is reported
        expected = expected or expecting(records)
        if ends_with is None and isinstance(exc, ConnectionError) and len(items) >= len(records):
            hint = CLEAN_END
            expected = (
                f"the iteration to end after {count(len(records), 'reading')}: the server closed between "
                "two records"
                if records
                else "the iteration to end, yielding nothing: the server closed before sending a record"
            )
        so_far = f" after yielding {count(len(items), 'reading')}" if items else ""
        what = check.what_happened(f"iterating over {the_call}", exc) + so_far
        check.fail(what, f"expected {expected}", hint=unless_it_hangs(hint, LOOPS_AT_THE_CLOSE), cause=exc)
    return items, None


def expect_readings(check, the_call, items, records, *, hint: str, then: str = "") -> None:
    """The items are the records' readings, in order; else say which one is wrong, and why."""
    if all_match(items, records):
        return
    hint = readings_hint(items, records, hint)
    for number, (item, record) in enumerate(zip(items, records), start=1):
        if not matches(item, record):
            check.fail(
                f"record {number} was {show(RECORD.pack(*record))}; iterating over {the_call} "
                f"yielded {described(item)} for it",
                f"expected {reading_of(record)}",
                hint=hint,
            )
    yielded = count(len(items), "reading")
    if len(items) > len(records) + EXTRA_ITEMS:
        yielded = f"more than {count(len(records) + EXTRA_ITEMS, 'reading')}, and went on"
    shown = f": [{', '.join(described(item) for item in items)}]" if 0 < len(items) <= 3 else ""
    check.fail(f"iterating over {the_call} yielded {yielded}{then}{shown}", f"expected {expecting(records)}", hint=hint)


def readings_from(impl, check, tcp, records, *steps, hint: str) -> None:
    """iter_readings, on a connection to a server playing `steps`, yields the records' readings."""
    sock, _ = tcp.server(*steps)
    the_call = call(impl.iter_readings, sock)
    items, _ = collect(check, the_call, records, hint=hint)
    expect_readings(check, the_call, items, records, hint=hint)


# What send_readings sent, compared and told ---------------------------------------------------


def records_for(readings) -> list[tuple[int, int, int]]:
    """The records send_readings must send for `readings`: round(celsius * 100) hundredths."""
    return [(t, s, round(c * 100)) for t, s, c in readings]


def readings_shown(readings) -> str:
    """`[Reading(1700000000, 1, 0.29), Reading(...), … (9 readings)]`, kept short."""
    shown = [f"Reading({t}, {s}, {c!r})" for t, s, c in readings[:2]]
    if len(readings) > 2:
        shown.append(f"… ({count(len(readings), 'reading')})")
    return "[" + ", ".join(shown) + "]"


def mistaken_bytes(readings):
    """The bytes classic mistakes send for `readings`, with the hint that names each mistake."""

    def pack(layout, hundredths):
        try:
            return b"".join(layout.pack(t, s, hundredths(c)) for t, s, c in readings)
        except struct.error:
            return None

    yield pack(LITTLE_ENDIAN, lambda c: round(c * 100)), BYTE_ORDER
    yield pack(LITTLE_ENDIAN, lambda c: int(c * 100)), BYTE_ORDER
    yield pack(RECORD, lambda c: int(c * 100)), ROUNDING
    yield pack(RECORD, lambda c: int(c * 100 + 0.5)), ROUNDING
    yield pack(RECORD, round), HUNDREDTHS_OUT


def expect_send(impl, check, tcp, readings, *, hint: str, argument=None, shown: str = "", send_limit=None):
    """send_readings(sock, argument) sends exactly the records of `readings` (a list of Reading by default).

    If it does not, say which record is wrong, and why.
    """
    sock, server = tcp.server(stall(), send_limit=send_limit)
    argument = [impl.Reading(*reading) for reading in readings] if argument is None else argument
    the_call = call(impl.send_readings, sock, argument)
    the_call.shown_as(f"send_readings(sock, {shown or readings_shown(readings)})")
    below_zero = any(celsius < 0 for _, _, celsius in readings)
    check.run(
        the_call,
        expected=f"{count(len(readings), 'reading')} sent",
        # packing with 'H' is the classic way to fail here
        hint=lambda exc: SIGNED_OUT if below_zero and isinstance(exc, struct.error) else hint,
    )
    received = tcp.everything_received(sock, server)
    records = records_for(readings)
    expected = packed(records)
    if received == expected:
        return
    hint = next((h for mistaken, h in mistaken_bytes(readings) if received == mistaken), hint)
    if len(received) == len(expected):
        for number, ((t, s, c), record) in enumerate(zip(readings, records), start=1):
            got = received[(number - 1) * SIZE : number * SIZE]
            if got != RECORD.pack(*record):
                check.fail(
                    f"Reading({t}, {s}, {c!r}), reading {number} of {len(readings)}, was sent as {show(got)}",
                    f"expected {show(RECORD.pack(*record))}, that is READING.pack({t}, {s}, {record[2]})",
                    hint=hint,
                )
    check.fail(
        f"the server received {count(len(received), 'byte')} for {count(len(readings), 'reading')}",
        f"expected {count(len(expected), 'byte')}, {SIZE} for each reading: {show(expected)}",
        hint=hint,
    )


# IncompleteReadError ----------------------------------------------------------------------------


def incomplete_read(impl, check, sock, n: int, *, arrived: int, hint: str):
    """recv_exactly(sock, n) raises IncompleteReadError; return it. A hang is told as a loop on b''."""
    return check.raises(
        impl.IncompleteReadError,
        call(impl.recv_exactly, sock, n),
        expected=f"IncompleteReadError: the server closed after {arrived} of the {n} bytes",
        hint=unless_it_hangs(hint, EARLY_CLOSE),
    )


def expect_error_fields(check, error, partial: bytes, expected: int, *, why: tuple[str, str], hint: str) -> None:
    """The error's .partial and .expected are these; `why` says what each of them is."""
    got_partial = getattr(error, "partial", MISSING)
    got_expected = getattr(error, "expected", MISSING)
    if exactly(got_partial, partial) and exactly(got_expected, expected):
        return

    def shown(name, value):
        return f"no .{name}" if value is MISSING else f".{name} == {show(value)} ({a_type(value)})"

    check.fail(
        f"the IncompleteReadError has {shown('partial', got_partial)} and {shown('expected', got_expected)}",
        f"expected .partial == {show(partial)} ({why[0]}) and .expected == {expected} ({why[1]})",
        hint=hint,
    )


# recv_exactly -------------------------------------------------------------------------------


def test_recv_exactly_keeps_reading_until_it_has_n_bytes(impl, check, tcp):
    """recv_exactly keeps reading until it has n bytes"""
    sock, _ = tcp.server(send(b"exactly!", pieces=DRIBBLE), stall())
    check.returns(b"exactly!", call(impl.recv_exactly, sock, 8), hint=ONE_RECV)


def test_recv_exactly_asks_only_for_the_missing_bytes(impl, check, tcp):
    """recv_exactly asks recv() only for the bytes still missing"""
    # After b'012' and b'345', a recv(8) would take all of b'6789': two bytes past the 8.
    sock, _ = tcp.server(send(b"0123456789", pieces=split_at(3, 6)), close())
    got = check.run(call(impl.recv_exactly, sock, 8), expected="b'01234567'", hint=ONE_RECV)
    too_many = isinstance(got, (bytes, bytearray)) and len(got) > 8
    check.expect(
        exactly(got, b"01234567"),
        got=f"recv_exactly(sock, 8) returned {check.shown_with_type(got, b'01234567')}",
        expected="b'01234567', the first 8 bytes",
        hint=ONLY_WHAT_IS_MISSING if too_many else ONE_RECV,
    )
    then = call(impl.recv_exactly, sock, 2).shown_as("then recv_exactly(sock, 2)")
    check.returns(b"89", then, hint=TOOK_TOO_MUCH)


def test_recv_exactly_leaves_the_rest_for_the_next_read(impl, check, tcp):
    """recv_exactly leaves the bytes after n for the next read"""
    sock, _ = tcp.server(send(b"headbody!!"), close())
    check.returns(b"head", call(impl.recv_exactly, sock, 4), hint=LEAVE_THE_REST)
    then = call(impl.recv_exactly, sock, 6).shown_as("then recv_exactly(sock, 6)")
    check.returns(b"body!!", then, hint=LEAVE_THE_REST)


def test_recv_exactly_zero_returns_empty_bytes_without_reading(impl, check, tcp):
    """recv_exactly(sock, 0) returns b'' without reading"""
    sock, _ = tcp.server(send(b"abc"), stall())
    check.returns(b"", call(impl.recv_exactly, sock, 0), hint=ZERO)
    then = call(impl.recv_exactly, sock, 3).shown_as("then recv_exactly(sock, 3)")
    check.returns(b"abc", then, hint=ZERO_TAKES_NOTHING)


def test_recv_exactly_rejects_a_negative_n(impl, check, tcp):
    """recv_exactly raises ValueError for a negative n"""
    sock, _ = tcp.server(stall())
    check.raises(ValueError, call(impl.recv_exactly, sock, -1), hint=NEGATIVE)


def test_recv_exactly_raises_when_the_server_closes_early(impl, check, tcp):
    """recv_exactly raises IncompleteReadError when the server closes too early"""
    sock, _ = tcp.server(send(b"abc", pieces=split_at(1)), close())
    incomplete_read(impl, check, sock, 8, arrived=3, hint=EARLY_CLOSE)


def test_recv_exactly_error_holds_partial_and_expected(impl, check, tcp):
    """recv_exactly's IncompleteReadError holds the bytes that arrived (.partial) and n (.expected)"""
    sock, _ = tcp.server(send(b"abc", pieces=split_at(1, 2)), close())
    error = incomplete_read(impl, check, sock, 8, arrived=3, hint=EARLY_CLOSE)
    why = ("the 3 bytes that arrived", "the n asked for")
    expect_error_fields(check, error, b"abc", 8, why=why, hint=PARTIAL_AND_EXPECTED)


def test_recv_exactly_raises_when_nothing_arrives_before_the_close(impl, check, tcp):
    """recv_exactly raises IncompleteReadError when the server closes before sending anything"""
    sock, _ = tcp.server(close())
    error = incomplete_read(impl, check, sock, 4, arrived=0, hint=NOTHING_ARRIVED)
    why = ("no byte arrived", "the n asked for")
    expect_error_fields(check, error, b"", 4, why=why, hint=PARTIAL_AND_EXPECTED)


# iter_readings ------------------------------------------------------------------------------


def test_iter_readings_decodes_records_that_arrive_together(impl, check, tcp):
    """iter_readings decodes several records that arrive in one piece"""
    readings_from(impl, check, tcp, RECORDS, send(packed(RECORDS)), close(), hint=SEVERAL_IN_ONE)


def test_iter_readings_decodes_records_split_anywhere(impl, check, tcp):
    """iter_readings decodes records split inside and across records"""
    pieces = split_at(3, 8, 13, 19, 22)  # inside record 1, at its end, inside 2, across 2|3, inside 3
    readings_from(impl, check, tcp, RECORDS, send(packed(RECORDS), pieces=pieces), close(), hint=PIECES)


def test_iter_readings_decodes_records_that_arrive_one_byte_at_a_time(impl, check, tcp):
    """iter_readings decodes records that arrive one byte at a time"""
    readings_from(impl, check, tcp, RECORDS, send(packed(RECORDS), pieces=DRIBBLE), close(), hint=PIECES)


def test_iter_readings_decodes_records_in_random_pieces(impl, check, tcp):
    """iter_readings decodes 20 records that arrive in random pieces"""
    readings_from(impl, check, tcp, MANY, send(packed(MANY), pieces=seeded(7, 1, 13)), close(), hint=PIECES)


def test_iter_readings_decodes_temperatures_below_zero(impl, check, tcp):
    """iter_readings decodes temperatures below zero"""
    readings_from(impl, check, tcp, BELOW_ZERO, send(packed(BELOW_ZERO), pieces=fixed(SIZE)), close(), hint=SIGNED)


def test_iter_readings_yields_nothing_when_the_server_closes_at_once(impl, check, tcp):
    """iter_readings yields nothing when the server closes before the first record"""
    readings_from(impl, check, tcp, [], close(), hint=CLEAN_END)


def test_iter_readings_yields_each_record_while_the_connection_stays_open(impl, check, tcp):
    """iter_readings yields each record as soon as it has arrived, while the connection stays open"""
    sock, _ = tcp.server(send(packed(RECORDS[:2]), pieces=fixed(SIZE)), stall())
    readings = check.run(call(impl.iter_readings, sock), expected="an iterator of readings", hint=AS_THEY_ARRIVE)
    the_call = call(impl.iter_readings, sock)
    items = []
    for number in (1, 2):
        step = call(next, readings).shown_as(f"next(iter_readings(sock)) for reading {number}")
        expected = f"{reading_of(RECORDS[number - 1])} as soon as its 8 bytes had arrived"
        items.append(check.run(step, expected=expected, hint=AS_THEY_ARRIVE))
    expect_readings(check, the_call, items, RECORDS[:2], hint=AS_THEY_ARRIVE)


def cut_record(impl, check, tcp):
    """Two records and 3 bytes of a third, then a close: the error iter_readings raises after the two."""
    data = packed(RECORDS)[: 2 * SIZE + 3]
    sock, _ = tcp.server(send(data, pieces=split_at(5, 12, 17)), close())  # the cut record comes as 1 + 2 bytes
    the_call = call(impl.iter_readings, sock)
    expected = "the 2 complete readings, then IncompleteReadError: the close came 3 bytes into the third record"
    ends_with = impl.IncompleteReadError
    items, error = collect(check, the_call, RECORDS[:2], hint=MID_RECORD, ends_with=ends_with, expected=expected)
    then = " before raising" if error is not None else " and then ended quietly"
    expect_readings(check, the_call, items, RECORDS[:2], hint=MID_RECORD, then=then)
    check.expect(
        error is not None,
        got=f"iterating over {the_call} yielded the 2 complete readings and then ended quietly",
        expected="IncompleteReadError after them: the close came 3 bytes into the third record",
        hint=MID_RECORD,
    )
    return error


def test_iter_readings_raises_when_the_close_cuts_a_record(impl, check, tcp):
    """iter_readings raises IncompleteReadError when the close cuts a record"""
    cut_record(impl, check, tcp)


def test_iter_readings_error_holds_the_bytes_of_the_cut_record(impl, check, tcp):
    """iter_readings's IncompleteReadError holds the cut record's bytes (.partial) and 8 (.expected)"""
    error = cut_record(impl, check, tcp)
    why = ("the 3 bytes of the cut record that arrived", "READING.size")
    expect_error_fields(check, error, packed(RECORDS[2:])[:3], SIZE, why=why, hint=CUT_RECORD)


# send_readings ------------------------------------------------------------------------------


def test_send_readings_sends_records_in_network_byte_order(impl, check, tcp):
    """send_readings sends each reading as 8 bytes in network byte order"""
    expect_send(impl, check, tcp, SIMPLE, hint=PACK)


def test_send_readings_rounds_to_the_nearest_hundredth(impl, check, tcp):
    """send_readings rounds celsius to the nearest hundredth"""
    expect_send(impl, check, tcp, ROUNDED, hint=ROUNDING)


def test_send_readings_sends_temperatures_below_zero(impl, check, tcp):
    """send_readings sends temperatures below zero"""
    expect_send(impl, check, tcp, COLD, hint=SIGNED_OUT)


def test_send_readings_accepts_a_generator(impl, check, tcp):
    """send_readings sends the readings of any iterable, such as a generator"""
    readings = (impl.Reading(*reading) for reading in SIMPLE)
    expect_send(impl, check, tcp, SIMPLE, argument=readings, shown="a generator of 3 readings", hint=ANY_ITERABLE)


def test_send_readings_keeps_sending_when_send_takes_only_part(impl, check, tcp):
    """send_readings sends every byte when send() takes only part"""
    expect_send(impl, check, tcp, SIMPLE, send_limit=3, hint=PARTIAL_SEND)


def test_send_readings_sends_nothing_for_no_readings(impl, check, tcp):
    """send_readings sends nothing when there are no readings"""
    sock, server = tcp.server(stall())
    check.run(call(impl.send_readings, sock, []), expected="nothing sent", hint=NOTHING_TO_SEND)
    received = tcp.everything_received(sock, server)
    check.expect(
        received == b"",
        got=f"the server received {show(received)}",
        expected="nothing, not a byte",
        hint=NOTHING_TO_SEND,
    )
