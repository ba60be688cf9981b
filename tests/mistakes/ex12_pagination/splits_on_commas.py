"""Splits the Link header on every comma, also those inside a URL or a quoted title."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "header.split(',') cuts there"


def next_link(link_header):
    if not link_header:
        return None
    for link in link_header.split(","):
        target, _, params = link.partition(";")
        rels = [p.split("=", 1)[1].strip().strip('"') for p in params.split(";") if p.strip().startswith("rel")]
        if rels and "next" in rels[0].split():
            return target.strip().strip("<>")
    return None
