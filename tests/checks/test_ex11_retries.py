"""Checks for exercise-11 · Retries, backoff and idempotency (ex11_retries).

request_with_retries gets a requests.Session of the kit's and the URL of a mock API endpoint
that answers 200 to anything, behind a schedule of faults chosen by the check ("503, 503, then
200"; "the connection dropped, then 200"; a stall; 429 with Retry-After), done by the server
on its real socket where they are below HTTP. Attempts are counted from the server's journal,
never from what the code reports; waits are judged by what the code asked of the `sleep` it
was given (the kit's, which returns at once and records), and the random part of the waits by
a `rng` whose random() gives values the check knows.
"""

import math
import time
from email.utils import formatdate, parsedate_to_datetime

import requests

from grader.harness.apis import timed
from grader.harness.checking import call, exactly
from grader.harness.apis import recording_session
from grader.harness.learners import is_instance
from grader.harness.fakes import ScriptedRandom
from grader.harness.show import show
from mockservers.apis.faults import Drop, Reply, Stall, service_unavailable, too_many_requests

PATH = "/orders/17"
KEY = "key-8a3f-2c1d"
STALL = 1.0  # a stalled attempt, well past the timeout the check gives
TIMEOUT = 0.3

JITTER_HINT = (
    "full jitter is rng.uniform(0, cap) with cap = min(policy.max_backoff, policy.backoff * 2 ** retry_number), "
    "retry_number from 0; use the rng you are given"
)
SLEEP_HINT = (
    "call the sleep function you were given (the `sleep` parameter) for every wait, never time.sleep() "
    "directly: it is how callers and tests control time"
)
REPEATABLE_HINT = (
    "a request may be sent again only if its method is in IDEMPOTENT_METHODS or it carries an "
    "Idempotency-Key header; otherwise send it once and return its answer (or let its exception through)"
)
RETRY_AFTER_HINT = (
    "when a retried answer has a Retry-After header that parse_retry_after() can read, wait exactly that: "
    "the server knows when it will be ready; only without one use backoff_delay()"
)


def close(got, expected, tolerance=1e-6) -> bool:
    return isinstance(got, (int, float)) and not isinstance(got, bool) and math.isclose(got, expected, abs_tol=tolerance)


def shown_waits(values) -> str:
    return "[" + ", ".join(f"{v:.4g}" if isinstance(v, (int, float)) else repr(v) for v in values) + "]"


def expect_waits(check, sleep, expected, hint, what="asked sleep for"):
    check.expect(
        len(sleep.calls) == len(expected) and all(close(g, e) for g, e in zip(sleep.calls, expected)),
        got=f"your code {what} {shown_waits(sleep.calls)}",
        expected=f"the waits {shown_waits(expected)}",
        hint=hint,
    )


def expect_sends(check, scope, count: int, *, method: str = "GET", hint: str):
    sent = scope.journal.count(method)
    check.expect(
        sent == count,
        got=f"the server received {sent} {method} request{'s' if sent != 1 else ''}",
        expected=f"{count}",
        hint=hint,
    )


def retrying(impl, scope, *answers, method="GET", policy=None, rng=None, sleep=None, **kwargs):
    """The call of request_with_retries against `scope` whose next answers are `answers`."""
    if answers:
        scope.schedule.add(*answers)
    options = {} if policy is None else {"policy": policy}
    return call(impl.request_with_retries, recording_session(), method, scope.url_of(PATH), **options,
                sleep=sleep, rng=rng if rng is not None else ScriptedRandom(0.5), **kwargs)


def expect_response(check, the_call, status: int, hint: str):
    """The call returns a requests.Response with this status."""
    response = check.run(the_call, expected=f"the {status} response", hint=hint)
    got_status = getattr(response, "status_code", None)
    check.expect(
        is_instance(response, "requests", "Response") and got_status == status,
        got=f"{the_call} returned {show(response)}" + (f" with status {got_status}" if got_status else ""),
        expected=f"the requests.Response of the {status}",
        hint=hint,
    )
    return response


