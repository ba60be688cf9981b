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
        raise NotImplementedError('ChatServer() is not written yet: write it in exercises/ex06_chat.py')

    def start(self) -> tuple[str, int]:
        """Bind, listen and serve in a background thread; return the bound address."""
        raise NotImplementedError('ChatServer.start() is not written yet: write it in exercises/ex06_chat.py')

    def stop(self) -> None:
        """Close every connection and the listener, and end the background thread."""
        raise NotImplementedError('ChatServer.stop() is not written yet: write it in exercises/ex06_chat.py')

    def __enter__(self) -> "ChatServer":
        """Start the server; `with ChatServer() as server:`."""
        raise NotImplementedError('ChatServer.__enter__() is not written yet: write it in exercises/ex06_chat.py')

    def __exit__(self, *exc_info) -> None:
        """Stop the server at the end of the with block."""
        raise NotImplementedError('ChatServer.__exit__() is not written yet: write it in exercises/ex06_chat.py')
