"""recv_text crashes the interpreter (SIGSEGV)."""

import ctypes

from reference import *  # noqa: F401,F403

EXPECT = "all but recv_text"


def recv_text(sock, limit=1_048_576):
    return ctypes.string_at(0)
