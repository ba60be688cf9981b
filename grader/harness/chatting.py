"""The `chat` fixture's helper: a learner's chat server, started by the check, and its clients (exercise 6).

    chat.start(max_line=64)                  # ChatServer(host="127.0.0.1", port=0, max_line=64).start()
    ann, bob = chat.named("ann", "bob")     # connected, and each one's NICK answered OK
    ann.send_line("MSG hello")
    chat.expect_line(bob, "ann: hello", hint="...")

Learner code gets only plain data (host, port, max_line) and is judged only by what its clients
receive, over real loopback sockets (mockservers/chatclients.py). A failure tells the
conversation of the client concerned, with how long it waited for each line:

    bob's conversation with your server (> bob sent, < bob received):
      > b'NICK bob\\n'
      < b'OK\\n' (after 1 ms)
      bob waited 1 s, and nothing came
    bob received nothing within 1 s
    expected 'ann: hello'

Lines are compared as text, their "\\n" (or "\\r\\n") removed. A client named right after another
may or may not receive the other's `* <name> joined` (the server may still be sending it round
when the second NICK arrives): such lines are passed over wherever a check waits for a line,
and never expected. At the end of a check every client disconnects and the server is stopped,
in a thread of its own, so that a stop() that hangs costs the check no more than
`CLEANUP_SECONDS` (and no verdict: the stop checks judge stop()).
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from .checking import Checker, call
from .show import count, show, show_exception

LINE_SECONDS = 1.0  # how long a client waits for a line it expects
STOP_SECONDS = 2.0  # the contract's time for stop()
STOP_MARGIN = 0.5  # for a busy machine
CLEANUP_SECONDS = 0.5  # how long the end of a check waits for the server's stop()
HEAD, TAIL = 4, 6  # entries of a long conversation shown from its start and its end


def text_of(line: bytes | None) -> str | None:
    if line is None:
        return None
    return line.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8", errors="replace")


def conversation(client) -> list[str]:
    """The client's transcript, told: `> sent`, `< received (after 2 ms)`, waits, endings."""
    name = client.name
    lines = [f"{name}'s conversation with your server (> {name} sent, < {name} received):"]
    entries = list(client.transcript)
    if len(entries) > HEAD + TAIL + 1:
        left_out = len(entries) - HEAD - TAIL
        entries = [*entries[:HEAD], None, *entries[-TAIL:]]
    for entry in entries:
        if entry is None:
            lines.append(f"  … ({count(left_out, 'more line')} of the conversation not shown)")
        elif entry.kind == "sent":
            lines.append(f"  > {show(entry.data)}" + (f" ({entry.pieces})" if entry.pieces else ""))
        elif entry.kind == "failed":
            lines.append(f"  {name} could not send more ({entry.detail})")
        elif entry.kind == "received":
            lines.append(f"  < {show(entry.data)} ({_waited(entry.waited)})")
        elif entry.kind == "nothing":
            what = "and the connection stayed open" if entry.detail == "no close" else "and nothing came"
            lines.append(f"  {name} waited {entry.waited:.2g} s, {what}")
        elif entry.kind == "ended":
            how = "reset the connection (RST)" if entry.detail == "reset" else "closed the connection"
            lines.append(f"  your server {how} ({_waited(entry.waited)})")
        else:
            lines.append(f"  {name} {'reset its connection (RST)' if entry.kind == 'reset' else 'closed its connection'}")
    return lines


def _waited(seconds: float) -> str:
    if seconds < 0.0005:
        return "at once"
    return f"after {seconds * 1000:.0f} ms" if seconds < 1 else f"after {seconds:.2f} s"


