"""Follows the next link as it is written, so a relative one is not a URL requests can fetch."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "resolve it against the URL of the page that carried it"

reference.urljoin = lambda base, link: link
