"""Takes the first datagram that arrives as the answer, whatever its id and sender."""

import random
import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a datagram with another id is not your answer"


def udp_request(address, payload, timeout=0.5, attempts=4):
    if len(payload) > MAX_PAYLOAD or attempts < 1 or timeout <= 0:  # noqa: F405
        raise ValueError("bad arguments")
    request_id = REQUEST_ID.pack(random.getrandbits(32))  # noqa: F405
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for _ in range(attempts):
            sock.sendto(request_id + payload, address)
            try:
                data, _ = sock.recvfrom(65535)
            except TimeoutError:
                continue
            return data[4:]
    raise UDPTimeoutError("no answer")  # noqa: F405
