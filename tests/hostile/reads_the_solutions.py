"""Stubs that find the kit's reference solution and run it instead."""

import os

from stub import *  # noqa: F401,F403 - the unmodified stub of exercise-1

EXPECT = "zero"


def _steal():
    with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
        args = f.read().decode().split("\0")
    for arg in args:
        if arg.endswith("test_ex01_bytes.py"):
            kit = os.path.dirname(os.path.dirname(os.path.dirname(arg)))
            try:
                with open(os.path.join(kit, "solutions", "ex01_bytes.py")) as f:
                    exec(f.read(), globals())
            except OSError:
                pass


_steal()
