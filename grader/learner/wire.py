"""One message at a time over a Unix stream socket: JSON, plus file descriptors beside it.

A message is an 8-byte header (the length of the JSON text and the number of descriptors)
followed by the text. The descriptors travel with the header (SCM_RIGHTS), so the receiver
picks them up with the header. Nothing is ever unpickled or evaluated: a message that is not
a JSON object of a sane size is `Garbled`, and the side that reads it stops trusting the
channel.
"""

from __future__ import annotations

import array
import json
import socket
import struct
import threading

HEADER = struct.Struct("!II")  # length of the JSON text, number of file descriptors
MAX_MESSAGE = 64 * 1024**2  # bytes of JSON text
MAX_FDS = 16  # descriptors in one message


class Garbled(Exception):
    """What came down the channel is not a message of ours."""


class Closed(Exception):
    """The other end closed the channel."""


class Channel:
    """Framed JSON messages with file descriptors; `send` may be called from any thread."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._send_lock = threading.Lock()

    def send(self, message: dict, fds: list[int] = ()) -> None:
        text = json.dumps(message, separators=(",", ":")).encode("utf-8")
        header = HEADER.pack(len(text), len(fds))
        with self._send_lock:
            if fds:
                self.sock.sendmsg([header], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
            else:
                self.sock.sendall(header)
            self.sock.sendall(text)

    def receive(self) -> tuple[dict, list[int]]:
        """The next message and its descriptors (the caller owns them); Closed at the end."""
        header, fds = self._header()
        length, count = HEADER.unpack(header)
        if length > MAX_MESSAGE or count != len(fds):
            for fd in fds:
                _close(fd)
            raise Garbled(f"a message header that says {length} bytes and {count} descriptors")
        text = self._exactly(length)
        try:
            message = json.loads(text)
        except (UnicodeDecodeError, ValueError) as exc:
            raise Garbled(f"a message that is not JSON ({exc})") from None
        if not isinstance(message, dict):
            raise Garbled("a message that is not a JSON object")
        return message, fds

    def _header(self) -> tuple[bytes, list[int]]:
        fds: list[int] = []
        data = b""
        while len(data) < HEADER.size:
            space = socket.CMSG_SPACE(MAX_FDS * array.array("i").itemsize)
            chunk, ancillary, _flags, _ = self.sock.recvmsg(HEADER.size - len(data), space)
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    got = array.array("i")
                    got.frombytes(payload[: len(payload) - len(payload) % got.itemsize])
                    fds.extend(got)
            if not chunk:
                for fd in fds:
                    _close(fd)
                raise Closed()
            data += chunk
        return data, fds

    def _exactly(self, n: int) -> bytes:
        pieces, left = [], n
        while left:
            chunk = self.sock.recv(min(left, 1 << 20))
            if not chunk:
                raise Closed()
            pieces.append(chunk)
            left -= len(chunk)
        return b"".join(pieces)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def _close(fd: int) -> None:
    import os

    try:
        os.close(fd)
    except OSError:
        pass