def expect_exhausted(check, impl, the_call, *, attempts: int, hint: str):
    error = check.raises(impl.RetriesExhausted, the_call, hint=hint, expected=f"RetriesExhausted after {attempts} attempts")
    got = getattr(error, "attempts", None)
    check.expect(exactly(got, attempts), got=f"its .attempts was {show(got)}", expected=f".attempts {attempts}, the sends made",
                 hint="give RetriesExhausted the number of requests sent: RetriesExhausted(message, attempts, ...)")
    return error


# backoff_delay ------------------------------------------------------------------------------


def test_backoff_delay_is_jitter_under_a_capped_exponential(impl, check):
    """backoff_delay is rng.uniform(0, min(max_backoff, backoff * 2 ** retry_number))"""
    for policy in (impl.RetryPolicy(), impl.RetryPolicy(backoff=0.5, max_backoff=3.0)):
        for retry in range(7):
            cap = min(policy.max_backoff, policy.backoff * 2**retry)
            the_call = call(impl.backoff_delay, policy, retry, ScriptedRandom(0.5))
            got = check.run(the_call, expected=f"{cap / 2:g}", hint=JITTER_HINT)
            check.expect(
                close(got, cap / 2),
                got=f"{the_call} returned {show(got)}",
                expected=f"{cap / 2:g}: the cap is min({policy.max_backoff:g}, {policy.backoff:g} * 2 ** {retry}) = "
                f"{cap:g}, and a rng whose random() gives 0.5 picks its middle",
                hint=JITTER_HINT,
            )


def test_backoff_delay_spans_zero_to_the_cap(impl, check):
    """backoff_delay goes from 0 (random() = 0) to the cap (random() near 1): full jitter"""
    policy = impl.RetryPolicy()
    for value, expected in ((0.0, 0.0), (0.999, 0.999 * 0.4), (0.25, 0.1)):
        the_call = call(impl.backoff_delay, policy, 2, ScriptedRandom(value))
        got = check.run(the_call, expected=f"{expected:g}", hint=JITTER_HINT)
        check.expect(
            close(got, expected),
            got=f"{the_call} returned {show(got)}",
            expected=f"{expected:g}: full jitter is anywhere from 0 to the cap (0.4), as random() is anywhere from 0 to 1",
            hint=JITTER_HINT + "; not the cap itself (no jitter), nor cap/2 + a random half (equal jitter)",
        )


# parse_retry_after --------------------------------------------------------------------------

DATE = "Sun, 06 Nov 1994 08:49:37 GMT"
DATE_AT = parsedate_to_datetime(DATE).timestamp()


def test_parse_retry_after_reads_delay_seconds(impl, check):
    """parse_retry_after reads delay-seconds: '120' is 120.0"""
    for value, expected in (("120", 120.0), ("0", 0.0), ("7", 7.0)):
        check.returns(expected, call(impl.parse_retry_after, value),
                      hint="a Retry-After of digits is a number of seconds: float(value)")


def test_parse_retry_after_refuses_anything_else(impl, check):
    """parse_retry_after returns None for what is neither digits nor an HTTP-date ('1.5', '+5', 'soon', ...)"""
    for value in ("1.5", "-1", "+5", "5_000", "1e3", "0x10", "soon", "", "Sun, 06 Nov", "tomorrow at noon"):
        check.returns(None, call(impl.parse_retry_after, value, now=DATE_AT),
                      hint="delay-seconds are digits only: check value.isdigit() (and value.isascii()) before "
                      "converting; int() and float() also accept '+5', '5_000', '1e3' and '1.5'. For anything "
                      "that is not an HTTP-date either, return None (catch the parser's ValueError and TypeError)")


