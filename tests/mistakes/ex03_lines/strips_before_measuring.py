"""Measures a line after stripping its '\r', so a '\r' lets a line be one byte too long."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "measure before you strip the '\\r'"


class LineReader(LineReader):  # noqa: F405
    def _take_line(self, end):
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        self._searched = 0
        line = line.removesuffix(b"\r")
        if len(line) > self._max_line:
            raise LineTooLongError("too long")  # noqa: F405
        return line.decode("utf-8")

    def readline(self):
        while True:
            end = self._buffer.find(b"\n", self._searched)
            if end >= 0:
                return self._take_line(end)
            if len(self._buffer) > self._max_line + 1:
                raise LineTooLongError("too long")  # noqa: F405
            self._searched = len(self._buffer)
            chunk = self._sock.recv(65536)
            if not chunk:
                return self._at_close()
            self._buffer += chunk
