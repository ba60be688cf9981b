"""Stories of HTTP peers: numbered exchanges with the headers that matter, notes between, long runs cut."""

from grader.harness.http_story import tell_deliveries, tell_journal
from mockservers.apis.journal import Answer, Journal
from mockservers.apis.webhooks import Delivery


def test_a_journal_is_told_exchange_by_exchange_with_the_notes_between():
    journal = Journal()
    first = journal.arrive("GET", "/c/1/items", "", [("Authorization", "Bearer t"), ("Idempotency-Key", "k")], b"")
    journal.answered(first, Answer(503, "Service Unavailable", [("Retry-After", "1")], b'{"error": "later"}'))
    journal.note("your code called sleep(1)")
    second = journal.arrive("POST", "/c/1/items", "a=1", [], b'{"x": 1}')
    journal.answered(second, Answer(fault="closed the connection without answering"))
    lines = tell_journal(journal, label="attempt", shown_headers=("Authorization", "Idempotency-Key"))
    assert lines == [
        "the server received, in order (> what your code sent, < what the server answered):",
        "  > attempt 1: GET /c/1/items (Authorization: Bearer t, Idempotency-Key: k)",
        "  < 503 Service Unavailable (Retry-After: 1) b'{\"error\": \"later\"}'",
        "  your code called sleep(1)",
        "  > attempt 2: POST /c/1/items?a=1 (no Authorization header) b'{\"x\": 1}'",
        "  < (the server closed the connection without answering)",
    ]


def test_a_long_run_of_requests_is_cut_in_the_middle():
    journal = Journal()
    for _ in range(40):
        journal.answered(journal.arrive("GET", "/p", "", [], b""), Answer(200, "OK"))
    lines = tell_journal(journal)
    assert len(lines) == 1 + 2 * 11 + 1
    assert "  … 29 more requests like these …" in lines and lines[-2] == "  > request 40: GET /p"


def test_requests_outside_the_base_url_are_told():
    strays = Journal()
    strays.answered(strays.arrive("GET", "/users/7", "", [], b""), Answer(404, "Not Found"))
    lines = tell_journal(Journal(), strays=strays.entries, base_url="http://127.0.0.1:1/c/3")
    assert lines[0] == "the server received no request from your code under the base URL http://127.0.0.1:1/c/3"
    assert lines[1].startswith("the server received GET /users/7, outside the base URL (it answered 404)")


def test_deliveries_are_told_with_why_and_the_answer():
    delivery = Delivery(1, "signed", "POST", "/webhooks/payments",
                        [("X-Webhook-Signature", "sha256=" + "ab" * 32)], b"{}", status=200, reason="OK",
                        response_body=b'{"status": "processed"}')
    silent = Delivery(2, "", "POST", "/webhooks/payments", [], b"{}", error="no answer within 1.5 s")
    assert tell_deliveries([delivery, silent]) == [
        "the webhook sender and your app talked (> what the webhook sender sent, < what your app answered):",
        "  > delivery 1, signed: POST /webhooks/payments (X-Webhook-Signature: sha256=ababababababababa…) b'{}'",
        "  < 200 OK b'{\"status\": \"processed\"}'",
        "  > delivery 2: POST /webhooks/payments b'{}'",
        "  < nothing: no answer within 1.5 s",
    ]


def test_the_same_note_many_times_in_a_row_is_told_once():
    journal = Journal()
    journal.answered(journal.arrive("GET", "/p", "", [], b""), Answer(200, "OK"))
    for _ in range(50):
        journal.note("your code called limiter.sleep(0.01)")
    journal.note("your code called limiter.acquire()")
    assert tell_journal(journal)[3:] == ["  your code called limiter.sleep(0.01), 50 times in a row",
                                         "  your code called limiter.acquire()"]
