"""What happened between learner code and an HTTP peer, told as the conversation it was.

A mock API's story is its journal: every request as it arrived (method, target, the headers
that matter, the body), numbered, then what the server answered, with what the kit saw on
the client's side in between (the waits learner code asked for):

    the server received, in order (> what your code sent, < what the server answered):
      > attempt 1: GET /c/4/items (Idempotency-Key: k-1)
      < 503 Service Unavailable (Retry-After: 1) b'{"error": "the service is overloaded"}'
      your code called sleep(1)
      > attempt 2: GET /c/4/items (Idempotency-Key: k-1)
      < 200 OK (Content-Type: application/json) b'{"ok": true}'

A webhook sender's story is the other way round: the deliveries it made to the learner's app,
each with why it was sent that way ("the body changed after signing"), and what the app
answered. Stories are built from what really crossed the wire, never from what a check meant.
"""

from __future__ import annotations

from .show import show

TURN = "  "
MAX_SHOWN = 12  # exchanges told in full; past that, the first ten and the last
ANSWER_HEADERS = ("Content-Type", "Location", "Retry-After", "Link")


def tell_journal(journal, *, role: str = "server", label: str = "request", shown_headers=(),
                 strays=(), base_url: str = "") -> list[str]:
    """The lines of a mock API's story: its journal, in order, then requests outside its URL."""
    timeline = journal.timeline
    entries = [item for item in timeline if hasattr(item, "method")]
    lines = []
    if not entries:
        where = f" under the base URL {base_url}" if strays else ""
        lines.append(f"the {role} received no request from your code{where}")
        lines += [f"{TURN}{item.text}" for item in timeline]
    else:
        lines.append(f"the {role} received, in order (> what your code sent, < what the {role} answered):")
        for item in _shortened(timeline, len(entries)):
            if isinstance(item, str):
                lines.append(f"{TURN}{item}")
            elif hasattr(item, "method"):
                lines += [f"{TURN}{line}" for line in tell_exchange(item, label, shown_headers)]
            else:
                lines.append(f"{TURN}{item.text}")
    for stray in strays:
        answered = f" (it answered {stray.answer.status})" if stray.answer and stray.answer.status else ""
        lines.append(
            f"the {role} received {stray.method} {stray.target}, outside the base URL{answered}: keep the base "
            "URL's path and add to it"
        )
    return lines


def tell_exchange(entry, label: str = "request", shown_headers=()) -> list[str]:
    headers = []
    for name in shown_headers:
        value = entry.header(name)
        if value is not None:
            headers.append(f"{name}: {value}")
        elif name.lower() == "authorization":
            headers.append("no Authorization header")
    request = f"> {label} {entry.number}: {entry.method} {entry.target}"
    if headers:
        request += f" ({', '.join(headers)})"
    if entry.body:
        request += f" {show(entry.body)}"
    return [request, tell_answer(entry.answer)]


def tell_answer(answer) -> str:
    if answer is None:
        return "< (the server had not answered yet)"
    if answer.status is None:
        return f"< (the server {answer.fault})"
    line = f"< {answer.status} {answer.reason}".rstrip()
    shown = [f"{name}: {answer.header(name)}" for name in ANSWER_HEADERS if answer.header(name) is not None]
    if shown:
        line += f" ({', '.join(shown)})"
    if answer.body:
        line += f" {show(answer.body)}"
    if answer.fault:
        line += f" (the server {answer.fault})"
    return line


def _shortened(timeline: list, count: int) -> list:
    """The timeline, with repeated notes told once ("… 50 times") and the middle of a long run cut."""
    timeline = _folded(timeline)
    if count <= MAX_SHOWN:
        return timeline
    numbers = [item.number for item in timeline if hasattr(item, "method")]
    keep = set(numbers[:10]) | {numbers[-1]}
    shortened, skipped = [], 0
    for item in timeline:
        if hasattr(item, "method") and item.number not in keep:
            skipped += 1
            continue
        if not hasattr(item, "method") and skipped:
            continue  # the notes between skipped requests go with them
        if skipped:
            shortened.append(f"… {skipped} more requests like these …")
            skipped = 0
        shortened.append(item)
    return shortened


def _folded(timeline: list) -> list:
    """The same note several times in a row becomes one line that says how many times."""
    folded: list = []
    run = 0
    for item in [*timeline, None]:
        previous = folded[-1] if folded else None
        if item is not None and not hasattr(item, "method") and previous is not None and not isinstance(previous, str) \
                and not hasattr(previous, "method") and previous.text == item.text:
            run += 1
            continue
        if run:
            folded[-1] = f"{previous.text}, {run + 1} times in a row"
            run = 0
        if item is not None:
            folded.append(item)
    return folded


def times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def folded_lines(lines: list[str]) -> list[str]:
    """Identical lines told once, with how many times they came."""
    counted: dict[str, int] = {}
    for line in lines:
        counted[line] = counted.get(line, 0) + 1
    return [line if n == 1 else f"{line}, {times(n)}" for line, n in counted.items()]


def tell_deliveries(deliveries, role: str = "webhook sender") -> list[str]:
    """The lines of a webhook sender's story: each delivery, why it was sent so, and the answer."""
    if not deliveries:
        return [f"the {role} has not sent anything yet"]
    lines = [f"the {role} and your app talked (> what the {role} sent, < what your app answered):"]
    for delivery in deliveries:
        shown = [f"{name}: {_short(value)}" for name, value in delivery.headers]
        if delivery.chunked:
            shown.append("Transfer-Encoding: chunked")
        what = f", {delivery.what}" if delivery.what else ""
        line = f"{TURN}> delivery {delivery.number}{what}: {delivery.method} {delivery.path}"
        if shown:
            line += f" ({', '.join(shown)})"
        if delivery.body:
            line += f" {show(delivery.body)}"
        lines.append(line)
        if delivery.status is None:
            lines.append(f"{TURN}< nothing: {delivery.error}")
        else:
            answer = f"{TURN}< {delivery.status} {delivery.reason}".rstrip()
            if delivery.response_body:
                answer += f" {show(delivery.response_body)}"
            lines.append(answer)
    return lines


def _short(value: str, keep: int = 24) -> str:
    """A long header value (a signature) cut after `keep` characters: the story stays readable."""
    return value if len(value) <= keep + 8 else value[:keep] + "…"
