"""Chunking TCP peers: a server and a client that play scripted bytes in chosen pieces.

Strategy: each connection gets a `Peer`, which owns the socket and two daemon threads. The
player thread plays the script (see `script.py`) step by step; the journal thread reads
whatever the other side sends, with a timestamp, until that side closes or resets. A
`receive` step waits on the journal until the other side has sent a whole message, so a
peer can answer a request as soon as it is complete.

Pieces reach the other side as separate reads only if it has read one piece before the next
arrives, so after each piece the peer *paces*:

- `Lockstep(sock)`: when we hold the other end's socket too (a check hands it to learner
  code), wait until the kernel says every byte sent so far has arrived there and been read
  (FIONREAD, and TCP_INFO's count of bytes received on Linux; elsewhere, until our bytes are
  acknowledged). Our socket has TCP_NODELAY, so the next piece leaves at once: a conversation
  turn costs well under a millisecond, and pieces arrive exactly as scripted, on a busy
  machine too. Where the kernel has no such counters, it waits `DEFAULT_GAP` seconds, as Gap.
- `FarLockstep(sock)`: the same for a connection learner code made (or accepted) itself, whose
  far end the kernel finds by its addresses (sock_diag, Linux).
- `Gap(seconds)`: otherwise, wait a little and hope; with TCP_NODELAY set, that is as much as
  TCP lets a sender control.

Checks whose verdict depends on how bytes are cut therefore hand learner code a socket the
peer paces (`ChunkingServer.connect`), never a connection the peer cannot see the far end of.

Everything binds 127.0.0.1 on an ephemeral port unless told otherwise. Every wait is bounded
or ends when the peer stops; `stop()` ends threads and sockets. A bug in a peer's thread does
not vanish into a traceback on stderr: it is kept in `Peer.failure`, for the check to report.
"""

from __future__ import annotations

import queue
import select
import socket
import threading
import time
import traceback
from dataclasses import dataclass, field

from .script import Close, Pause, Receive, Reset, Send, Stall, Step, check_script
from .sockdiag import far_counters
from .sockets import StingySocket, abort, received_bytes, unread_bytes, unsent_bytes

LOOPBACK = "127.0.0.1"
READ_SIZE = 65_536
POLL_SECONDS = 0.02  # how often idle threads look at the stop flag
DEFAULT_GAP = 0.005  # seconds between pieces when pacing by time
STOP_WAIT = 2.0  # how long stop() waits for a thread before giving up on it


@dataclass(frozen=True)
class Played:
    """One thing a peer did: sent a piece, received a message, paused, closed, reset or stalled.

    "missed" is a `receive` that ended because the other side closed or reset first; `data`
    then holds what had arrived of the message.
    """

    action: str  # "sent", "received", "missed", "paused", "closed", "reset", "stalled", "failed"
    data: bytes = b""
    seconds: float = 0.0
    detail: str = ""


@dataclass
class Journal:
    """What the other side sent us, chunk by chunk (with the time each arrived), and how it ended."""

    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    ended: str | None = None  # None while open, then "closed" or "reset"
    _all: bytearray = field(default_factory=bytearray, repr=False)

    def append(self, chunk: bytes) -> None:
        self.chunks.append((time.monotonic(), chunk))
        self._all += chunk

    @property
    def size(self) -> int:
        return len(self._all)

    @property
    def data(self) -> bytes:
        return bytes(self._all)

    def since(self, offset: int) -> bytes:
        return bytes(self._all[offset:])


class PeerFailed(Exception):
    """A peer's own thread failed: a bug in the kit, which no verdict on learner code can survive."""


class Gap:
    """Pace by time: sleep `seconds` after each piece."""

    def __init__(self, seconds: float = DEFAULT_GAP) -> None:
        self.seconds = seconds

    def __call__(self, sock: socket.socket, sent: int, stopped: threading.Event) -> None:
        stopped.wait(self.seconds)

    def holds(self, sock: socket.socket, sent: int) -> bool:
        """Whether the wait would go on: by time, it always might."""
        return True

    def __str__(self) -> str:
        return f"timed: {self.seconds * 1000:g} ms between pieces"


