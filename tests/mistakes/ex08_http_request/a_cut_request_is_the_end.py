"""RequestReader takes a close in the middle of a request for the normal end."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "raise IncompleteRequestError, do not return what you have"


class RequestReader(reference.RequestReader):
    def next_request(self):
        try:
            return super().next_request()
        except IncompleteRequestError:  # noqa: F405
            return None
