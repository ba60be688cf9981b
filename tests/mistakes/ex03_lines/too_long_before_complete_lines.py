"""Refuses the whole buffer as too long before handing out the complete lines in it."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "lines that are complete come first"


class LineReader(LineReader):  # noqa: F405
    def readline(self):
        while True:
            if len(self._buffer) > self._max_line:
                raise LineTooLongError("buffer too long")  # noqa: F405
            end = self._buffer.find(b"\n")
            if end >= 0:
                return self._take_line(end)
            chunk = self._sock.recv(65536)
            if not chunk:
                return self._at_close()
            self._buffer += chunk
