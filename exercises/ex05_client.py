"""Exercise 5 · A client that survives the network

A service speaks lines: you connect, send one question line, and it sends back one answer
line. On a good day that is four lines of code. On a bad day the network does everything
else: nothing listens at the address; the service's listen queue is full, so connecting
hangs; the service accepts and never answers; it answers one byte at a time; it sends two
answers in one piece; it closes or resets the connection in the middle of an answer. A
client that survives the network turns each of these into an exception that says what
happened, within the time it was given, and never leaves a socket open behind it.

The exceptions are given:

    ServiceError                 the service could not answer; the base of the three below
    ├── ServiceUnavailable       nothing accepted the connection (refused, unreachable)
    ├── ServiceTimeout           connecting, or a wait for data, took longer than `timeout`
    └── ServiceDisconnected      the service closed or reset the connection before a whole
                                 answer line

Raise each one *from* the exception that caused it (`raise ServiceTimeout(...) from exc`), so
that whoever reads the traceback sees what the network did: the original exception is the new
one's `__cause__`. A clean close has no exception behind it (`recv()` just returned `b""`), so
`ServiceDisconnected` for a clean close has no cause.

Write:

- `ask(address, question, timeout=5.0)`: connect to `address` (a `(host, port)` tuple), send
  `question` as one UTF-8 line (the text and a `"\\n"`), and return the answer line without
  its `"\\n"` (a `"\\r"` before it is dropped too). `timeout` bounds connecting and *each* wait
  for data: an answer that keeps arriving, however slowly, is not a timeout
  (`socket.create_connection(address, timeout)` sets it for both). A question holding `"\\n"`
  or `"\\r"` would be two lines: raise `ValueError` before connecting.
- `ask_many(address, questions, timeout=5.0)`: one connection for all the questions. Send every
  question before reading the first answer (pipelining: the service may wait for all of them,
  and a round trip per question is slow), then read one answer line per question and return
  them in order. No questions: return `[]`. Errors as for `ask`.

Keep a buffer, as in exercise-3: one `recv()` returns whatever has arrived, a single byte or
two answers at once. Close the socket on every path, the error paths too: `with
socket.create_connection(...) as sock:` does it for you (and so does `try`/`finally`); a
`sock.makefile()` must be closed as well, or it keeps the connection open.

Example, with a service that answers "What is 6 x 7?" with b"42\\n":

    >>> ask(("127.0.0.1", 7000), "What is 6 x 7?")
    '42'
    >>> ask_many(("127.0.0.1", 7000), ["What is 6 x 7?", "Is it Tuesday?"])
    ['42', 'no']
    >>> ask(("127.0.0.1", 7001), "anyone?")       # nothing listens on port 7001
    ServiceUnavailable: could not connect to 127.0.0.1:7001: [Errno 111] Connection refused

Check your work with `grade exercise-5`; stuck? `grade hint exercise-5`.
"""

import socket

RECV_SIZE = 65_536


class ServiceError(Exception):
    """The service could not answer."""


class ServiceUnavailable(ServiceError):
    """Nothing accepted the connection: it was refused, or the address is unreachable."""


class ServiceTimeout(ServiceError):
    """Connecting, or a wait for data, took longer than the timeout."""


class ServiceDisconnected(ServiceError):
    """The service closed or reset the connection before a whole answer line."""


def ask(address: tuple[str, int], question: str, timeout: float = 5.0) -> str:
    """Send one question line to the service at `address` and return its answer line."""
    raise NotImplementedError('ask() is not written yet: write it in exercises/ex05_client.py')


def ask_many(address: tuple[str, int], questions: list[str], timeout: float = 5.0) -> list[str]:
    """Send every question on one connection, then read their answers, in order."""
    raise NotImplementedError('ask_many() is not written yet: write it in exercises/ex05_client.py')
