"""Maps requests.ConnectionError to APIConnectionError, missing the timeout hidden inside it."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "urllib3's ReadTimeoutError"

reference._timed_out = lambda exc: False
