"""Flask mock APIs for exercises 10-13: flaky, rate-limited and malformed on a schedule.

- (../wsgi.py serves them: a WSGI app on 127.0.0.1 in a daemon thread, werkzeug, threaded, with
  a handler that can end a connection with an RST;)
- scopes.py: one server for a run, the state of each check in a scope of its own (`/c/7`);
- journal.py: every request as it arrived, and what the server answered;
- faults.py: scheduled answers: HTTP ones (503, 429 + Retry-After, HTML with 200, ...) and
  faults below HTTP done on the real socket (drop, reset, cut body, stalls); a token bucket;
- users.py: the Users API of exercise 10 (and JSONPlaceholder's resources, run on its own);
- paginated.py: the paginated API of exercise 12 (Link headers of every style);
- webhooks.py: the webhook sender of exercise 13.
"""

from .faults import (
    CutBody, Drop, Reply, Reset, Schedule, Stall, StallBody, TokenBucket, empty_body, html_page, json_as,
    service_unavailable, too_many_requests, truncated_json,
)
from .journal import Answer, Entry, Journal
from .scopes import MockAPIServer, Scope, ScopeFailed
from ..wsgi import Served, serve

__all__ = [
    "Answer", "CutBody", "Drop", "Entry", "Journal", "MockAPIServer", "Reply", "Reset", "Schedule", "Scope",
    "ScopeFailed", "Served", "Stall", "StallBody", "TokenBucket", "empty_body", "html_page", "json_as", "serve",
    "service_unavailable", "too_many_requests", "truncated_json",
]
