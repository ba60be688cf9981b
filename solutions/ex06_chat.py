"""Exercise 6 · A chat server for many clients

Write a chat server: clients connect over TCP, pick a name, and every message one of them
sends reaches all the others. The protocol is newline-delimited UTF-8 text, one command per
line. A line ends with "\\n"; a "\\r" before it is dropped too ("\\r\\n" is accepted). The server
sends lines that end with "\\n".

    command        reply to the sender            what the other named clients receive
    NICK <name>    OK                             * <name> joined
    MSG <text>     (nothing)                      <name>: <text>
    WHO            USERS <names, sorted, joined by ",">
    QUIT           (the server closes the connection)      * <name> left

- A name is 1 to 16 of the characters A-Z, a-z, 0-9, "_" and "-": anything else is
  `ERR bad name`; a name another client has is `ERR name taken`; a client that already has a
  name gets `ERR already named`.
- Before its NICK has succeeded, a client may send only NICK and QUIT: anything else is
  `ERR say NICK first`. Only named clients receive messages and the "joined"/"left" lines;
  the sender of a MSG receives nothing for it.
- A close or a reset of the connection is a QUIT: the others receive `* <name> left`.
- A line longer than `max_line` bytes (every byte before its "\\n", a "\\r" included) gets
  `ERR line too long` as soon as the server knows it is too long (do not wait for the end of
  a line you will refuse), and then the server closes that connection.
- Any other line is `ERR unknown command`. Commands and names are case-sensitive.

Write the class `ChatServer(host="127.0.0.1", port=0, max_line=1024)`:

- `start()` binds and listens on (host, port), serves in the background (a thread, or
  threads), and returns the address it is bound to, also kept in `.address`. Port 0 lets the
  system choose a free port.
- `stop()` closes every connection and the listener within 2 s; after it, connecting to the
  address is refused and a new listener can bind the port. Careful: closing a listening
  socket from one thread does not wake another thread that is blocked in its `accept()`, and
  the port stays open until that accept returns. Wait with a timeout (a `selectors` selector,
  or `settimeout()` on the listener) and look at a "stopping" flag, or call
  `listener.shutdown(socket.SHUT_RDWR)` first.
- `with ChatServer() as server:` starts the server (`__enter__` calls start() and returns the
  server) and stops it at the end of the block.

Many clients talk at once, and the network does not help:
- A line may arrive in many pieces, and one `recv()` may hold several commands: keep a buffer
  for each client, as in exercise-3.
- A client that stops reading must not hold up the others. Its socket's buffers fill up,
  and then `sendall()` to it blocks; a server whose only thread blocks there serves no one,
  and a thread that blocks while holding the lock everyone needs stops everyone. Messages to
  the others must keep arriving within 1 s, even after megabytes are waiting for the slow
  client. Queue what a client cannot take yet, or give each client its own sender; you may
  disconnect a client once more than 1 MiB (1,048,576 bytes) waits to be sent to it.
- A client may vanish at any moment (a reset): its recv() or send() fails with
  ConnectionResetError or BrokenPipeError. The server goes on serving the others.
- Messages from one sender reach every receiver in the order they were sent.

Example, two clients (> sent by the client, < received):

    ann> NICK ann                 bob> NICK bob
    ann< OK                       bob< OK
    ann< * bob joined
    ann> MSG hello, bob           bob< ann: hello, bob
    ann> WHO
    ann< USERS ann,bob
    ann> QUIT                     bob< * ann left

Check your work with `grade exercise-6`; stuck? `grade hint exercise-6`.
"""

import re
import selectors
import socket
import threading

RECV_SIZE = 65_536
MAX_BACKLOG = 1_048_576  # bytes waiting for a client before it is disconnected
NAME = re.compile(r"[A-Za-z0-9_-]{1,16}")