def test_parse_retry_after_reads_an_http_date(impl, check):
    """parse_retry_after turns an HTTP-date into the seconds from `now` to it"""
    for value, now, expected in ((DATE, DATE_AT - 30, 30.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 1445412450.0, 30.0),
                                 (DATE, DATE_AT - 0.5, 0.5)):
        the_call = call(impl.parse_retry_after, value, now=now)
        got = check.run(the_call, expected=f"{expected:g}", hint="")
        check.expect(
            close(got, expected),
            got=f"{the_call} returned {show(got)}",
            expected=f"{expected:g}, the seconds from now to that date",
            hint="email.utils.parsedate_to_datetime(value) reads an HTTP-date; its .timestamp() - now is the wait",
        )


def test_parse_retry_after_never_goes_negative(impl, check):
    """parse_retry_after returns 0.0 for a date already past"""
    the_call = call(impl.parse_retry_after, DATE, now=DATE_AT + 100)
    got = check.run(the_call, expected="0.0", hint="")
    check.expect(close(got, 0.0), got=f"{the_call} returned {show(got)}", expected="0.0: the date is 100 s past, wait no more",
                 hint="a date in the past means 'retry now': max(0.0, when - now)")


def test_parse_retry_after_measures_from_the_current_time(impl, check):
    """parse_retry_after(value) without now measures from time.time() when it is called"""
    value = formatdate(time.time() + 100, usegmt=True)
    the_call = call(impl.parse_retry_after, value)
    got = check.run(the_call, expected="about 100", hint="")
    check.expect(
        isinstance(got, (int, float)) and 97 <= got <= 101,
        got=f"{the_call}, 100 s from now, returned {show(got)}",
        expected="about 100",
        hint="without now, read the clock when called: `now = time.time() if now is None else now` (a default of "
        "now=time.time() is read once, when the module loads)",
    )


# request_with_retries: what is retried ------------------------------------------------------


def test_retries_a_503_until_it_succeeds(impl, check, api):
    """request_with_retries retries a 503 (503, 503, then 200) and returns the 200"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    hint = "send again while the status is in policy.retry_statuses, at most policy.attempts times in all"
    expect_response(check, retrying(impl, scope, service_unavailable(), service_unavailable(), sleep=sleep), 200, hint)
    expect_sends(check, scope, 3, hint=hint)
    expect_waits(check, sleep, [0.05, 0.1], JITTER_HINT + "; the wait before attempt 2 is backoff_delay(policy, 0, rng)")


def test_waits_only_through_the_sleep_it_is_given(impl, check, api):
    """request_with_retries waits only through its `sleep` (no real waiting)"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    policy = impl.RetryPolicy(backoff=0.4, max_backoff=1.0)
    the_call = retrying(impl, scope, service_unavailable(), service_unavailable(), policy=policy, sleep=sleep,
                        rng=ScriptedRandom(0.99))
    seconds, _ = timed(lambda: expect_response(check, the_call, 200, SLEEP_HINT))
    check.expect(
        seconds < 0.5 and len(sleep.calls) == 2,
        got=f"the call took {seconds:.2f} s of real time and asked sleep for {shown_waits(sleep.calls)}",
        expected="two waits asked of sleep (about 0.4 s and 0.8 s), and no real waiting",
        hint=SLEEP_HINT,
    )


def test_retries_a_dropped_connection(impl, check, api):
    """request_with_retries retries a connection dropped before the answer"""
    scope = api.echo()
    hint = "catch requests.ConnectionError (and requests.Timeout) and send again, while attempts remain"
    expect_response(check, retrying(impl, scope, Drop(), sleep=api.sleep_for(scope)), 200, hint)
    expect_sends(check, scope, 2, hint=hint)


def test_retries_a_timeout(impl, check, api):
    """request_with_retries retries an attempt that timed out (with the timeout it was given)"""
    scope = api.echo()
    hint = "catch requests.Timeout too, and pass the caller's timeout= on to session.request() unchanged"
    expect_response(check, retrying(impl, scope, Stall(STALL), sleep=api.sleep_for(scope), timeout=TIMEOUT), 200, hint)
    expect_sends(check, scope, 2, hint=hint)


