"""Checks for exercise-5 · A client that survives the network (ex05_client).

Learner code connects by itself to line services (`service`, grader/harness/services.py), which
pace their pieces in lockstep with the learner's own socket: the checks of an answer that comes
one byte at a time, or two answers in one segment, rely on each piece arriving as a read of its
own. Every error check also checks that the socket was closed on that path, from the outside:
the service saw the close while the check still held the exception (whose frames keep learner
code's locals alive), and no socket opened during the call is left in the process. The return
path is checked by the garbage collector's ResourceWarning.

Timeouts are a few hundred milliseconds; a check of "soon after the timeout" allows half the
timeout and 0.1 s more, since a busy machine delays a thread's wake-up by tens of milliseconds,
and a mistake that waits twice (a retry, two waits added up) takes at least the timeout more.
"""

import time

from grader.harness.checking import call, is_timeout
from grader.harness.leaks import expect_none_collected
from grader.harness.show import show, show_exception
from mockservers.lineservice import (
    answering,
    answering_all_at_once,
    answering_twice,
    closing_mid_answer,
    every_line,
    never_answering,
    resetting_mid_answer,
    slow_answering,
)
from mockservers.script import close, seeded, send

QUESTION = "What is 6 x 7?"
SILENCE_TIMEOUT = 0.4  # for a service that never answers
CONNECT_TIMEOUT = 0.3  # for a listener whose queue is full
SLOW_TIMEOUT = 0.5  # for an answer whose bytes come SLOW_DELAY apart
SLOW_DELAY = 0.15  # four of them make 0.6 s, more than SLOW_TIMEOUT; each one much less
PIPELINE_TIMEOUT = 0.4
EARLY = 0.9  # a timeout fires no sooner than this share of it


def late_bound(timeout: float) -> float:
    """Seconds after which a ServiceTimeout for `timeout` is "much later"."""
    return 1.5 * timeout + 0.1


# Hints -----------------------------------------------------------------------------------------

NO_TIMEOUT = (
    "give the socket the timeout: socket.create_connection(address, timeout) bounds connecting and "
    "sets the timeout of every recv() after it, so that a service that never answers raises "
    "TimeoutError (turn it into ServiceTimeout) instead of keeping your code waiting forever"
)
TOO_LATE = (
    "raise ServiceTimeout as soon as one wait has lasted `timeout` seconds: do not try again, wait a "
    "second time, or give connecting and reading a timeout each that add up"
)
EACH_WAIT = (
    f"the timeout bounds each wait for data, not the whole answer: this service sent a byte every "
    f"{SLOW_DELAY:g} s, never making your code wait {SLOW_TIMEOUT:g} s, so nothing timed out. Let the "
    "socket's own timeout bound each recv() (socket.create_connection(address, timeout) sets it) "
    "instead of one deadline for the whole answer"
)
ONE_RECV = (
    "one recv() returns whatever has arrived so far, here a single byte: keep what arrives in a "
    "buffer and call recv() again until the buffer holds a b'\\n'"
)
FIRST_LINE = (
    "one recv() can hold two answer lines at once: the answer is the text before the first b'\\n' "
    "(keep the rest in the buffer: in ask_many it is the next answer)"
)
CLEAN_CLOSE = (
    "recv() returning b'' means the service closed its side: before the answer's b'\\n' that is "
    "ServiceDisconnected, not an answer (neither the bytes that came nor '')"
)
CLOSE_ON_EVERY_PATH = (
    "close the socket on every path, also when you raise: `with socket.create_connection(address, "
    "timeout) as sock:` closes it whatever happens inside the block, and so does try/finally (a "
    "sock.makefile() keeps the connection open until it is closed too)"
)
CLOSE_IT_YOURSELF = (
    "close the socket yourself, with `with socket.create_connection(...) as sock:` or sock.close() "
    "in a finally: a socket left to the garbage collector stays open for as long as anything refers to it"
)
FROM_EXC = (
    "raise the new exception from the one you caught, `except TimeoutError as exc: raise "
    "ServiceTimeout(...) from exc`: the original is then its __cause__, and a traceback shows what the "
    "network did"
)
NO_CAUSE = (
    "a clean close raises nothing (recv() just returns b''), so there is no original exception: raise "
    "ServiceDisconnected on its own, outside any except block, not from an exception of your own making"
)
LINE_BREAK = (
    "a '\\n' or '\\r' inside the question would make it two lines: check every question and raise "
    "ValueError before connecting, so that nothing reaches the service"
)
PIPELINE = (
    "send every question before reading the first answer: this service, like many that pipeline, "
    "answers only once all of them have arrived, so a client that waits for each answer in turn "
    "waits forever. Build all the lines, send them on one connection, then read one answer line per "
    "question"
)
KEEP_A_BUFFER = (
    "answers arrive in any pieces, several in one recv() or one cut in two: keep one buffer for the "
    "whole connection and take one line out of it per question, in order"
)
NO_QUESTIONS = "with no questions there is nothing to ask: return [] (an empty list)"