class Lockstep:
    """Pace by the kernel: wait until `reader` (the other end) has read every byte we sent.

    `sent` is how many bytes our side has sent on the connection so far.
    """

    def __init__(self, reader: socket.socket) -> None:
        self.reader = reader
        self.counters = _counters(reader)
        self._fallback = Gap() if self.counters is None else None

    def __call__(self, sock: socket.socket, sent: int, stopped: threading.Event) -> None:
        if self._fallback is not None:
            return self._fallback(sock, sent, stopped)
        delay = 0.00002
        while not stopped.is_set() and self.holds(sock, sent):
            stopped.wait(delay)
            delay = min(delay * 2, 0.001)

    def holds(self, sock: socket.socket, sent: int) -> bool:
        """Whether the reader still has bytes of ours to read (False if it is closed, or unknown)."""
        unread = unread_bytes(self.reader)
        if unread is None:
            return self._fallback is not None
        if unread > 0:
            return True
        if self.counters == "received":
            arrived = received_bytes(self.reader)
            return arrived is not None and arrived < sent
        return unsent_bytes(sock) not in (0, None)  # not yet acknowledged: maybe still in flight

    def __str__(self) -> str:
        if self.counters == "received":
            return "lockstep: bytes received (TCP_INFO) and unread (FIONREAD) on your code's socket"
        if self.counters == "acknowledged":
            return "lockstep: bytes unread on your code's socket (FIONREAD) and unacknowledged on ours"
        return str(self._fallback)


class FarLockstep(Lockstep):
    """Lockstep for a connection whose far end we do not hold: learner code made it, or accepted it.

    The far end is found by its addresses (`sockdiag.far_counters`: Linux's sock_diag) and read as
    Lockstep reads its reader: every byte we sent has arrived there, and none is left unread.
    Where the kernel cannot tell, it paces by time, as Gap.
    """

    def __init__(self, sock: socket.socket) -> None:  # not Lockstep's: there is no reader socket to hold
        self.far = (sock.getpeername()[:2], sock.getsockname()[:2])  # the far end's own address, then ours
        self._fallback = None if far_counters(sock.getsockname()[:2], sock.getpeername()[:2]) is not None else Gap()

    def holds(self, sock: socket.socket, sent: int) -> bool:
        """Whether the far end still has bytes of ours to receive or read (False once it is gone)."""
        if self._fallback is not None:
            return True
        counters = far_counters(*self.far)
        if counters is None:
            return False
        received, unread = counters
        return unread > 0 or received < sent

    @property
    def by_time(self) -> bool:
        """Whether this pace waits a fixed time (the kernel cannot tell us about the far end)."""
        return self._fallback is not None

    def far_end_open(self) -> bool:
        """Whether the far end is still connected (unknown without the counters: True)."""
        return self._fallback is not None or far_counters(*self.far) is not None

    def __str__(self) -> str:
        if self._fallback is not None:
            return str(self._fallback)
        return "lockstep: bytes received and unread on the far end's socket (sock_diag)"


def _counters(reader: socket.socket) -> str | None:
    """Which kernel counters can tell that `reader` has read our bytes: "received", "acknowledged" or None."""
    if unread_bytes(reader) is None:
        return None
    if received_bytes(reader) is not None:
        return "received"
    return "acknowledged" if unsent_bytes(reader) is not None else None


