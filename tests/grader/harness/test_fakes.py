"""The stand-ins handed to learner code: they record, they refuse what time.sleep refuses, they predict."""

import math

import pytest

from grader.harness.fakes import (
    CompareDigestCalls, CountingLimiter, RecordingSession, RecordingSleep, ScriptedRandom, VirtualClock,
)
from mockservers.apis.journal import Journal
from mockservers.wsgi import Served


def test_a_recording_sleep_records_advances_its_clock_and_notes_each_call():
    clock, journal = VirtualClock(10), Journal()
    sleep = RecordingSleep(clock, journal)
    sleep(0.5)
    sleep(2)
    assert sleep.calls == [0.5, 2] and clock() == 12.5 and sleep.total == 2.5
    assert [n.text for n in journal.timeline] == ["your code called sleep(0.5)", "your code called sleep(2)"]


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (math.nan, ValueError), ("1", TypeError), (None, TypeError)])
def test_a_recording_sleep_refuses_what_time_sleep_refuses(bad, error):
    with pytest.raises(error):
        RecordingSleep()(bad)


def test_a_scripted_random_makes_uniform_predictable():
    rng = ScriptedRandom(0.5, 0.0)
    assert [rng.uniform(0, 4), rng.uniform(0, 4), rng.uniform(0, 4)] == [2.0, 0.0, 2.0]
    with pytest.raises(ValueError):
        ScriptedRandom(1.0)


def test_a_recording_session_keeps_each_timeout():
    def ok(environ, start_response):
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    session = RecordingSession()
    with Served(ok) as served:
        session.get(served.url, timeout=0.7)
        session.get(served.url)
    assert session.timeouts == [0.7, None] and repr(session) == "session"


def test_a_counting_limiter_notes_acquires_and_records_its_sleeps():
    journal = Journal()
    limiter = CountingLimiter(journal)
    limiter.acquire()
    limiter.sleep(3)
    assert limiter.acquired == 1 and limiter.sleep.calls == [3]
    assert [n.text for n in journal.timeline] == ["your code called limiter.acquire()", "your code called limiter.sleep(3)"]


def test_compare_digest_calls_are_counted_by_the_file_they_come_from(tmp_path):
    import hmac
    import importlib.util
    import secrets

    calls = CompareDigestCalls.install()
    assert CompareDigestCalls.install() is calls and hmac.compare_digest is secrets.compare_digest
    helper = tmp_path / "learner.py"
    helper.write_text("from hmac import compare_digest\n\ndef same(a, b):\n    return compare_digest(a, b)\n")
    spec = importlib.util.spec_from_file_location("learner_digest", helper)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    before = calls.count_from(str(tmp_path))
    assert module.same(b"ab", b"ab") and not module.same(b"ab", b"ac")
    assert calls.count_from(str(tmp_path)) == before + 2
    with pytest.raises(TypeError):  # it behaves as the original does
        hmac.compare_digest("é", "e")
