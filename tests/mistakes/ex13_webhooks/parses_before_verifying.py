"""Decodes the JSON before checking the signature: unsigned junk gets a 400 that tells an attacker what parses."""

import json

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "parse nothing before the signature is verified"

_correct_signed = reference._signed


def _parsed_then_signed(secret, headers, body, now):
    json.loads(body)  # a ValueError here makes the app answer 400 before any signature check
    return _correct_signed(secret, headers, body, now)


_correct_create_app = create_app  # noqa: F405


def create_app(secret, clock=time.time, on_event=None):  # noqa: F405
    app = _correct_create_app(secret, clock, on_event)

    @app.errorhandler(ValueError)
    def not_json(exc):
        return reference._refuse(400, "the body is not JSON")

    reference._signed = _parsed_then_signed
    return app
