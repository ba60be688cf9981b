"""recv_text waits forever on a socket nothing will ever write to."""

import socket

from reference import *  # noqa: F401,F403

EXPECT = "all but recv_text"


def recv_text(sock, limit=1_048_576):
    mine, _theirs = socket.socketpair()
    mine.settimeout(None)
    return mine.recv(1)
