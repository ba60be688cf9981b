"""Low-level socket tricks the misbehaving peers need.

- `unread_bytes`, `received_bytes` and `unsent_bytes` ask the kernel how far a connection's
  bytes have travelled, which is how a peer knows the other side has read a piece before it
  sends the next one.
- `abort` closes with an RST instead of a FIN.
- `StingySocket` is a real socket whose `send()` takes only a few bytes a call, the way a
  busy network can; every other method (sendall, makefile, recv_into, ...) is the real one.
"""

from __future__ import annotations

import socket
import struct
import sys

try:  # POSIX only; without them peers fall back to pacing by time.
    import fcntl
    import termios
except ImportError:  # pragma: no cover - Windows
    fcntl = termios = None

# macOS has no TIOCOUTQ for sockets; SO_NWRITE gives the bytes not yet acknowledged.
_SO_NWRITE = 0x1024
# Linux's struct tcp_info: tcpi_bytes_received, a u64 at this offset (kernels since 4.1).
_TCP_INFO_SIZE = 256
_BYTES_RECEIVED = struct.Struct("=Q")
_BYTES_RECEIVED_AT = 128


def unread_bytes(sock: socket.socket) -> int | None:
    """Bytes waiting in `sock`'s receive buffer, or None when the platform cannot tell."""
    if fcntl is None or sock.fileno() == -1:
        return None
    try:
        raw = fcntl.ioctl(sock.fileno(), termios.FIONREAD, b"\0\0\0\0")
    except OSError:
        return None
    return struct.unpack("i", raw)[0]


def received_bytes(sock: socket.socket) -> int | None:
    """Bytes that have arrived on `sock` since the connection began (read or not), or None if unknown."""
    if not sys.platform.startswith("linux") or not hasattr(socket, "TCP_INFO") or sock.fileno() == -1:
        return None
    try:
        raw = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO_SIZE)
    except OSError:
        return None
    if len(raw) < _BYTES_RECEIVED_AT + _BYTES_RECEIVED.size:
        return None  # a kernel older than the field
    return _BYTES_RECEIVED.unpack_from(raw, _BYTES_RECEIVED_AT)[0]


def unsent_bytes(sock: socket.socket) -> int | None:
    """Bytes `sock` has sent that the other side has not yet acknowledged, or None if unknown."""
    if sock.fileno() == -1:
        return None
    try:
        if sys.platform.startswith("linux") and termios is not None:
            raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
            return struct.unpack("i", raw)[0]
        if sys.platform == "darwin":
            return sock.getsockopt(socket.SOL_SOCKET, _SO_NWRITE)
    except OSError:
        return None
    return None


def abort(sock: socket.socket) -> None:
    """Close `sock` with an RST: SO_LINGER on with a zero timeout makes close() abort."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class StingySocket(socket.socket):
    """A real socket whose send() sends at most `send_limit` bytes per call.

    Built on the file descriptor of an existing socket, so it *is* a socket (isinstance works,
    the kernel sees one connection); only send() is stingy, as the socket API allows it to be.
    """

    send_limit = 3

    @classmethod
    def wrap(cls, sock: socket.socket, send_limit: int) -> StingySocket:
        if send_limit < 1:
            raise ValueError(f"send_limit must be at least 1, not {send_limit}")
        stingy = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        stingy.send_limit = send_limit
        return stingy

    def send(self, data, flags: int = 0) -> int:
        return super().send(memoryview(data)[: self.send_limit], flags)
