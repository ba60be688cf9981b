"""Builds URLs with urljoin(base_url, "/users/7"), which throws the base URL's path away."""

from urllib.parse import urljoin

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "urljoin(base_url, '/users/7') throws it away"

_correct_get_user = get_user  # noqa: F405


def get_user(session, base_url, user_id, timeout=5.0):
    root = urljoin(base_url, f"/users/{user_id}").rsplit("/users/", 1)[0]
    return _correct_get_user(session, root, user_id, timeout)
