"""Keeps no record of the pages seen, so links that come back around are followed round and round."""

from urllib.parse import urljoin

from reference import *  # noqa: F403 - the correct solution, except for what follows
import reference

CAUGHT_BY = "keep a set of the URLs already fetched"


def iter_items(session, url, limiter=None, timeout=5.0, max_pages=1000):
    pages = 1
    while True:
        response = reference._fetch(session, url, limiter, timeout)
        yield from reference._items_of(response)
        link = next_link(response.headers.get("Link"))  # noqa: F405
        if link is None:
            return
        if pages >= max_pages:
            raise PaginationError("too many pages")  # noqa: F405
        url, pages = urljoin(response.url, link), pages + 1
