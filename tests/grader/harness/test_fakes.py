"""The stand-ins handed to learner code: they record, they refuse what time.sleep refuses, they predict."""

import math

import pytest
import requests

from grader.harness.fakes import CountingLimiter, RecordingSession, RecordingSleep, ScriptedRandom, VirtualClock
from mockservers.apis.journal import Journal
from mockservers.apis.serving import Served


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
