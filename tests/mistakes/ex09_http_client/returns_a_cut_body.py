"""read_response returns what arrived when the server closes before the whole body."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "do not return what you have"


class _ForgivingReader(reference._Reader):
    def exactly(self, n, what):
        while len(self._buffer) < n:
            chunk = self._sock.recv(65536)
            if not chunk:
                break
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data


reference._Reader = _ForgivingReader
