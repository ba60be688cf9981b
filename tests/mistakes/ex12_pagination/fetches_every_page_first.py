"""Fetches every page into one list before handing out the first item: not lazy."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "collecting every page into a list first is not lazy"

_correct = iter_items  # noqa: F405


def iter_items(session, url, limiter=None, timeout=5.0, max_pages=1000):
    return iter(list(_correct(session, url, limiter, timeout, max_pages)))