def test_retries_put_and_delete_but_not_patch(impl, check, api):
    """request_with_retries retries PUT and DELETE (idempotent), and sends a PATCH without a key once"""
    for method, sends, status in (("PUT", 2, 200), ("DELETE", 2, 200), ("PATCH", 1, 503)):
        scope = api.echo()
        the_call = retrying(impl, scope, service_unavailable(), method=method, sleep=api.sleep_for(scope))
        expect_response(check, answer_or_exhausted(impl, the_call), status, REPEATABLE_HINT)
        expect_sends(check, scope, sends, method=method, hint=REPEATABLE_HINT)


def answer_or_exhausted(impl, the_call):
    """The call, with RetriesExhausted taken as its last_response (either is fine where a request is sent once)."""

    def run():
        try:
            return the_call()
        except impl.RetriesExhausted as exc:
            return getattr(exc, "last_response", None)

    return call(run).shown_as(str(the_call))


def test_sends_a_post_without_a_key_once(impl, check, api):
    """request_with_retries sends a POST without an Idempotency-Key once, and returns its 503"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    the_call = retrying(impl, scope, service_unavailable(), method="POST", sleep=sleep, json={"amount": 2500})
    hint = REPEATABLE_HINT + "; repeating a POST may charge twice"
    expect_response(check, answer_or_exhausted(impl, the_call), 503, hint)
    expect_sends(check, scope, 1, method="POST", hint=hint)
    expect_waits(check, sleep, [], "a request that is not retried has nothing to wait for")


def test_lets_the_error_of_a_post_without_a_key_through(impl, check, api):
    """request_with_retries lets requests' exception of a POST without a key propagate unchanged"""
    scope = api.echo()
    the_call = retrying(impl, scope, Drop(), method="POST", sleep=api.sleep_for(scope), json={"amount": 2500})
    check.raises(requests.ConnectionError, the_call, hint=REPEATABLE_HINT + "; re-raise the exception as it is",
                 expected="requests.ConnectionError, as session.request() raised it")
    expect_sends(check, scope, 1, method="POST", hint=REPEATABLE_HINT)


def test_retries_a_post_with_an_idempotency_key_with_the_same_key(impl, check, api):
    """request_with_retries retries a POST with an Idempotency-Key, the same key and body on every attempt"""
    scope = api.echo()
    body = {"amount": 2500, "currency": "eur"}
    the_call = retrying(impl, scope, service_unavailable(), Drop(), method="POST", sleep=api.sleep_for(scope),
                        headers={"Idempotency-Key": KEY}, json=body)
    hint = "the key is what lets the server recognise a repeat: send the caller's headers, key included, unchanged every time"
    expect_response(check, the_call, 200, REPEATABLE_HINT)
    expect_sends(check, scope, 3, method="POST", hint=REPEATABLE_HINT)
    for entry in scope.journal.entries:
        check.expect(
            entry.header("Idempotency-Key") == KEY and entry.json() == body,
            got=f"attempt {entry.number} carried Idempotency-Key {show(entry.header('Idempotency-Key'))} and the body "
            f"{show(entry.body)}",
            expected=f"Idempotency-Key {KEY!r} and the same body on every attempt",
            hint=hint,
        )


def test_reads_the_idempotency_key_header_in_any_case(impl, check, api):
    """request_with_retries sees an Idempotency-Key whatever the case of the header's name"""
    scope = api.echo()
    the_call = retrying(impl, scope, service_unavailable(), method="POST", sleep=api.sleep_for(scope),
                        headers={"idempotency-key": KEY})
    hint = "HTTP header names are case-insensitive: compare them with .lower() (a plain `in` on a dict is case-sensitive)"
    expect_response(check, answer_or_exhausted(impl, the_call), 200, hint)
    expect_sends(check, scope, 2, method="POST", hint=hint)