class ChatServer:
    """A chat server: every named client's messages reach the other named clients."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, max_line: int = 1024) -> None:
        """A server for (host, port), not started yet."""
        self.host = host
        self.port = port
        self.max_line = max_line
        self.address = None
        self._listener = None
        self._thread = None
        self._stopping = threading.Event()

    def start(self) -> tuple[str, int]:
        """Bind, listen and serve in a background thread; return the bound address."""
        self._listener = socket.create_server((self.host, self.port))
        self._listener.setblocking(False)
        self.address = self._listener.getsockname()[:2]
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
        self._clients: dict[socket.socket, _Client] = {}
        self._thread = threading.Thread(target=self._serve, name="chat-server", daemon=True)
        self._thread.start()
        return self.address

    def stop(self) -> None:
        """Close every connection and the listener, and end the background thread."""
        if self._thread is None:
            return
        self._stopping.set()
        try:
            self._wake_writer.send(b"x")
        except OSError:
            pass
        self._thread.join(2.0)
        self._thread = None

    def __enter__(self) -> "ChatServer":
        """Start the server; `with ChatServer() as server:`."""
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        """Stop the server at the end of the with block."""
        self.stop()

    # The serving thread: one selector for the listener and every client ----------------------
    def _serve(self) -> None:
        try:
            while not self._stopping.is_set():
                for key, events in self._selector.select():
                    if key.data == "accept":
                        self._accept()
                    elif key.data == "wake":
                        self._wake_reader.recv(64)
                    else:
                        client = key.data
                        if events & selectors.EVENT_READ and not client.done:
                            self._read(client)
                        if events & selectors.EVENT_WRITE and not client.dead:
                            self._flush(client)
                self._bury()
        finally:
            for client in list(self._clients.values()):
                client.sock.close()
            self._clients.clear()
            self._selector.close()
            self._listener.close()
            self._wake_reader.close()
            self._wake_writer.close()

    def _accept(self) -> None:
        try:
            sock, _ = self._listener.accept()
        except OSError:  # the client gave up before we accepted it
            return
        sock.setblocking(False)
        client = _Client(sock)
        self._clients[sock] = client
        self._selector.register(sock, selectors.EVENT_READ, client)

    def _read(self, client: "_Client") -> None:
        try:
            data = client.sock.recv(RECV_SIZE)
        except BlockingIOError:
            return
        except OSError:  # a reset
            data = b""
        if not data:
            self._drop(client)
            return
        client.inbox += data
        while not client.done and (end := client.inbox.find(b"\n", client.searched)) >= 0:
            line = bytes(client.inbox[:end])
            del client.inbox[: end + 1]
            client.searched = 0
            if len(line) > self.max_line:
                self._refuse_long_line(client)
                return
            self._handle(client, line.removesuffix(b"\r").decode("utf-8", errors="replace"))
        if not client.done:
            if len(client.inbox) > self.max_line:
                self._refuse_long_line(client)
            else:
                client.searched = len(client.inbox)

    def _refuse_long_line(self, client: "_Client") -> None:
        self._send(client, "ERR line too long")
        client.closing = True  # closed once the ERR is sent
        self._drop_after_flush(client)

    def _handle(self, client: "_Client", line: str) -> None:
        command, space, argument = line.partition(" ")
        if command == "QUIT" and not space:
            self._drop(client)
        elif command == "NICK" and client.name is None:
            self._nick(client, argument)
        elif client.name is None:
            self._send(client, "ERR say NICK first")
        elif command == "NICK":
            self._send(client, "ERR already named")
        elif command == "MSG" and space:
            self._broadcast(f"{client.name}: {argument}", but=client)
        elif command == "WHO" and not space:
            names = sorted(c.name for c in self._clients.values() if c.name is not None and not c.dead)
            self._send(client, "USERS " + ",".join(names))
        else:
            self._send(client, "ERR unknown command")

    def _nick(self, client: "_Client", name: str) -> None:
        if not NAME.fullmatch(name):
            self._send(client, "ERR bad name")
        elif any(c.name == name and not c.dead for c in self._clients.values()):
            self._send(client, "ERR name taken")
        else:
            client.name = name
            self._send(client, "OK")
            self._broadcast(f"* {name} joined", but=client)

    def _broadcast(self, line: str, but: "_Client") -> None:
        for other in list(self._clients.values()):
            if other is not but and other.name is not None and not other.done:
                self._send(other, line)

    def _send(self, client: "_Client", line: str) -> None:
        """Queue a line for `client` and send what its socket takes now; the rest waits for EVENT_WRITE."""
        if client.dead:
            return
        client.outbox += line.encode("utf-8") + b"\n"
        if len(client.outbox) > MAX_BACKLOG:
            self._drop(client)  # it has stopped reading: it would only fill our memory
            return
        self._flush(client)

    def _flush(self, client: "_Client") -> None:
        try:
            while client.outbox:
                sent = client.sock.send(client.outbox)
                del client.outbox[:sent]
        except BlockingIOError:
            pass
        except OSError:
            self._drop(client)
            return
        wanted = selectors.EVENT_READ | (selectors.EVENT_WRITE if client.outbox else 0)
        if wanted != client.events:
            client.events = wanted
            self._selector.modify(client.sock, wanted, client)
        if client.closing and not client.outbox:
            self._drop(client)

    def _drop_after_flush(self, client: "_Client") -> None:
        if not client.outbox:
            self._drop(client)

    def _drop(self, client: "_Client") -> None:
        """Forget a client: close it now (it is buried after the current event), tell the others."""
        if client.dead:
            return
        client.dead = True
        if client.name is not None:
            self._broadcast(f"* {client.name} left", but=client)

    def _bury(self) -> None:
        for sock, client in list(self._clients.items()):
            if client.dead:
                self._selector.unregister(sock)
                sock.close()
                del self._clients[sock]


class _Client:
    """One connection: its name, what it sent that is not a whole line yet, and what waits to be sent to it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.name = None
        self.inbox = bytearray()
        self.searched = 0
        self.outbox = bytearray()
        self.events = selectors.EVENT_READ
        self.closing = False  # refused: no more reading, closed once its outbox is sent
        self.dead = False  # gone: closed after the current event

    @property
    def done(self) -> bool:
        return self.closing or self.dead
