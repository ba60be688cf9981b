"""Returns None for an empty line, so a blank line looks like the end of the stream."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "an empty line is '' and a clean close is None"


class LineReader(LineReader):  # noqa: F405
    def readline(self):
        return super().readline() or None
