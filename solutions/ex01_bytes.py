"""Exercise 1 · Text on the wire

A socket carries bytes, not text. To send text you encode it (always UTF-8 here); to receive
text you collect bytes and decode them. Two things make this harder than it looks:

1. `sock.send(data)` may send only *part* of `data`. It returns how many bytes it took; the
   rest is still yours to send. (`sock.sendall(data)` loops for you.)
2. `sock.recv(n)` returns whatever has arrived so far: maybe 1 byte, maybe n. The peer has
   finished sending only when `recv()` returns `b""`. And a UTF-8 character is 1 to 4 bytes,
   so one character can arrive split across two `recv()` calls.

Write these three functions:

- `send_text(sock, text)`: encode `text` as UTF-8, send every byte, return how many bytes
  were sent (bytes, not characters: `"é"` is 2 bytes).
- `recv_text(sock, limit=1_048_576)`: read until the peer closes its side, then return the
  decoded text. Raise `MessageTooLargeError` as soon as more than `limit` bytes have arrived;
  do not wait for the close. Invalid UTF-8 raises `UnicodeDecodeError`.
- `iter_text(sock)`: a generator that yields text as it arrives, without waiting for the
  close, and never splits a character that arrived in two pieces. A character cut off by the
  close raises `UnicodeDecodeError`.

Example, with a peer that sends b"caf\\xc3" and then b"\\xa9!" and closes:

    >>> recv_text(sock)
    'café!'
    >>> list(iter_text(sock))     # on a fresh connection from the same peer
    ['caf', 'é!']

Check your work with `grade exercise-1`; stuck? `grade hint exercise-1`.
"""

import codecs
import socket
from collections.abc import Iterator

RECV_SIZE = 65_536


class MessageTooLargeError(ValueError):
    """More bytes arrived than the caller's limit allows."""


def send_text(sock: socket.socket, text: str) -> int:
    """Send `text` as UTF-8, every byte of it, and return the number of bytes sent."""
    data = text.encode("utf-8")
    sock.sendall(data)
    return len(data)


def recv_text(sock: socket.socket, limit: int = 1_048_576) -> str:
    """Read until the peer closes its side and return the text; at most `limit` bytes."""
    chunks = []
    size = 0
    while chunk := sock.recv(RECV_SIZE):
        size += len(chunk)
        if size > limit:
            raise MessageTooLargeError(f"more than {limit} bytes arrived")
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def iter_text(sock: socket.socket) -> Iterator[str]:
    """Yield text as it arrives until the peer closes, never splitting a character."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := sock.recv(RECV_SIZE):
        text = decoder.decode(chunk)
        if text:
            yield text
    decoder.decode(b"", final=True)
