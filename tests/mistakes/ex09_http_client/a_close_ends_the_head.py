"""read_response takes the close for the end of the head, when it comes between two header lines."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "the head ends only at an empty line"


class _Lenient(reference._Reader):
    def head(self):
        while (end := reference._HEAD_END.search(self._buffer)) is None:
            chunk = self._sock.recv(65536)
            if not chunk:
                if self._buffer.endswith(b"\n"):
                    head = bytes(self._buffer).rstrip(b"\r\n")
                    self._buffer.clear()
                    return head
                raise IncompleteResponseError("closed inside the head")  # noqa: F405
            self._buffer += chunk
        head = bytes(self._buffer[: end.start()])
        del self._buffer[: end.end()]
        return head


reference._Reader = _Lenient
