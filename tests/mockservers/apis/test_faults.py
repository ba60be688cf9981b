"""Scheduled faults: each does on the real socket what it says, and the journal tells it."""

import http.client
import threading
import time

import pytest
import requests
from email.utils import parsedate_to_datetime

from mockservers.apis.faults import (
    CutBody, Drop, Reply, Reset, Stall, StallBody, TokenBucket, create_echo_app, empty_body, html_page, json_as,
    truncated_json,
)
from mockservers.apis.scopes import MockAPIServer


@pytest.fixture(scope="module")
def server():
    with MockAPIServer() as running:
        yield running


@pytest.fixture
def scope(server):
    opened = server.open_scope(create_echo_app())
    yield opened
    server.close_scope(opened)


def statuses(scope, count, method="GET", path="/x"):
    return [requests.request(method, scope.url_of(path), timeout=2).status_code for _ in range(count)]


def test_503_503_then_the_api_answers(scope):
    scope.schedule.add(Reply(503), Reply(503))
    assert statuses(scope, 4) == [503, 503, 200, 200]
    assert [e.answer.status for e in scope.journal.entries] == [503, 503, 200, 200]


def test_a_rule_matches_its_method_and_path_only(scope):
    scope.schedule.add(Reply(500), method="POST", path="/orders")
    assert statuses(scope, 1, "GET", "/orders") == [200]
    assert statuses(scope, 1, "POST", "/other") == [200]
    assert statuses(scope, 2, "POST", "/orders") == [500, 200]


def test_a_cycle_counts_each_path_on_its_own(scope):
    scope.schedule.add(Reply(503), None, cycle=True, per_path=True)
    assert statuses(scope, 3, path="/a") == [503, 200, 503]
    assert statuses(scope, 2, path="/b") == [503, 200]


def test_drop_closes_without_answering(scope):
    scope.schedule.add(Drop())
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get(scope.url_of("/x"), timeout=2)
    assert "RemoteDisconnected" in repr(caught.value)
    assert scope.journal.entries[0].answer.fault == "closed the connection without answering"


def test_reset_aborts_without_answering(scope):
    scope.schedule.add(Reset())
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get(scope.url_of("/x"), timeout=2)
    assert "ConnectionResetError" in repr(caught.value)


@pytest.mark.parametrize("reset, seen", [(True, "ConnectionResetError"), (False, "IncompleteRead")])
def test_a_cut_body_sends_part_of_it_then_ends(scope, reset, seen):
    scope.schedule.add(CutBody(Reply(200, {"id": 7, "name": "Ann"}), keep=5, reset=reset))
    with pytest.raises(requests.exceptions.ChunkedEncodingError) as caught:
        requests.get(scope.url_of("/x"), timeout=2)
    assert seen in repr(caught.value)
    assert scope.journal.entries[0].answer.body == b'{"id"'


def test_a_stall_before_answering_times_a_patient_client_out(scope):
    scope.schedule.add(Stall(1.0))
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        requests.get(scope.url_of("/x"), timeout=0.2)
    assert time.monotonic() - started < 0.8
    assert scope.journal.entries[0].answer.fault == "waited 1 s before answering"


def test_a_stall_ends_when_the_scope_closes(server):
    scope = server.open_scope(create_echo_app())
    scope.schedule.add(Stall(30))
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(_try_get(scope.url_of("/x"), 10)))
    thread.start()
    while not scope.journal.entries:
        time.sleep(0.01)
    server.close_scope(scope)
    thread.join(2)
    assert not thread.is_alive() and isinstance(outcome[0], requests.ConnectionError)
    assert "closed the connection when the check ended" in scope.journal.entries[0].answer.fault


def _try_get(url, timeout):
    try:
        return requests.get(url, timeout=timeout)
    except requests.RequestException as exc:
        return exc


def test_a_stall_in_the_body_is_a_read_timeout_inside_a_connection_error(scope):
    scope.schedule.add(StallBody(Reply(200, {"id": 7}), keep=3, seconds=1.0), StallBody(Reply(200, {"id": 7}), keep=3, seconds=0.1))
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get(scope.url_of("/x"), timeout=0.2)
    assert type(caught.value.args[0]).__name__ == "ReadTimeoutError"
    assert requests.get(scope.url_of("/x"), timeout=2).json() == {"id": 7}


def test_malformed_answers_are_what_they_say(scope):
    scope.schedule.add(html_page(), json_as("text/plain", {"id": 7}), json_as(None, {"id": 7}), truncated_json({"id": 7}),
                       empty_body())
    html, text, untyped, cut, empty = (requests.get(scope.url_of("/x"), timeout=2) for _ in range(5))
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html") and b"<html>" in html.content
    assert text.headers["Content-Type"] == "text/plain" and text.json() == {"id": 7}
    assert "Content-Type" not in untyped.headers and untyped.content == b'{"id": 7}'
    with pytest.raises(ValueError):
        cut.json()
    assert empty.content == b"" and empty.headers["Content-Type"] == "application/json"


def test_the_journal_holds_the_request_before_its_answer_is_seen(scope):
    response = requests.post(scope.url_of("/orders?x=1"), json={"a": 1}, headers={"Idempotency-Key": "k1"}, timeout=2)
    entry = scope.journal.entries[0]
    assert response.status_code == 200
    assert (entry.method, entry.path, entry.query) == ("POST", scope.prefix + "/orders", "x=1")
    assert entry.header("idempotency-key") == "k1" and entry.json() == {"a": 1}
    assert entry.answer.status == 200 and entry.answer.body == response.content


def test_a_chunked_request_body_is_read_whole(scope):
    connection = http.client.HTTPConnection(scope.server._served.host, scope.server.port, timeout=2)
    connection.request("POST", scope.prefix + "/c", body=iter([b"ab", b"cd"]), encode_chunked=True)
    assert connection.getresponse().status == 200
    connection.close()
    assert scope.journal.entries[0].body == b"abcd"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_token_bucket_refuses_with_retry_after_and_refills_by_its_clock(scope):
    clock = Clock()
    scope.rate_limit = TokenBucket(rate=0.5, burst=2, clock=clock)
    first, second, third = (requests.get(scope.url_of("/x"), timeout=2) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert first.headers["X-RateLimit-Limit"] == "2" and first.headers["X-RateLimit-Remaining"] == "1"
    assert second.headers["X-RateLimit-Remaining"] == "0" and second.headers["X-RateLimit-Reset"] == "4"
    assert third.headers["Retry-After"] == "2" and "error" in third.json()
    clock.now += 2
    assert requests.get(scope.url_of("/x"), timeout=2).status_code == 200


def test_a_token_bucket_can_give_retry_after_as_a_date(scope):
    scope.rate_limit = TokenBucket(rate=1, burst=1, retry_after="date")
    requests.get(scope.url_of("/x"), timeout=2)
    refused = requests.get(scope.url_of("/x"), timeout=2)
    assert refused.status_code == 429
    assert parsedate_to_datetime(refused.headers["Retry-After"]).timestamp() > time.time()
