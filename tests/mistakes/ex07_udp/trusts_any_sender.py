"""Checks the id of what arrives, but not who sent it: a stranger who sends the right id is believed."""

import random
import socket
import time

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "keep only those from `address`"


def udp_request(address, payload, timeout=0.5, attempts=4):
    if len(payload) > MAX_PAYLOAD or attempts < 1 or timeout <= 0:  # noqa: F405
        raise ValueError("bad arguments")
    request_id = REQUEST_ID.pack(random.getrandbits(32))  # noqa: F405
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _ in range(attempts):
            sock.sendto(request_id + payload, address)
            deadline = time.monotonic() + timeout
            while (left := deadline - time.monotonic()) > 0:
                sock.settimeout(left)
                try:
                    data, _ = sock.recvfrom(65535)
                except TimeoutError:
                    break
                if data[:4] == request_id:
                    return data[4:]
    raise UDPTimeoutError("no answer")  # noqa: F405
