"""RequestReader cuts the stream into requests at blank lines, so a body is taken for the next request."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "never by searching for b'\\r\\n\\r\\n'"


class RequestReader(reference.RequestReader):
    def next_request(self):
        while (end := self._buffer.find(b"\r\n\r\n")) < 0:
            chunk = self._sock.recv(65536)
            if not chunk:
                if self._buffer:
                    raise IncompleteRequestError()  # noqa: F405
                return None
            self._buffer += chunk
        lines = bytes(self._buffer[:end]).decode("latin-1").split("\r\n")
        del self._buffer[: end + 4]
        method, target, version = lines[0].split(" ")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
        return Request(method, target, version, headers, b"")  # noqa: F405