def test_returns_an_answer_not_worth_retrying_as_it_is(impl, check, api):
    """request_with_retries returns a 404 (or a 200) at once"""
    for status in (404, 400, 200):
        scope = api.echo()
        sleep = api.sleep_for(scope)
        expect_response(check, retrying(impl, scope, Reply(status, {"error": "as scheduled"}), sleep=sleep), status,
                        "only the statuses in policy.retry_statuses are retried; return any other answer as it is")
        expect_sends(check, scope, 1, hint="a 404 will be a 404 next time too: return it")


# request_with_retries: how long it waits ----------------------------------------------------


def test_waits_what_retry_after_says(impl, check, api):
    """request_with_retries waits the Retry-After seconds of a 429 or a 503"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    the_call = retrying(impl, scope, too_many_requests("2"), service_unavailable("1"), sleep=sleep)
    expect_response(check, the_call, 200, RETRY_AFTER_HINT)
    expect_waits(check, sleep, [2.0, 1.0], RETRY_AFTER_HINT)


def test_waits_until_a_retry_after_date(impl, check, api):
    """request_with_retries waits until the HTTP-date of a Retry-After"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    when = formatdate(time.time() + 3, usegmt=True)
    expect_response(check, retrying(impl, scope, service_unavailable(when), sleep=sleep), 200, RETRY_AFTER_HINT)
    check.expect(
        len(sleep.calls) == 1 and isinstance(sleep.calls[0], (int, float)) and 1.5 <= sleep.calls[0] <= 3.5,
        got=f"with Retry-After: {when} (3 s from now), your code asked sleep for {shown_waits(sleep.calls)}",
        expected="one wait of about 3 s",
        hint=RETRY_AFTER_HINT + "; parse_retry_after() reads HTTP-dates too",
    )


def test_backs_off_when_retry_after_cannot_be_read(impl, check, api):
    """request_with_retries falls back to backoff_delay for a Retry-After it cannot read"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    expect_response(check, retrying(impl, scope, service_unavailable("soon"), sleep=sleep), 200, RETRY_AFTER_HINT)
    expect_waits(check, sleep, [0.05], "parse_retry_after('soon') is None: then wait backoff_delay(policy, 0, rng)")


def test_gives_up_when_retry_after_is_too_long(impl, check, api):
    """request_with_retries raises RetriesExhausted at once for a Retry-After over max_retry_after"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    hint = ("a Retry-After longer than policy.max_retry_after is not worth waiting: raise RetriesExhausted at once, "
            "without waiting, rather than waiting less than the server asked")
    error = expect_exhausted(check, impl, retrying(impl, scope, too_many_requests("120"), sleep=sleep), attempts=1, hint=hint)
    expect_waits(check, sleep, [], hint)
    last = getattr(error, "last_response", None)
    check.expect(getattr(last, "status_code", None) == 429, got=f"its .last_response was {show(last)}",
                 expected="the 429 response", hint="keep the last answer in .last_response")


def test_waits_a_retry_after_of_exactly_max_retry_after(impl, check, api):
    """request_with_retries still waits a Retry-After of exactly max_retry_after"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    the_call = retrying(impl, scope, service_unavailable("1"), policy=impl.RetryPolicy(max_retry_after=1.0), sleep=sleep)
    hint = "only a Retry-After *more* than max_retry_after ends the retries: compare with >, not >="
    expect_response(check, the_call, 200, hint)
    expect_waits(check, sleep, [1.0], hint)


def test_uses_a_random_of_its_own_without_rng(impl, check, api):
    """request_with_retries with rng=None waits a random backoff of its own"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    the_call = call(impl.request_with_retries, recording_session(), "GET", scope.url_of(PATH), sleep=sleep)
    scope.schedule.add(service_unavailable(), service_unavailable())
    hint = "with rng=None, make one: rng = random.Random() (and then use it as if it had been given)"
    expect_response(check, the_call, 200, hint)
    check.expect(
        len(sleep.calls) == 2 and all(isinstance(c, (int, float)) for c in sleep.calls)
        and 0 <= sleep.calls[0] <= 0.1 and 0 <= sleep.calls[1] <= 0.2,
        got=f"your code asked sleep for {shown_waits(sleep.calls)}",
        expected="a wait of 0 to 0.1 s, then one of 0 to 0.2 s",
        hint=hint,
    )


