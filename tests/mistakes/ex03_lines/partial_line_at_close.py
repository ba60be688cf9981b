"""Returns the bytes of a line cut by the close as if they were a whole line."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a close in the middle of a line is not a clean end"


class LineReader(LineReader):  # noqa: F405
    def _at_close(self):
        if self._buffer:
            line = bytes(self._buffer)
            self._buffer.clear()
            return line.decode("utf-8")
        return None
