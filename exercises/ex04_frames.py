"""Exercise 4 · Length-prefixed messages

TCP carries one long stream of bytes, not messages: to send messages over it, you need a way
to tell where one ends and the next begins. Exercise 3 ended each message with a newline;
here each message, called a *frame*, starts with its length:

    header: the length, 4 bytes, big-endian    payload: that many bytes
    b'\\x00\\x00\\x00\\x05'                        b'hello'

`HEADER = struct.Struct("!I")` packs and unpacks the length: "!" is network byte order
(big-endian, most significant byte first) and "I" an unsigned 32-bit number, so
`HEADER.pack(5)` is b'\\x00\\x00\\x00\\x05' and `HEADER.unpack(b'\\x00\\x00\\x00\\x05')` is (5,).
A payload can be anything, even empty (b'\\x00\\x00\\x00\\x00' is a frame of 0 bytes), because
no byte of it is special. Three things make this harder than it looks:

1. `sock.recv(n)` returns whatever has arrived so far, *at most* n bytes. A header can arrive
   in pieces (2 bytes now, 2 later), a payload too, and one recv() can hold the end of one
   frame and the start of the next, or several whole frames. So read exactly 4 bytes, then
   exactly `length` bytes, asking recv() only for what is still missing: then you never take
   bytes that belong to the next frame.
2. The peer may close at any moment, and then recv() returns b''. Before the first byte of a
   header that is the normal end of the conversation; inside a header or a payload the
   message was cut off, and that is an error.
3. Never trust a length header: the peer chooses it. b'\\xff\\xff\\xff\\xff' announces
   4,294,967,295 bytes (4 GiB). Compare the length with `max_size` right after reading the
   header, before you read the payload or make room for it.

Write these four functions:

- `send_frame(sock, payload, max_size=MAX_FRAME)`: send the header, then the payload, every
  byte of both (a single `send()` may take only part; `sendall()` loops for you). Raise
  `FrameTooLargeError` if the payload is larger than `max_size` bytes (exactly `max_size`
  bytes is fine).
- `recv_frame(sock, max_size=MAX_FRAME)`: read one frame and return its payload, as bytes.
  Return `None` if the peer closed before the first byte of a header; raise
  `IncompleteMessageError` if it closed inside a header or a payload; raise
  `FrameTooLargeError` as soon as a header announces more than `max_size` bytes, without
  reading the payload. An empty frame is b'', not None.
- `send_json(sock, obj)`: send `obj` as compact JSON text, encoded as UTF-8, in one frame.
  Compact means `json.dumps(obj, separators=(",", ":"))`, no spaces; whether non-ASCII
  characters are escaped (`ensure_ascii`) is up to you.
- `recv_json(sock, max_size=MAX_FRAME)`: read one frame (at most `max_size` bytes) and return
  the object its JSON holds; `None` if the peer closed cleanly. Raise `ProtocolError` if the
  frame is not UTF-8 JSON: bad input from the peer must not escape as a UnicodeDecodeError or
  json.JSONDecodeError from deep inside your code.

Example, with a peer that sends b'\\x00\\x00', then b'\\x00\\x05hello\\x00\\x00\\x00\\x00' and
closes:

    >>> recv_frame(sock)
    b'hello'
    >>> recv_frame(sock)          # the empty frame
    b''
    >>> print(recv_frame(sock))   # the peer closed
    None

and `send_json(sock, {"id": 7, "tags": ["a", "b"]})` sends
b'\\x00\\x00\\x00\\x19{"id":7,"tags":["a","b"]}' (0x19 is 25, the length of the JSON text).

Check your work with `grade exercise-4`; stuck? `grade hint exercise-4`.
"""

import json
import socket
import struct

HEADER = struct.Struct("!I")  # the length of the payload: 4 bytes, network order (big-endian)
MAX_FRAME = 16 * 1024 * 1024  # the largest payload accepted unless the caller says otherwise
RECV_SIZE = 65_536  # the most bytes to ask recv() for at a time


class FrameTooLargeError(ValueError):
    """A payload, or the length a header announces, is larger than the caller's max_size."""


class IncompleteMessageError(ConnectionError):
    """The peer closed the connection inside a frame: after part of its header or payload.

    `.partial` holds the bytes of that frame that did arrive (header included).
    """

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        self.partial = partial


class ProtocolError(ValueError):
    """The peer sent a frame that breaks the protocol, such as one that is not UTF-8 JSON."""


def send_frame(sock: socket.socket, payload: bytes, max_size: int = MAX_FRAME) -> None:
    """Send `payload` as one frame: its length as a 4-byte big-endian header, then the payload."""
    raise NotImplementedError('send_frame() is not written yet: write it in exercises/ex04_frames.py')


def recv_frame(sock: socket.socket, max_size: int = MAX_FRAME) -> bytes | None:
    """Read one frame and return its payload; None if the peer closed before a header."""
    raise NotImplementedError('recv_frame() is not written yet: write it in exercises/ex04_frames.py')


def send_json(sock: socket.socket, obj: object) -> None:
    """Send `obj` as compact UTF-8 JSON in one frame."""
    raise NotImplementedError('send_json() is not written yet: write it in exercises/ex04_frames.py')


def recv_json(sock: socket.socket, max_size: int = MAX_FRAME) -> object | None:
    """Read one frame and return the object its JSON holds; None if the peer closed cleanly."""
    raise NotImplementedError('recv_json() is not written yet: write it in exercises/ex04_frames.py')
