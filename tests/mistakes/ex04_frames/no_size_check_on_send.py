"""send_frame never compares the payload with max_size."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "compare len(payload) with max_size before sending"


def send_frame(sock, payload, max_size=MAX_FRAME):  # noqa: F405
    sock.sendall(HEADER.pack(len(payload)) + payload)  # noqa: F405