# What escaped, and which mistake that usually is.
KINDS = {
    "ServiceUnavailable": "refused, or the address is unreachable: the connection never came about",
    "ServiceTimeout": "connecting, or a wait for data, took longer than `timeout`",
    "ServiceDisconnected": "the service closed or reset the connection before a whole answer line",
}


def wrong_kind(expected: str, when: str, otherwise: str):
    """A hint for a check that expects `expected`: name the kind that came instead, or give `otherwise`."""

    def hint(exc):
        if is_timeout(exc):
            return NO_TIMEOUT
        name = type(exc).__name__ if exc is not None else ""
        if name in KINDS and name != expected:
            return (
                f"{when}, which is {expected}; {name} means {KINDS[name]}. Catch the exceptions "
                "where they happen: connecting (create_connection) and talking (sendall, recv) "
                "fail in different ways, and ConnectionRefusedError and ConnectionResetError are "
                "both ConnectionError, so `except ConnectionError` alone cannot tell them apart"
            )
        if isinstance(exc, (OSError, EOFError)):
            return f"{when}: catch the {type(exc).__name__} and raise {expected} from it"
        return otherwise

    return hint


# Helpers ---------------------------------------------------------------------------------------


def asking(impl, address, question=QUESTION, **options):
    shown = ", ".join([show(question), *(f"{k}={show(v)}" for k, v in options.items())])
    return call(impl.ask, address, question, **options).shown_as(f"ask(address, {shown})")


def asking_many(impl, address, questions, **options):
    shown = ", ".join([show(questions), *(f"{k}={show(v)}" for k, v in options.items())])
    return call(impl.ask_many, address, questions, **options).shown_as(f"ask_many(address, {shown})")


def expect_cause(check, error, cause_type, *, hint, or_none: bool = False):
    """The error's __cause__ is a `cause_type` (None: it has no cause).

    `or_none`: no cause is fine too: a design that waits with select() or selectors meets a
    timeout that raises nothing, and the contract names the original only "where there is one".
    """
    cause = error.__cause__
    name = type(error).__name__
    if cause_type is None:
        check.expect(
            cause is None,
            got=f"the {name}'s __cause__ was {show_exception(cause) if cause is not None else None}",
            expected="no __cause__: a clean close raises no exception to be the cause",
            hint=hint,
        )
        return
    check.expect(
        isinstance(cause, cause_type) or (or_none and cause is None and error.__context__ is None),
        got=f"the {name}'s __cause__ was {show_exception(cause) if cause is not None else 'None'}"
        + (f" (its __context__ was {show_exception(error.__context__)})" if cause is None and error.__context__ else ""),
        expected=f"the original {cause_type.__name__} as its __cause__",
        hint=hint,
    )


def expect_timely(check, the_call, elapsed, timeout, *, what):
    bound = late_bound(timeout)
    check.expect(
        elapsed <= bound,
        got=f"{the_call} raised ServiceTimeout after {elapsed:.2f} s",
        expected=f"ServiceTimeout about {timeout:g} s after {what} (at most {bound:.2f} s)",
        hint=TOO_LATE,
    )
    check.expect(
        elapsed >= EARLY * timeout,
        got=f"{the_call} raised ServiceTimeout after only {elapsed:.2f} s",
        expected=f"your code to wait the whole timeout of {timeout:g} s first",
        hint="wait `timeout` seconds before giving up: pass the timeout itself to the socket",
    )


def raising(check, impl_error, the_call, *, hint):
    """The call raises `impl_error`; it is returned with what the call did, in words, and the time it took."""
    started = time.monotonic()
    error = check.raises(impl_error, the_call, hint=hint)
    elapsed = time.monotonic() - started
    return error, f"{the_call} raised {show_exception(error)}", elapsed


# ask: answers ----------------------------------------------------------------------------------


