"""Splits with str.splitlines(), which also breaks lines at '\r', '\x0b', '\u2028' and more."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "str.splitlines()"


class LineReader:
    def __init__(self, sock, max_line=65_536):
        self.sock, self.max_line, self.text, self.lines = sock, max_line, "", []

    def readline(self):
        while not self.lines:
            chunk = self.sock.recv(65536)
            if not chunk:
                if self.text:
                    raise IncompleteMessageError("cut", self.text.encode())  # noqa: F405
                return None
            self.text += chunk.decode("utf-8")
            *complete, self.text = self.text.split("\n")
            for line in complete:
                if len(line.encode()) > self.max_line:
                    raise LineTooLongError("too long")  # noqa: F405
                self.lines += line.splitlines() or [""]
        return self.lines.pop(0)

    def __iter__(self):
        while (line := self.readline()) is not None:
            yield line