class ChatRoom:
    """The learner's server of one check, and the clients that talk to it."""

    def __init__(self, impl, checker: Checker) -> None:
        self._impl = impl
        self._checker = checker
        self.server = None
        self.address: tuple[str, int] | None = None
        self.clients = []
        self._named: list[tuple[object, str]] = []  # (client, its name) in the order their NICK succeeded
        self._stopped = False

    # The server --------------------------------------------------------------------------------

    def start(self, **options) -> tuple[str, int]:
        """`ChatServer(host="127.0.0.1", port=0, **options).start()`; the address it returned."""
        check = self._checker
        self.server = check.run(call(self._impl.ChatServer, host="127.0.0.1", port=0, **options),
                                expected="a ChatServer", hint="")
        address = check.run(call(self.server.start), expected="the address the server listens on",
                            hint="start() binds, listens, starts serving in the background and returns the address")
        self.address = self.check_address(address, "server.start() returned")
        return self.address

    def check_address(self, address, what: str) -> tuple[str, int]:
        ok = (isinstance(address, tuple) and len(address) >= 2 and isinstance(address[0], str)
              and type(address[1]) is int and address[1] > 0)
        self._checker.expect(
            ok,
            got=f"{what} {show(address)}",
            expected="the (host, port) the server listens on, such as ('127.0.0.1', 40123)",
            hint="return self.address, the listener's own address: listener.getsockname() after bind()",
        )
        return address[0], address[1]

    def stop(self) -> float:
        """Call the server's stop(); how long it took."""
        started = time.monotonic()
        self._checker.run(call(self.server.stop), expected="the server stopped", hint=STOP_HINT)
        self._stopped = True
        return time.monotonic() - started

    def stopped(self) -> None:
        """The check stopped the server itself (through the context manager): no stop() at the end."""
        self._stopped = True

    def expect_port_freed(self, address, since: float, clients=(), *, what: str = "stop() was called") -> None:
        """Within STOP_SECONDS of `since`: every client saw its connection end, connecting is refused, the port binds."""
        deadline = since + STOP_SECONDS + STOP_MARGIN
        for client in clients:
            if client.wait_until_ended(max(0.05, deadline - time.monotonic())) is None:
                self._checker.fail(
                    *conversation(client),
                    f"{client.name}'s connection was still open {STOP_SECONDS:g} s after {what}",
                    "expected stop() to close every connection",
                    hint=STOP_HINT,
                )
        host, port = address
        # Binding first: a probe connection could wake an accept() blocked in the server's thread, and
        # so close a listener that would otherwise stay open until the next client came.
        while (in_use := _in_use((host, port))) is not None:
            if time.monotonic() >= deadline:
                self._checker.fail(
                    f"a new listener could not bind {host}:{port} {STOP_SECONDS:g} s after {what}: {in_use}",
                    "expected the port free: the listener and every connection on it closed",
                    hint=LISTENER_HINT,
                )
            time.sleep(0.05)
        try:
            probe = socket.create_connection((host, port), timeout=0.5)
        except ConnectionRefusedError:
            return
        except OSError as exc:
            refused = show_exception(exc)
        else:
            probe.close()
            refused = "it was accepted"
        self._checker.fail(
            f"after {what}, connecting to {host}:{port} was not refused: {refused}",
            "expected connecting refused: nothing listens on the port any more",
            hint=LISTENER_HINT,
        )

    # Clients ---------------------------------------------------------------------------------

    def client(self, name: str, **options):
        """A client connected to the server; `name` names it in stories (it is not named on the server yet)."""
        from mockservers.chatclients import ChatClient  # mockservers load only where checks use them

        try:
            client = ChatClient(self.address, name, **options)
        except OSError as exc:
            before = f", after {count(len(self.clients), 'client')} had" if self.clients else ""
            self._checker.fail(
                f"{name} could not connect to your server at {self.address[0]}:{self.address[1]}{before}: "
                f"{show_exception(exc)}",
                "expected the server to accept connections from start() until stop()",
                hint="start() binds and listens before it returns, and the server accepts connections in the "
                "background until stop(): keep that loop alive whatever one client does",
            )
        self.clients.append(client)
        return client

    def named(self, *names: str, **options) -> list:
        """Clients connected and named in turn, each NICK answered OK (the others' joins are left unread)."""
        clients = []
        for name in names:
            client = self.client(name, **options)
            client.send_line(f"NICK {name}")
            self.expect_line(client, "OK", hint=NICK_HINT)
            clients.append(client)
        return clients

    def expect_line(self, client, expected: str, *, within: float = LINE_SECONDS, hint, skip=(), context: str = "") -> str:
        """The client's next line (past any in `skip`, and joined lines it may or may not get) is `expected`."""
        skip = set(skip) | self._joins_it_may_get(client)
        while True:
            line = client.next_line(within)
            if line is None or text_of(line) not in skip:
                break
        if text_of(line) == expected:
            if expected == "OK":
                self._note_named(client)
            return expected
        if line is None and client.ended is not None:
            how = "reset the connection (RST)" if client.ended == "reset" else "closed the connection"
            got = f"{client.name} received nothing more: your server {how}"
        elif line is None:
            got = f"{client.name} received nothing within {within:g} s"
        else:
            got = f"{client.name} received {show(line)}"
        self._checker.fail(*conversation(client), got + context, f"expected {show(expected)}", hint=hint)

    def expect_end(self, client, *, within: float = LINE_SECONDS, hint) -> None:
        """The server closes (or resets) the client's connection within `within` seconds (whatever it sends first)."""
        if client.wait_until_ended(within) is None:
            self._checker.fail(
                *conversation(client),
                f"{client.name}'s connection was still open after {within:g} s",
                "expected the server to close the connection",
                hint=hint,
            )

    def _note_named(self, client) -> None:
        """The client's NICK has just succeeded: remember its name, and that it came after the others'."""
        sent = b"".join(e.data for e in client.transcript if e.kind == "sent")
        nicks = [line[5:].removesuffix(b"\r") for line in sent.split(b"\n") if line.startswith(b"NICK ")]
        if nicks and all(named is not client for named, _ in self._named):
            self._named.append((client, nicks[-1].decode("utf-8", "replace")))

    def _joins_it_may_get(self, client) -> set[str]:
        """The joined lines of clients named before this one, which it may or may not receive."""
        names = []
        for named, name in self._named:
            if named is client:
                break
            names.append(name)
        return {f"* {name} joined" for name in names}

    def close(self) -> None:
        for client in self.clients:
            client.stop()
        if self.server is not None and not self._stopped:
            stopper = threading.Thread(target=_quietly, args=(self.server.stop,), name="stopping-the-chat-server", daemon=True)
            stopper.start()
            stopper.join(CLEANUP_SECONDS)


