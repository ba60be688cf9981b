"""Exercise 7 · Requests over a lossy network

UDP sends datagrams: each arrives whole, or not at all. Nothing says which. A datagram can
be lost, arrive twice, arrive late, or arrive from someone you never asked. A client that
asks over UDP must therefore do the work TCP would do for it: wait a little, ask again if
no answer comes, and recognise the answer to *its* question among whatever arrives.

Here a request is a datagram holding a 4-byte big-endian request id and then the payload;
the answer is a datagram holding the same id and then the answer bytes:

    request   b"\\x8c\\x01\\xf3\\x2a" + b"ping"           (id 0x8c01f32a, payload b"ping")
    answer    b"\\x8c\\x01\\xf3\\x2a" + b"answer to ping"

Write `udp_request(address, payload, timeout=0.5, attempts=4)`, which returns the answer
bytes (without the id):

- Pick a random id (`random.getrandbits(32)` or `secrets.randbits(32)`), send the request to
  `address`, and wait up to `timeout` seconds for the answer.
- Ignore every datagram that is not the answer: one too short to hold an id, one with
  another id (a stale answer to an earlier request, or a duplicate), and one that comes from
  any address but `address` (a stranger can guess your id). Junk must not make you wait
  longer: each attempt waits `timeout` seconds in all, however many datagrams arrive, so keep
  a deadline and give the socket only the time that is left.
- No answer within `timeout`: send the *same* request again (the same id, from the same
  socket), so that an answer to an earlier attempt that arrives late is still accepted. After
  `attempts` sends in all without an answer, raise the given `UDPTimeoutError`.
- Raise `ValueError`, before sending anything, for a payload longer than `MAX_PAYLOAD` (the
  most a UDP datagram carries, less the id), for `attempts < 1` and for `timeout <= 0`.
- One socket for the whole request, closed on every path (`with socket.socket(...) as sock:`).

`address` is a `(host, port)` tuple with a numeric IPv4 address, such as `("127.0.0.1", 9000)`,
so you can compare it with the address `recvfrom()` returns.

Example, with a server that loses the first request and answers the second:

    >>> udp_request(("127.0.0.1", 9000), b"ping", timeout=0.2)     # takes about 0.2 s
    b'answer to ping'
    >>> udp_request(("127.0.0.1", 9001), b"ping", timeout=0.2, attempts=2)   # nothing answers
    UDPTimeoutError: no answer from 127.0.0.1:9001 after 2 attempts of 0.2 s

Check your work with `grade exercise-7`; stuck? `grade hint exercise-7`.
"""

import random
import socket
import struct
import time

REQUEST_ID = struct.Struct("!I")
MAX_PAYLOAD = 65_507 - 4
RECV_SIZE = 65_535


class UDPTimeoutError(TimeoutError):
    """No answer came after the last attempt."""


def udp_request(address: tuple[str, int], payload: bytes, timeout: float = 0.5, attempts: int = 4) -> bytes:
    """Send `payload` to `address` until its answer arrives (at most `attempts` times); return the answer."""
    raise NotImplementedError('udp_request() is not written yet: write it in exercises/ex07_udp.py')
