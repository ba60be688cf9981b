"""Reads one byte per recv() call: correct, but a system call per byte."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not one byte at a time"


class LineReader(LineReader):  # noqa: F405
    def readline(self):
        line = bytearray()
        while True:
            byte = self._sock.recv(1)
            if not byte:
                if line:
                    raise IncompleteMessageError("cut", bytes(line))  # noqa: F405
                return None
            if byte == b"\n":
                break
            line += byte
            if len(line) > self._max_line:
                raise LineTooLongError("too long")  # noqa: F405
        return line.removesuffix(b"\r").decode("utf-8")