def test_ask_sends_one_question_line_and_returns_the_answer(impl, check, service):
    """ask sends the question as one line, returns the answer line, and closes its socket"""
    address = service.start(*answering(b"42\n"))
    the_call = asking(impl, address)
    with service.watch() as watch:
        got = check.returns("42", the_call, hint="send question.encode() + b'\\n', read up to the b'\\n' and "
                            "return the text before it, decoded")
        service.expect_closed(watch, f"{the_call} returned {show(got)}", hint=CLOSE_ON_EVERY_PATH)
        del got
    expect_none_collected(check, watch, f"{the_call} returned", hint=CLOSE_IT_YOURSELF)
    received = b"".join(peer.received for peer in service.connections)
    line = QUESTION.encode() + b"\n"
    check.expect(
        received in (line, line.replace(b"\n", b"\r\n")),
        got=f"the service received {show(received)}",
        expected=f"one question line, {show(line)}",
        hint="send the question once, as UTF-8, followed by b'\\n'",
    )


def test_ask_reads_an_answer_that_arrives_slowly_one_byte_at_a_time(impl, check, service):
    """ask reads an answer that comes one byte at a time, slower in all than the timeout"""
    address = service.start(*slow_answering(b"pong\n", SLOW_DELAY))
    the_call = asking(impl, address, "ping", timeout=SLOW_TIMEOUT)

    def hint(exc):
        if isinstance(exc, impl.ServiceTimeout):
            return EACH_WAIT
        return NO_TIMEOUT if is_timeout(exc) else ONE_RECV

    check.returns("pong", the_call, hint=hint)


def test_ask_returns_the_first_of_two_answer_lines_in_one_piece(impl, check, service):
    """ask returns the first answer line when two arrive in one piece"""
    address = service.start(*answering_twice(b"first\n", b"second\n"))
    check.returns("first", asking(impl, address), hint=FIRST_LINE)


# ask: failures ---------------------------------------------------------------------------------


def test_ask_times_out_soon_after_a_silent_service_stops_answering(impl, check, service):
    """ask raises ServiceTimeout (from the TimeoutError) soon after the timeout when the service never answers, and closes its socket"""
    address = service.start(*never_answering())
    the_call = asking(impl, address, timeout=SILENCE_TIMEOUT)
    with service.watch() as watch:
        hint = wrong_kind("ServiceTimeout", "the service accepted and then sent nothing for `timeout` seconds", NO_TIMEOUT)
        error, did, elapsed = raising(check, impl.ServiceTimeout, the_call, hint=hint)
        expect_timely(check, the_call, elapsed, SILENCE_TIMEOUT, what="the question was sent")
        expect_cause(check, error, TimeoutError, hint=FROM_EXC, or_none=True)
        service.expect_closed(watch, did, hint=CLOSE_ON_EVERY_PATH)


def test_ask_times_out_when_connecting_gets_no_answer(impl, check, service):
    """ask raises ServiceTimeout (from the TimeoutError) soon after the timeout when connecting gets no answer, and closes its socket"""
    address = service.full_backlog()
    the_call = asking(impl, address, timeout=CONNECT_TIMEOUT)
    with service.watch() as watch:
        hint = wrong_kind("ServiceTimeout", "connecting took longer than `timeout`", NO_TIMEOUT)
        error, did, elapsed = raising(check, impl.ServiceTimeout, the_call, hint=hint)
        expect_timely(check, the_call, elapsed, CONNECT_TIMEOUT, what="connecting began")
        expect_cause(check, error, TimeoutError, hint=FROM_EXC, or_none=True)
        service.expect_closed(watch, did, hint=CLOSE_ON_EVERY_PATH)


def test_ask_reports_a_refused_connection(impl, check, service):
    """ask raises ServiceUnavailable (from the ConnectionRefusedError) when nothing listens, and closes its socket"""
    address = service.nothing_listens()
    the_call = asking(impl, address, timeout=1.0)
    with service.watch() as watch:
        hint = wrong_kind("ServiceUnavailable", "connecting was refused",
                          "connect() raises ConnectionRefusedError when nothing listens: raise ServiceUnavailable from it")
        error, did, _ = raising(check, impl.ServiceUnavailable, the_call, hint=hint)
        expect_cause(check, error, ConnectionRefusedError, hint=FROM_EXC)
        service.expect_closed(watch, did, hint=CLOSE_ON_EVERY_PATH)


def test_ask_reports_a_close_in_the_middle_of_an_answer(impl, check, service):
    """ask raises ServiceDisconnected (with no cause) when the service closes in the middle of an answer, and closes its socket"""
    address = service.start(*closing_mid_answer(b"the answ"))
    the_call = asking(impl, address, timeout=1.0)
    with service.watch() as watch:
        hint = wrong_kind("ServiceDisconnected", "the service closed before the answer's b'\\n'", CLEAN_CLOSE)
        error, did, _ = raising(check, impl.ServiceDisconnected, the_call, hint=hint)
        expect_cause(check, error, None, hint=NO_CAUSE)
        service.expect_closed(watch, did, hint=CLOSE_ON_EVERY_PATH)


