"""RequestReader parses what one recv() brought and throws away what came after the request."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "keep the bytes after it for the next call"


class RequestReader(reference.RequestReader):
    def next_request(self):
        request = super().next_request()
        self._buffer.clear()
        return request
