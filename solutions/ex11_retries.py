"""Exercise 11 · Retries, backoff and idempotency

Networks fail for a moment and then work again: a 503 while a server restarts, a connection
dropped by a proxy, a 429 from a rate limit. Trying again is right, but only if it is done
carefully:

- A retry may run the request twice. Reading twice is harmless; *charging a card* twice is
  not. So only requests that are safe to repeat are retried: idempotent methods (`GET`,
  `HEAD`, `PUT`, `DELETE`, `OPTIONS`), or requests that carry an `Idempotency-Key` header, with
  which the server recognises a repeat and answers it without doing the work again (the same
  key on every attempt, or it would not recognise it).
- Clients that all retry at once, on the same schedule, knock the server down again as soon as
  it stands up. So waits grow exponentially, are capped, and are *jittered*: "full jitter"
  picks a random wait between 0 and the exponential cap.
- A server that says how long to wait (`Retry-After`: seconds, or an HTTP-date) knows better
  than any formula; if it asks for longer than we are willing to wait, give up at once.

Write:

- `backoff_delay(policy, retry_number, rng) -> float`: full jitter, uniform in
  `[0, min(policy.max_backoff, policy.backoff * 2 ** retry_number)]`, retry_number from 0 (the
  wait before the first retry), using `rng` (a `random.Random`): `rng.uniform(0, cap)`.
- `parse_retry_after(value, now=None) -> float | None`: delay-seconds (digits only: `"120"` is
  120; `"1.5"`, `"-1"` and `"+5"` are None) or an HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`),
  as the seconds from `now` (default: the current time, `time.time()`, read when called) to
  that date, never negative; None for anything else.
- `request_with_retries(session, method, url, policy=RetryPolicy(), *, sleep=time.sleep,
  rng=None, **kwargs) -> requests.Response`: `session.request(method, url, **kwargs)`, sent
  again on a connection error, a timeout, or a status in `policy.retry_statuses`, but only when
  the request may be repeated (see above; header names are case-insensitive). Between
  attempts, wait what `Retry-After` says when the answer has one that `parse_retry_after` can
  read (more than `policy.max_retry_after`: stop at once and raise), else
  `backoff_delay(policy, retry_number, rng)` (with a `random.Random()` of your own when `rng`
  is None). Every wait goes through `sleep`, never `time.sleep` directly: that is how tests
  (and callers in a hurry) control time. There is nothing to wait for after the last attempt.
  - At most `policy.attempts` sends. An answer that is not to be retried is returned as it
    is (also a 503 to a POST without a key, which is sent once). An exception from a request
    that may not be retried propagates unchanged.
  - Still failing after the last attempt, or a `Retry-After` over `max_retry_after`: raise
    `RetriesExhausted`, with `.attempts` the sends made, `.last_response` the last answer
    received (or None) and `.last_error` the last exception (or None).
  - A request without a timeout (or with `timeout=None`) gets `timeout=5.0`.

Unspecified: whether a body cut off after the headers arrived (`ChunkedEncodingError`) is
retried; the solution retries it, the checks do not look.

Example, against a server that answers 503, 503, then 200:

    >>> calls = []
    >>> response = request_with_retries(session, "GET", url, sleep=calls.append, rng=random.Random(1))
    >>> response.status_code, [round(c, 3) for c in calls]
    (200, [0.013, 0.169])

Check your work with `grade exercise-11`; stuck? `grade hint exercise-11`.
"""

import email.utils
import random
import time
from dataclasses import dataclass

import requests

DEFAULT_TIMEOUT = 5.0


@dataclass(frozen=True)
class RetryPolicy:
    """How to retry.

    - `attempts`: sends in all, the first included (1: never retry).
    - `backoff`: seconds of the first wait's cap; each retry doubles it ...
    - `max_backoff`: ... up to this cap.
    - `max_retry_after`: the longest `Retry-After` worth waiting; a longer one ends the retries.
    - `retry_statuses`: the statuses worth another attempt.
    """

    attempts: int = 4
    backoff: float = 0.1
    max_backoff: float = 2.0
    max_retry_after: float = 30.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})


IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class RetriesExhausted(Exception):
    """Every attempt failed; `.last_response` and `.last_error` are the last of each seen."""

    def __init__(self, message: str, attempts: int, last_response: requests.Response | None = None,
                 last_error: BaseException | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_response = last_response
        self.last_error = last_error


def backoff_delay(policy: RetryPolicy, retry_number: int, rng: random.Random) -> float:
    """Full jitter: a random wait between 0 and the capped exponential backoff."""
    growth = 2.0 ** min(retry_number, 1000)  # 2 ** 2000 would not fit in a float
    return rng.uniform(0.0, min(policy.max_backoff, policy.backoff * growth))


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """The seconds a Retry-After value asks to wait, or None if it is neither form."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000": a date of unknown zone
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


RETRIED_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def request_with_retries(session: requests.Session, method: str, url: str, policy: RetryPolicy = RetryPolicy(), *,
                         sleep=time.sleep, rng: random.Random | None = None, **kwargs) -> requests.Response:
    """Send the request, and again after a wait while it fails in a way worth retrying."""
    rng = rng if rng is not None else random.Random()
    if kwargs.get("timeout") is None:
        kwargs["timeout"] = DEFAULT_TIMEOUT
    repeatable = method.upper() in IDEMPOTENT_METHODS or _has_idempotency_key(session, kwargs.get("headers"))
    last_response: requests.Response | None = None
    last_error: BaseException | None = None
    for attempt in range(1, policy.attempts + 1):
        wait = None
        try:
            response = session.request(method, url, **kwargs)
        except RETRIED_ERRORS as exc:
            if not repeatable:
                raise
            last_error = exc
        else:
            if not repeatable or response.status_code not in policy.retry_statuses:
                return response
            last_response = response
            header = response.headers.get("Retry-After")
            wait = parse_retry_after(header) if header is not None else None
            if wait is not None and wait > policy.max_retry_after:
                raise RetriesExhausted(
                    f"{method} {url}: the server asked to wait {wait:g} s, more than {policy.max_retry_after:g} s",
                    attempt, last_response, last_error,
                )
        if attempt == policy.attempts:
            break
        sleep(wait if wait is not None else backoff_delay(policy, attempt - 1, rng))
    last = f"{last_response.status_code} {last_response.reason}" if last_response is not None else type(last_error).__name__
    raise RetriesExhausted(f"{method} {url}: still failing after {policy.attempts} attempts (last: {last})",
                           policy.attempts, last_response, last_error)


def _has_idempotency_key(session: requests.Session, headers) -> bool:
    names = [name.lower() for name in (headers or {})] + [name.lower() for name in session.headers]
    return "idempotency-key" in names
