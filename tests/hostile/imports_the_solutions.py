"""Takes its functions from the kit's reference solutions."""

EXPECT = "error"

from solutions.ex01_bytes import *  # noqa: E402,F401,F403
