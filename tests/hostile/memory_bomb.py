"""iter_text asks for 100 GB of memory."""

from reference import *  # noqa: F401,F403

EXPECT = "all but iter_text"


def iter_text(sock, limit=1_048_576):
    hoard = [bytearray(1 << 30) for _ in range(100)]
    yield str(len(hoard))
