"""Resolves every next link against the first URL instead of the page that carried it."""

from urllib.parse import urljoin

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "page 2 is at /b/items"

_correct = iter_items  # noqa: F405


def iter_items(session, url, limiter=None, timeout=5.0, max_pages=1000):
    reference.urljoin = lambda base, link: urljoin(url, link)
    return _correct(session, url, limiter, timeout, max_pages)