def _in_use(address) -> str | None:
    """Why `address` is not free now, in words; None when a listener with SO_REUSEADDR can bind it.

    Connections the server has closed may sit in TIME_WAIT (the contract allows it). Linux lets a
    new listener bind over them only if the server's own listener had SO_REUSEADDR too, so a
    refused bind counts only while the kernel lists a socket on the port that is still open.
    """
    from mockservers.sockdiag import CLOSED_BY_ITS_OWNER, states_at

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen()
        return None
    except OSError as exc:
        error = exc
    finally:
        listener.close()
    states = states_at(address)
    if states is None:
        return f"{show_exception(error)}"
    still_open = [state for state in states if state not in CLOSED_BY_ITS_OWNER]
    if not still_open:
        return None  # only connections your server closed, waiting out TIME_WAIT
    if "LISTEN" in still_open:
        return f"{show_exception(error)}; your server's listener was still open"
    return f"{show_exception(error)}; {count(len(still_open), 'connection')} on the port still open ({', '.join(still_open)})"


def _quietly(function) -> None:
    try:
        function()
    except BaseException:  # noqa: BLE001 - the check has had its verdict; its clean-up says nothing
        pass


NICK_HINT = "answer `NICK <name>` with the line `OK` (b'OK\\n') when the name is free and valid"
STOP_HINT = (
    "stop() closes every client connection and the listener, and ends the serving thread(s); it may "
    "take at most 2 s"
)
LISTENER_HINT = (
    "close the listening socket in stop(), and make sure it really closes: a thread blocked in accept() "
    "keeps it open (and accepting) even after another thread calls close() on it. Let the accepting loop "
    "wait with a timeout (a selectors selector, or listener.settimeout()) and look at a stopping flag, "
    "or call listener.shutdown(socket.SHUT_RDWR) before close()"
)


@pytest.fixture
def chat(impl, check: Checker):
    """The learner's chat server, started by the check, and the clients that talk to it."""
    room = ChatRoom(impl, check)
    yield room
    room.close()
