"""Checks a line's length only once its newline arrives, buffering a line of any size."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not after buffering the rest of the line"


class LineReader(LineReader):  # noqa: F405
    def readline(self):
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                return self._take_line(end)
            chunk = self._sock.recv(65536)
            if not chunk:
                return self._at_close()
            self._buffer += chunk