def test_ask_reports_a_close_before_any_answer(impl, check, service):
    """ask raises ServiceDisconnected when the service closes without answering"""
    address = service.start(*closing_mid_answer(b""))
    the_call = asking(impl, address, timeout=1.0)
    hint = wrong_kind("ServiceDisconnected", "the service closed before sending a byte of an answer", CLEAN_CLOSE)
    check.raises(impl.ServiceDisconnected, the_call, hint=hint)


def test_ask_reports_a_reset_in_the_middle_of_an_answer(impl, check, service):
    """ask raises ServiceDisconnected (from the ConnectionResetError) when the service resets the connection, and closes its socket"""
    address = service.start(*resetting_mid_answer(b"the answ"))
    the_call = asking(impl, address, timeout=1.0)
    with service.watch() as watch:
        hint = wrong_kind("ServiceDisconnected", "the service reset the connection (recv() raised ConnectionResetError)",
                          "recv() raises ConnectionResetError after a reset: raise ServiceDisconnected from it")
        error, did, _ = raising(check, impl.ServiceDisconnected, the_call, hint=hint)
        expect_cause(check, error, ConnectionResetError, hint=FROM_EXC)
        service.expect_closed(watch, did, hint=CLOSE_ON_EVERY_PATH)


def test_ask_refuses_a_question_with_a_line_break(impl, check, service):
    """ask raises ValueError for a question holding '\\n' or '\\r', and sends nothing"""
    address = service.start(*answering(b"42\n"))
    with service.watch() as watch:
        for question in ("two\nlines", "a carriage\rreturn"):
            check.raises(ValueError, asking(impl, address, question, timeout=1.0), hint=LINE_BREAK)
        service.expect_closed(watch, "ask raised ValueError", hint=CLOSE_ON_EVERY_PATH)
    received = b"".join(peer.received for peer in service.connections)
    check.expect(
        received == b"",
        got=f"ask raised ValueError, but the service had received {show(received)}",
        expected="nothing sent: a refused question must not reach the service, not even in part",
        hint=LINE_BREAK,
    )


# ask_many ----------------------------------------------------------------------------------------


def test_ask_many_sends_every_question_before_reading_an_answer(impl, check, service):
    """ask_many sends every question on one connection before reading the first answer (pipelining)"""
    address = service.start(*answering_all_at_once(3, b"red\ngreen\nblue\n"))
    check.setup.append("the service answers only once all 3 questions have arrived, as a pipelining service may")
    questions = ["first colour?", "second colour?", "third colour?"]
    the_call = asking_many(impl, address, questions, timeout=PIPELINE_TIMEOUT)
    check.returns(["red", "green", "blue"], the_call, hint=lambda exc: NO_TIMEOUT if is_timeout(exc) else PIPELINE)


def test_ask_many_returns_the_answers_in_order_however_they_are_cut(impl, check, service):
    """ask_many returns every answer in order, however the answers are cut, and closes its socket"""
    questions = [f"question {n}" for n in range(1, 9)]
    answers = [f"answer {n}, with ünïcode" for n in range(1, 9)]
    data = "".join(answer + "\n" for answer in answers).encode()
    address = service.start(*answering_all_at_once(len(questions), data, pieces=seeded(5, 1, 17)))
    the_call = asking_many(impl, address, questions, timeout=1.0)
    with service.watch() as watch:
        got = check.returns(answers, the_call, hint=KEEP_A_BUFFER)
        service.expect_closed(watch, f"{the_call} returned", hint=CLOSE_ON_EVERY_PATH)
        del got
    expect_none_collected(check, watch, f"{the_call} returned", hint=CLOSE_IT_YOURSELF)


def test_ask_many_returns_an_empty_list_for_no_questions(impl, check, service):
    """ask_many returns [] for no questions"""
    address = service.start(*answering(b"42\n"))
    check.returns([], asking_many(impl, address, [], timeout=1.0), hint=NO_QUESTIONS)


def test_ask_many_reports_a_close_before_the_last_answer(impl, check, service):
    """ask_many raises ServiceDisconnected when the service closes after 2 of 3 answers, and closes its socket"""
    address = service.start(every_line(3), send(b"red\ngreen\n"), close())
    the_call = asking_many(impl, address, ["first?", "second?", "third?"], timeout=1.0)
    with service.watch() as watch:
        hint = wrong_kind("ServiceDisconnected", "the service closed before the third answer", CLEAN_CLOSE)
        error, did, _ = raising(check, impl.ServiceDisconnected, the_call, hint=hint)
        expect_cause(check, error, None, hint=NO_CAUSE)
        service.expect_closed(watch, did, hint=CLOSE_ON_EVERY_PATH)
