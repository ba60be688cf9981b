"""Takes a link as next only when its rel is exactly "next", missing rel="next last"."""

import re

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not value == 'next'"


def next_link(link_header):
    match = re.search(r'<([^>]*)>\s*;\s*rel\s*=\s*"?next"?\s*(?:[;,]|$)', link_header or "")
    return match.group(1) if match else None
