"""read_response reads the head with recv() calls and throws away the body bytes that came with it."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "keep them, then read only what is still missing"


class _Forgetful(reference._Reader):
    def head(self):
        head = super().head()
        self._buffer.clear()
        return head


reference._Reader = _Forgetful
