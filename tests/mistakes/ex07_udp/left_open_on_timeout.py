"""Closes the socket when an answer comes, but not when it gives up."""

import random
import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _answer_within

CAUGHT_BY = "closed on every path, also when you raise UDPTimeoutError"


def udp_request(address, payload, timeout=0.5, attempts=4):
    if len(payload) > MAX_PAYLOAD or attempts < 1 or timeout <= 0:  # noqa: F405
        raise ValueError("bad arguments")
    request_id = REQUEST_ID.pack(random.getrandbits(32))  # noqa: F405
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(attempts):
        sock.sendto(request_id + payload, address)
        answer = _answer_within(sock, tuple(address), request_id, timeout)
        if answer is not None:
            sock.close()
            return answer
    raise UDPTimeoutError("no answer")  # noqa: F405
