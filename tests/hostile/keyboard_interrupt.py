"""iter_text raises KeyboardInterrupt, as Ctrl-C would."""

from reference import *  # noqa: F401,F403

EXPECT = "all but iter_text"


def iter_text(sock, limit=1_048_576):
    raise KeyboardInterrupt
    yield
