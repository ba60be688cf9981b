"""Takes any Content-Type with the letters "json" in it for JSON: text/json and application/jsonp pass."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "`'json' in content_type`"


def _is_json(content_type):
    return "json" in content_type


reference._is_json = _is_json
