"""Picks a new id for every attempt: the late answer to an earlier attempt carries an id no longer awaited."""

import random
import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _answer_within

CAUGHT_BY = "the same id on every attempt"


def udp_request(address, payload, timeout=0.5, attempts=4):
    if len(payload) > MAX_PAYLOAD or attempts < 1 or timeout <= 0:  # noqa: F405
        raise ValueError("bad arguments")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _ in range(attempts):
            request_id = REQUEST_ID.pack(random.getrandbits(32))  # noqa: F405
            sock.sendto(request_id + payload, address)
            answer = _answer_within(sock, tuple(address), request_id, timeout)
            if answer is not None:
                return answer
    raise UDPTimeoutError("no answer")  # noqa: F405
