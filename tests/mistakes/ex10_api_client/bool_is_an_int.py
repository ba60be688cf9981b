"""Checks the id with isinstance(value, int), which True passes."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "isinstance(True, int) is True"


def _user(data, url, where):
    if not isinstance(data, dict):
        raise BadResponseError(f"{url}: {where} is not a JSON object", url=url)  # noqa: F405
    for name, kind in reference.FIELDS.items():
        if not isinstance(data.get(name), kind):
            raise BadResponseError(f"{url}: the {name!r} field of {where} is wrong", url=url)  # noqa: F405
    return User(data["id"], data["name"], data["email"])  # noqa: F405


reference._user = _user
