"""Calls recv() once per readline() and keeps only the first line of what arrived."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one recv() can return several lines"


class LineReader(LineReader):  # noqa: F405
    def readline(self):
        data = self._sock.recv(65536)
        if not data:
            return None
        return data.split(b"\n")[0].removesuffix(b"\r").decode("utf-8")
