"""Scripted chat clients for a learner's chat server (exercise 6): real sockets, every line timed.

    ann = ChatClient(address, "ann")
    ann.send(b"NICK ann\\n", pieces=DRIBBLE)     # one byte at a time, each read by the server first
    ann.next_line(within=1.0)                  # b"OK\\n", or None if nothing came within 1 s
    ann.reset()                                # vanish with an RST

A client reads in a thread of its own, so lines are stamped as they arrive and a client never
holds up the server by not reading, unless it is meant to: `ChatClient(address, "slow",
rcvbuf=4096, reading=False)` has a small receive buffer and reads only when asked.

Pieces are paced by the server's own socket (`FarLockstep`: sock_diag finds it by its
addresses): a piece leaves only once the server has read everything sent before it, whether in
this send() or an earlier one, so a server that takes one recv() for one line sees each piece
alone, as scripted, on a busy machine too; only bytes of one piece arrive together. Elsewhere
pieces leave `DEFAULT_GAP` seconds apart.

`transcript` is what the client did and saw, in order, for the story a failing check tells:
what it sent (and in which pieces), each line it took and how long it had waited for it, a
wait that ended with nothing, and how the connection ended.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass

from .chunking import DEFAULT_GAP, FarLockstep
from .script import WHOLE, Pieces
from .sockets import abort

READ_SIZE = 65_536
PIECE_WAIT = 1.0  # seconds a piece may wait for the server to read the one before
CONNECT_TIMEOUT = 2.0


@dataclass(frozen=True)
class Entry:
    """One thing in a client's transcript.

    kind: "sent" (data, pieces), "failed" (a send that failed: detail), "received" (a line,
    waited), "nothing" (waited), "ended" (detail: "closed" or "reset", waited: how the server
    ended the connection), "closed" or "reset" (the client's own ending).
    """

    kind: str
    data: bytes = b""
    waited: float = 0.0
    pieces: str = ""
    detail: str = ""


class ChatClient:
    """A client of the chat server at `address`; `name` names it in stories."""

    def __init__(self, address: tuple[str, int], name: str, *, rcvbuf: int | None = None, reading: bool = True) -> None:
        self.name = name
        self.address = tuple(address)
        self.transcript: list[Entry] = []
        self.reading = reading
        self.received_bytes = 0
        self.ended: str | None = None  # "closed" or "reset" once the server ends the connection
        self._ended_at = 0.0
        self._lines: deque[tuple[float, bytes]] = deque()
        self._partial = bytearray()
        self._changed = threading.Condition()
        self._sent = 0
        self._gone = False  # we closed or reset it
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if rcvbuf is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connecting: the window
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(self.address)
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self._pace = FarLockstep(sock)
        self._reader = None
        if reading:
            self._reader = threading.Thread(target=self._read_loop, name=f"chat-client-{name}", daemon=True)
            self._reader.start()

    # Sending ----------------------------------------------------------------------------------

    def send(self, data: bytes, pieces: Pieces = WHOLE, *, within: float | None = None) -> bool:
        """Send `data` cut into `pieces`, each once the server has read the one before.

        False if the connection failed, or if the server took less than all of it within
        `within` seconds (None: wait as long as it takes).
        """
        cut = pieces.cut(data)
        self.transcript.append(Entry("sent", data, pieces="" if len(cut) <= 1 else str(pieces)))
        deadline = None if within is None else time.monotonic() + within
        try:
            for piece in cut:
                if self._sent:
                    self._wait_until_read()  # every piece, of this send or the one before, read alone
                self._send_all(piece, deadline)
                self._sent += len(piece)
        except TimeoutError:
            self.transcript.append(Entry("failed", detail=f"your server took none of it for {within:g} s"))
            return False
        except OSError as exc:
            self.transcript.append(Entry("failed", detail=f"{type(exc).__name__}: {exc}"))
            return False
        return True

    def _send_all(self, piece: bytes, deadline: float | None) -> None:
        """sendall(), bounded by `deadline`, without a socket timeout: that would make the socket
        non-blocking under the reader thread's feet (its recv() would fail with EAGAIN)."""
        if deadline is None:
            self.sock.sendall(piece)
            return
        view = memoryview(piece)
        while view:
            try:
                view = view[self.sock.send(view, socket.MSG_DONTWAIT) :]
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the server took nothing") from None
                select.select([], [self.sock], [], left)

    def send_line(self, text: str, pieces: Pieces = WHOLE) -> bool:
        return self.send(text.encode("utf-8") + b"\n", pieces)

    def _wait_until_read(self) -> None:
        self.wait_until_read(PIECE_WAIT)

    def wait_until_read(self, timeout: float = PIECE_WAIT) -> bool:
        """Wait until the server has read every byte sent so far; True if it has (or seems to: by time)."""
        if self._pace.by_time:
            time.sleep(DEFAULT_GAP)
            return True
        deadline = time.monotonic() + timeout
        delay = 0.00002
        while self._pace.holds(self.sock, self._sent):
            if time.monotonic() >= deadline or self.ended is not None:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.001)
        return True

    # Receiving --------------------------------------------------------------------------------

    def next_line(self, within: float) -> bytes | None:
        """The next line the server sent (with its b"\\n"), waiting up to `within` seconds; None if none came."""
        started = time.monotonic()
        if not self.reading:
            self._read_directly(started + within)
        with self._changed:
            self._changed.wait_for(lambda: self._lines or self.ended is not None, max(0.0, started + within - time.monotonic()))
            waited = time.monotonic() - started
            if self._lines:
                arrived, line = self._lines.popleft()
                self.transcript.append(Entry("received", line, waited=max(0.0, arrived - started)))
                return line
            if self.ended is not None:
                self._note_ending(started)
                return None
        self.transcript.append(Entry("nothing", waited=waited))
        return None

    def lines(self, count: int, within: float) -> list[bytes]:
        """Up to `count` lines, all within `within` seconds from now."""
        deadline = time.monotonic() + within
        taken = []
        while len(taken) < count:
            line = self.next_line(max(0.0, deadline - time.monotonic()))
            if line is None:
                break
            taken.append(line)
        return taken

    def wait_until_ended(self, within: float) -> str | None:
        """Wait until the server closes or resets the connection, reading and keeping what comes first."""
        started = time.monotonic()
        if not self.reading:
            self._read_directly(started + within, until_end=True)
        with self._changed:
            self._changed.wait_for(lambda: self.ended is not None, within)
            if self.ended is not None:
                self._note_ending(started)
                return self.ended
        self.transcript.append(Entry("nothing", waited=time.monotonic() - started, detail="no close"))
        return None

    def unread(self) -> list[bytes]:
        """Lines that arrived and were not taken yet."""
        with self._changed:
            return [line for _, line in self._lines]

    def _note_ending(self, started: float) -> None:
        if not any(e.kind == "ended" for e in self.transcript):
            self.transcript.append(Entry("ended", detail=self.ended, waited=max(0.0, self._ended_at - started)))

    def _read_loop(self) -> None:
        while True:
            try:
                chunk = self.sock.recv(READ_SIZE)
            except OSError as exc:
                if not self._gone:
                    self._end("reset" if isinstance(exc, ConnectionResetError) else "closed")
                return
            if not chunk:
                if not self._gone:  # our own close ends the reads too: that is no news of the server
                    self._end("closed")
                return
            self._take(chunk)

    def _read_directly(self, deadline: float, until_end: bool = False) -> None:
        """For a client without a reader thread: read until a line is there (or the end), or the deadline."""
        while self.ended is None and (until_end or not self._lines):
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(left)  # no reader thread shares this socket
            try:
                chunk = self.sock.recv(READ_SIZE)
            except TimeoutError:
                return
            except OSError as exc:
                self._end("reset" if isinstance(exc, ConnectionResetError) else "closed")
                return
            finally:
                self.sock.settimeout(None)
            if not chunk:
                self._end("closed")
                return
            self._take(chunk)

    def _take(self, chunk: bytes) -> None:
        now = time.monotonic()
        with self._changed:
            self.received_bytes += len(chunk)
            self._partial += chunk
            start = 0
            while (end := self._partial.find(b"\n", start)) >= 0:
                self._lines.append((now, bytes(self._partial[start : end + 1])))
                start = end + 1
            del self._partial[:start]
            self._changed.notify_all()

    def _end(self, how: str) -> None:
        with self._changed:
            if self._partial:  # a line cut by the end: kept, so the story shows it
                self._lines.append((time.monotonic(), bytes(self._partial)))
                self._partial.clear()
            self._ended_at = time.monotonic()
            self.ended = how
            self._changed.notify_all()

    # Ending -----------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (a FIN)."""
        if not self._gone:
            self._gone = True
            self.transcript.append(Entry("closed"))
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()

    def reset(self) -> None:
        """Vanish with an RST, the way a crashed client or a dropped network does."""
        if not self._gone:
            self._gone = True
            self.transcript.append(Entry("reset"))
            try:
                self.sock.shutdown(socket.SHUT_RD)  # wakes the reader thread, sends nothing
            except OSError:
                pass
            abort(self.sock)  # a blocked recv() would otherwise hold the socket, and its RST, back

    def stop(self) -> None:
        """Close without a word in the transcript (the end of a check), and wait for the reader."""
        if not self._gone:
            self._gone = True
            try:
                self.sock.shutdown(socket.SHUT_RDWR)  # wakes the reader thread
            except OSError:
                pass
            self.sock.close()
        if self._reader is not None:
            self._reader.join(1.0)