class Peer:
    """One scripted side of a TCP connection.

    `play(*steps)` queues more steps (a check may hold a peer open, call learner code, then
    let it go on). `played` lists what the peer did; `journal` what the other side sent.
    """

    def __init__(self, sock: socket.socket, steps: tuple[Step, ...] = (), *, pace=None) -> None:
        self.sock = sock
        self.pace = pace or Gap()
        self.played: list[Played] = []
        self.journal = Journal()
        self.failure: str | None = None  # a bug in one of our threads, told by PeerFailed
        self.awaiting: str | None = None  # while a receive step waits: what it waits for ("a line")
        self._steps: queue.Queue[Step | None] = queue.Queue()
        self._stopped = threading.Event()
        self._lock = threading.Lock()  # guards closing the socket
        self._idle = threading.Condition()
        self._pending = 0
        self._holding = None  # while the player waits: says whether the wait goes on
        self._ended = False  # an ending step was played
        self._sent = 0  # bytes we have sent on the connection
        self._consumed = 0  # bytes of the journal taken by receive steps
        self._journal_changed = threading.Condition()
        self._player = threading.Thread(target=self._guarded, args=(self._play_loop,), name="peer-player", daemon=True)
        self._reader = threading.Thread(target=self._guarded, args=(self._read_loop,), name="peer-journal", daemon=True)
        self._player.start()
        self._reader.start()
        self.play(*steps)

    # What a check calls -----------------------------------------------------------------

    def play(self, *steps: Step) -> Peer:
        steps = check_script(steps)
        with self._idle:
            if self._ended and steps:
                raise RuntimeError("this peer's script has already ended")
            self._pending += len(steps)
            if any(isinstance(s, (Close, Reset, Stall)) for s in steps):
                self._ended = True
        for step in steps:
            self._steps.put(step)
        return self

    @property
    def pending(self) -> int:
        """Steps queued but not yet played to the end."""
        with self._idle:
            return self._pending

    @property
    def received(self) -> bytes:
        """Every byte the other side has sent so far."""
        with self._journal_changed:
            return self.journal.data

    @property
    def sent(self) -> bytes:
        return b"".join(p.data for p in list(self.played) if p.action == "sent")

    def check_health(self) -> None:
        """Raise PeerFailed if one of the peer's threads failed."""
        if self.failure is not None:
            raise PeerFailed(self.failure)

    def wait_until_played(self, timeout: float = 2.0) -> bool:
        """Wait until every queued step has been played; True if it was."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def wait_until_settled(self, timeout: float = 2.0) -> bool:
        """Wait until the peer has done all it can without the other side; True if it has.

        Settled means: every step played, or waiting on a read, a receive or a pause that has
        not happened yet; and every byte the other side sent so far is in the journal. A check
        that waits for this before calling learner code, or before telling what happened,
        tells the same story every run.
        """
        deadline = time.monotonic() + timeout
        while not self._settled():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.001)
        return True

    def _settled(self) -> bool:
        with self._idle:
            if self._pending and not (self._holding and self._holding()):
                return False
        reader = getattr(self.pace, "reader", None)
        far_end_open = getattr(self.pace, "far_end_open", None)
        with self._journal_changed:  # the journal thread reads and records under this lock
            if self.journal.ended is not None:
                return True
            if far_end_open is not None and self.sock.fileno() != -1 and not far_end_open():
                return False  # learner code closed its end: the close is on its way to the journal
            return unread_bytes(self.sock) in (0, None) and (reader is None or unsent_bytes(reader) in (0, None))

    def wait_until_other_side_ends(self, timeout: float = 2.0) -> bool:
        """Wait until the other side closes or resets; True if it did in time."""
        with self._journal_changed:
            return self._journal_changed.wait_for(lambda: self.journal.ended is not None, timeout)

    def wait_for_bytes(self, count: int, timeout: float = 2.0) -> bytes:
        """Wait until `count` bytes arrived (or the other side ended); return what arrived."""
        with self._journal_changed:
            self._journal_changed.wait_for(
                lambda: self.journal.size >= count or self.journal.ended is not None, timeout
            )
            return self.journal.data

    def stop(self) -> None:
        """End the threads and close the socket (with a FIN if the script did not end it)."""
        self._stopped.set()
        self._steps.put(None)
        with self._journal_changed:
            self._journal_changed.notify_all()  # wakes a receive step
        try:
            self.sock.shutdown(socket.SHUT_RD)  # wakes the journal thread; sends nothing
        except OSError:
            pass  # closed already (a reset), or never connected
        for thread in (self._player, self._reader):
            if thread is not threading.current_thread():
                thread.join(STOP_WAIT)
        with self._lock:
            self.sock.close()

    # The two threads ----------------------------------------------------------------------

    def _guarded(self, loop) -> None:
        try:
            loop()
        except BaseException:  # noqa: BLE001 - a bug of ours: keep it for the check to report
            self.failure = f"the {threading.current_thread().name} thread failed:\n{traceback.format_exc()}"
            self._finish_all_steps()

    def _play_loop(self) -> None:
        while not self._stopped.is_set():
            step = self._steps.get()
            if step is None:
                return
            try:
                finished = self._play(step)
            except OSError as exc:
                unsent = self.played.pop().data if self.played and self.played[-1].action == "sent" else b""
                self.played.append(Played("failed", data=unsent, detail=f"{type(exc).__name__}: {exc}"))
                finished = False
            if not finished:
                self._finish_all_steps()
                return
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def _finish_all_steps(self) -> None:
        with self._idle:
            self._pending = 0
            self._idle.notify_all()

    def _play(self, step: Step) -> bool:
        """Play one step; False when the script cannot go on (the other side went away first)."""
        # Each action is recorded before it happens, so whoever sees its effect finds it logged;
        # a piece whose send fails is then recorded as failed instead (see _play_loop).
        if isinstance(step, Send):
            for piece in step.pieces.cut(step.data):
                if self._stopped.is_set():
                    return True
                self.played.append(Played("sent", data=piece))
                self.sock.sendall(piece)
                self._sent += len(piece)
                self._wait(lambda: self.pace.holds(self.sock, self._sent), self.pace, self.sock, self._sent, self._stopped)
        elif isinstance(step, Receive):
            return self._receive(step)
        elif isinstance(step, Pause):
            self.played.append(Played("paused", seconds=step.seconds))
            self._wait(lambda: True, self._stopped.wait, step.seconds)
        elif isinstance(step, Close):
            self.played.append(Played("closed"))
            self.sock.shutdown(socket.SHUT_WR)
        elif isinstance(step, Reset):
            self.played.append(Played("reset"))
            with self._lock:
                abort(self.sock)
        elif isinstance(step, Stall):
            self.played.append(Played("stalled"))
        return True

    def _receive(self, step: Receive) -> bool:
        """Wait until the journal holds the whole message `step` awaits, past what earlier receives took."""

        def incomplete() -> bool:
            return step.complete(self.journal.since(self._consumed)) is None

        def still_waiting() -> bool:  # the story's question: is the other side yet to send it?
            with self._journal_changed:
                return incomplete() and self.journal.ended is None

        with self._idle:
            self._holding = still_waiting
            self.awaiting = str(step)
        try:
            with self._journal_changed:
                self._journal_changed.wait_for(
                    lambda: not incomplete() or self.journal.ended is not None or self._stopped.is_set()
                )
                rest = self.journal.since(self._consumed)
                size = step.complete(rest)
                if size is None:
                    if not self._stopped.is_set():
                        self.played.append(Played("missed", data=rest, detail=str(step)))
                    return False
                self.played.append(Played("received", data=rest[:size], detail=str(step)))
                self._consumed += size
                return True
        finally:
            with self._idle:
                self._holding = None
                self.awaiting = None

    @property
    def consumed(self) -> int:
        """Bytes of the journal that receive steps have taken as whole messages."""
        return self._consumed

    def _wait(self, holding, wait, *args) -> None:
        """Call wait(*args); meanwhile holding() tells whether the wait is still going on."""
        with self._idle:
            self._holding = holding
        try:
            wait(*args)
        finally:
            with self._idle:
                self._holding = None

    def _read_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                readable, _, _ = select.select([self.sock], [], [], POLL_SECONDS)
            except (ValueError, OSError):  # we closed the socket (its fileno is -1)
                return
            if not readable:
                continue
            with self._journal_changed:  # recv and record together: see _settled
                try:
                    chunk = self.sock.recv(READ_SIZE)
                except (ValueError, OSError) as exc:
                    if self.sock.fileno() == -1:
                        return
                    chunk, ended = b"", "reset" if isinstance(exc, ConnectionResetError) else "closed"
                else:
                    ended = "closed"
                if not chunk and self._stopped.is_set():
                    return  # our own shutdown in stop(), not the other side's close
                if not chunk:
                    self.journal.ended = ended
                    self._journal_changed.notify_all()
                    return
                self.journal.append(chunk)
                self._journal_changed.notify_all()


class ChunkingServer:
    """A TCP server whose connections play scripts.

        with ChunkingServer(send(b"hello\\n", pieces=DRIBBLE), close()) as server:
            sock, peer = server.connect()        # a client socket, paced in lockstep
            ...                                   # or let any client connect to server.address
            server.peers[0].received              # what the first client sent

    Every connection plays the server's script, except those made with `connect(*steps)`,
    which play their own: one server can serve many checks. `connect()` is how checks make the
    connection they hand to learner code: the server then knows the client socket and paces in
    lockstep. Connections made by others are paced by `gap` seconds between pieces, or by
    `pace_others(conn)`: `pace_others=FarLockstep` paces learner code's own connections in
    lockstep too.
    """

    def __init__(self, *steps: Step, host: str = LOOPBACK, port: int = 0, gap: float = DEFAULT_GAP,
                 pace_others=None):
        self.steps = check_script(steps)
        self.gap = gap
        self.pace_others = pace_others  # pace_others(conn) paces connections made by others; Gap by default
        self.peers: list[Peer] = []
        self._expected: dict[tuple[str, int], tuple[socket.socket, tuple[Step, ...]]] = {}
        self._peer_at: dict[tuple[str, int], Peer] = {}
        self._accepted = threading.Condition()
        self._stopped = threading.Event()
        self._listener = socket.create_server((host, port))
        self._listener.setblocking(False)  # a connection gone before accept() must not block the loop
        self.address: tuple[str, int] = self._listener.getsockname()[:2]
        self._thread = threading.Thread(target=self._accept_loop, name="chunking-server", daemon=True)
        self._thread.start()

    def connect(self, *steps: Step, send_limit: int | None = None, timeout: float = 2.0) -> tuple[socket.socket, Peer]:
        """Connect a client socket; return it and the server's peer for that connection.

        The peer plays `steps` if there are any, else the server's script. With `send_limit`,
        the client is a `StingySocket` whose send() takes that many bytes.
        """
        script = check_script(steps) if steps else self.steps
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if send_limit is not None:
            client = StingySocket.wrap(client, send_limit)
        try:
            client.bind((LOOPBACK, 0))
            local = client.getsockname()[:2]
            with self._accepted:
                self._expected[local] = (client, script)
            client.connect(self.address)
            with self._accepted:
                if not self._accepted.wait_for(lambda: local in self._peer_at, timeout):
                    raise TimeoutError(f"the server did not accept within {timeout} s")
                return client, self._peer_at[local]
        except BaseException:
            client.close()
            raise

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                readable, _, _ = select.select([self._listener], [], [], POLL_SECONDS)
            except (ValueError, OSError):
                return
            if not readable:
                continue
            with self._accepted:  # accepted and given its peer at once: see wait_until_accepted
                try:
                    conn, address = self._listener.accept()
                except BlockingIOError:
                    continue
                except (ValueError, OSError):
                    return
                reader, steps = self._expected.pop(address[:2], (None, self.steps))
                if reader is not None:
                    pace = Lockstep(reader)
                else:
                    pace = self.pace_others(conn) if self.pace_others else Gap(self.gap)
                conn.setblocking(True)  # BSDs hand on the listener's non-blocking mode
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # each piece leaves at once
                peer = Peer(conn, pace=pace)
                self.peers.append(peer)
                self._peer_at[address[:2]] = peer
                self._accepted.notify_all()
            peer.play(*steps)

    def wait_until_accepted(self, timeout: float = 2.0) -> bool:
        """Wait until every connection made to the server so far has been accepted and has its peer.

        A client that connects by itself (learner code) may have come and gone before the accept
        loop got to it: a check that reads `peers` after the call waits for this first.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._accepted:
                try:
                    pending, _, _ = select.select([self._listener], [], [], 0)
                except (ValueError, OSError):
                    return True  # stopped
                if not pending:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.001)

    def release(self, peer: Peer) -> None:
        """Stop a connection's peer and forget it (a long-lived server would pile them up)."""
        peer.stop()
        with self._accepted:
            self.peers = [p for p in self.peers if p is not peer]
            self._peer_at = {a: p for a, p in self._peer_at.items() if p is not peer}

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(STOP_WAIT)
        self._listener.close()
        for peer in self.peers:
            peer.stop()

    def __enter__(self) -> ChunkingServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


class ChunkingClient:
    """A TCP client that connects to `address` and plays a script, `gap` seconds between pieces.

        with ChunkingClient(server_address, send(b"NICK ann\\r\\n", pieces=split_at(9)), close()) as c:
            c.peer.wait_until_other_side_ends()
            c.peer.received                      # what the server answered
    """

    def __init__(self, address: tuple[str, int], *steps: Step, gap: float = DEFAULT_GAP, timeout: float = 2.0):
        sock = socket.create_connection(address, timeout=timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.peer = Peer(sock, check_script(steps), pace=Gap(gap))

    def stop(self) -> None:
        self.peer.stop()

    def __enter__(self) -> ChunkingClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