# request_with_retries: giving up ------------------------------------------------------------


def test_gives_up_after_policy_attempts(impl, check, api):
    """request_with_retries raises RetriesExhausted after policy.attempts sends"""
    for attempts in (3, 1):
        scope = api.echo()
        the_call = retrying(impl, scope, *[service_unavailable()] * 5, policy=impl.RetryPolicy(attempts=attempts),
                            sleep=api.sleep_for(scope))
        hint = "policy.attempts counts every send, the first included: attempts=3 is one send and two retries"
        error = expect_exhausted(check, impl, the_call, attempts=attempts, hint=hint)
        expect_sends(check, scope, attempts, hint=hint)
        last, problem = getattr(error, "last_response", None), getattr(error, "last_error", "(none)")
        check.expect(
            getattr(last, "status_code", None) == 503 and problem is None,
            got=f"its .last_response was {show(last)} and its .last_error {show(problem)}",
            expected="the last 503 response, and no error (none was raised)",
            hint="keep the last answer in .last_response and the last exception in .last_error (None if none)",
        )


def test_does_not_wait_after_the_last_attempt(impl, check, api):
    """request_with_retries does not wait after its last attempt"""
    scope = api.echo()
    sleep = api.sleep_for(scope)
    the_call = retrying(impl, scope, *[service_unavailable()] * 3, policy=impl.RetryPolicy(attempts=3), sleep=sleep)
    hint = "wait only between attempts: after the last one, raise RetriesExhausted at once"
    expect_exhausted(check, impl, the_call, attempts=3, hint=hint)
    expect_waits(check, sleep, [0.05, 0.1], hint)


def test_keeps_the_last_response_and_the_last_error(impl, check, api):
    """RetriesExhausted holds the last response and the last error seen"""
    scope = api.echo()
    the_call = retrying(impl, scope, Drop(), service_unavailable(), Drop(), policy=impl.RetryPolicy(attempts=3),
                        sleep=api.sleep_for(scope))
    hint = "remember both as you go: the last response received and the last exception caught, each kept when the other comes"
    error = expect_exhausted(check, impl, the_call, attempts=3, hint=hint)
    last, problem = getattr(error, "last_response", None), getattr(error, "last_error", None)
    check.expect(
        getattr(last, "status_code", None) == 503 and isinstance(problem, requests.ConnectionError),
        got=f"its .last_response was {show(last)} and its .last_error {show(problem)}",
        expected="the 503 response of attempt 2, and the requests.ConnectionError of attempt 3",
        hint=hint,
    )


def test_gives_a_request_without_a_timeout_five_seconds(impl, check, api):
    """request_with_retries sends a request without a timeout (or timeout=None) with timeout=5, and passes others on"""
    scope = api.echo()
    for options, expected in (({}, 5.0), ({"timeout": None}, 5.0), ({"timeout": 0.7}, 0.7)):
        session = recording_session()
        the_call = call(impl.request_with_retries, session, "GET", scope.url_of(PATH), sleep=api.sleep_for(scope), **options)
        check.run(the_call, expected="the 200 response", hint="")
        sent = session.timeouts[-1] if session.timeouts else "(nothing sent)"
        ok = close(sent, expected) or (isinstance(sent, tuple) and all(close(t, expected) for t in sent))
        check.expect(
            ok,
            got=f"{the_call} sent its request with timeout={show(sent)}",
            expected=f"timeout={expected:g}",
            hint="kwargs.get('timeout') is None both when the timeout is missing and when it is None: then set "
            "kwargs['timeout'] = 5.0; otherwise pass it on as it is",
        )
