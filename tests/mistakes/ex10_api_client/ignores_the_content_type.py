"""Trusts any body that parses as JSON, whatever its Content-Type says."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "then the Content-Type (application/json or application/...+json"

reference._is_json = lambda content_type: True
