"""Exercise 2 · Exact reads and fixed-size records

Many protocols send records of a fixed size, one after another. Here a sensor reports
temperatures over TCP as 8-byte records:

    bytes  field                                    struct code
    0-3    timestamp, in unix seconds               I  unsigned, 32 bits
    4-5    sensor id                                H  unsigned, 16 bits
    6-7    temperature, in hundredths of a degree   h  signed, 16 bits (-327.68 to 327.67 °C)

Every field is big-endian, "network byte order", so the layout is READING =
struct.Struct("!IHh"): `READING.pack(timestamp, sensor_id, hundredths)` makes the 8 bytes
and `READING.unpack(data)` takes them apart again. A temperature of 21.5 °C travels as 2150.

Reading a record takes more than `sock.recv(8)`. `recv(n)` returns *at most* n bytes, whatever
has arrived so far, so a record may come in several pieces, and one piece may hold the end of
one record and the start of the next. `recv()` returns `b""` only once the peer has closed its
side: a close between two records ends the stream; a close in the middle of one means bytes
were lost.

Write these three functions:

- `recv_exactly(sock, n)`: return exactly `n` bytes, calling `recv()` as often as it takes but
  never taking more than `n` bytes from the socket (the rest belongs to the next read).
  `n == 0` returns `b""` without reading; a negative `n` raises `ValueError`. If the peer
  closes first, raise `IncompleteReadError(partial, n)` with the bytes that did arrive.
- `iter_readings(sock)`: a generator that yields a `Reading` for each record (celsius is the
  hundredths divided by 100) until the peer closes between two records. A close in the
  middle of a record raises `IncompleteReadError` with `.expected == READING.size` and
  `.partial` the bytes of that record that arrived. Yield each reading as soon as its 8 bytes
  have arrived, while the connection stays open: a sensor stream may never close.
- `send_readings(sock, readings)`: pack every reading (from any iterable, a generator too) and
  send every byte. The temperature goes in whole hundredths, `round(celsius * 100)`: in
  floating point 0.29 * 100 is 28.999999999999996, which int() would cut to 28.

Example, with a peer that sends b"eS\\xf1" and then b"\\x00\\x00\\x01\\x08f" and closes (Python
shows the bytes 0x65, 0x53 and 0x66 as e, S and f):

    >>> recv_exactly(sock, 8)
    b'eS\\xf1\\x00\\x00\\x01\\x08f'
    >>> list(iter_readings(sock))     # on a fresh connection from the same peer
    [Reading(timestamp=1700000000, sensor_id=1, celsius=21.5)]
    >>> send_readings(sock, [Reading(1700000000, 1, 21.5)])     # sends those 8 bytes

and with a peer that sends b"eS\\xf1" and closes:

    >>> recv_exactly(sock, 8)
    IncompleteReadError: peer closed after 3 of 8 bytes

Check your work with `grade exercise-2`; stuck? `grade hint exercise-2`.
"""

import socket
import struct
from collections.abc import Iterable, Iterator
from typing import NamedTuple


class IncompleteReadError(ConnectionError):
    """The peer closed the connection before `expected` bytes arrived.

    `partial` holds the bytes that did arrive (maybe none); `expected` is how many were wanted.
    """

    def __init__(self, partial: bytes, expected: int) -> None:
        super().__init__(f"peer closed after {len(partial)} of {expected} bytes")
        self.partial = partial
        self.expected = expected


READING = struct.Struct("!IHh")  # timestamp u32, sensor id u16, hundredths of a degree i16


class Reading(NamedTuple):
    """One temperature reading: when (unix seconds), from which sensor, and how warm (°C)."""

    timestamp: int
    sensor_id: int
    celsius: float


def recv_exactly(sock: socket.socket, n: int) -> bytes:
    """Read and return exactly `n` bytes; raise IncompleteReadError if the peer closes first."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise IncompleteReadError(bytes(data), n)
        data += chunk
    return bytes(data)


def iter_readings(sock: socket.socket) -> Iterator[Reading]:
    """Yield a Reading for each record until the peer closes between two records."""
    while True:
        first = sock.recv(1)
        if not first:
            return
        try:
            rest = recv_exactly(sock, READING.size - 1)
        except IncompleteReadError as exc:
            raise IncompleteReadError(first + exc.partial, READING.size) from None
        timestamp, sensor_id, hundredths = READING.unpack(first + rest)
        yield Reading(timestamp, sensor_id, hundredths / 100)


def send_readings(sock: socket.socket, readings: Iterable[Reading]) -> None:
    """Pack every reading as an 8-byte record and send all of them."""
    records = [READING.pack(r.timestamp, r.sensor_id, round(r.celsius * 100)) for r in readings]
    sock.sendall(b"".join(records))
