"""Checks for exercise-7 · Requests over a lossy network (ex07_udp).

Learner code sends to lossy UDP servers (`udp`, grader/harness/datagrams.py) whose every fault is
scheduled by the number of the datagram received, never by chance: drops, late answers,
duplicates, stale datagrams with other ids, and a stranger on another port that sends the right
id. The server records every datagram it received, so the checks count the attempts and compare
their ids, payloads and source ports. Closing is checked from the outside, as in exercise 5: no
socket of the call is left open while the check holds what it raised, and the garbage collector
closed none.

Timing margins: an answer is due well inside its timeout (a few ms after the request, on a
quiet machine; 20 ms when junk goes first), so a count of attempts holds with 0.1 s or more to
spare; a late answer arrives 0.2 s into the next attempt's wait and 0.2 s before its end; "no
longer than" allows half the total wait and 0.1 s more, and the mistakes these checks catch
wait at least that much longer (a timer that junk restarts waits more than twice as long).
"""

import random
import time

from grader.harness.checking import call, is_timeout
from grader.harness.leaks import expect_none_collected, expect_none_left_open
from grader.harness.show import count, show, show_exception
from mockservers.lossyudp import (
    DROP,
    STALE_ANSWER,
    STRANGER_ANSWER,
    Fate,
    answer_to,
    late,
    seeded_fates,
)

PAYLOAD = b"ping"
EARLY = 0.9  # a wait lasts no less than this share of its timeout

FORMAT = (
    "a request is the 4-byte id, big-endian, then the payload: struct.pack('!I', request_id) + payload, "
    "sent in one sendto()"
)
ANSWER_ONLY = "return the answer without its 4-byte id: data[4:] of the datagram that carries your id"
RESEND = (
    "when no answer comes within `timeout`, send the request again: catch the socket's TimeoutError "
    "and loop, up to `attempts` sends in all"
)
SAME_ID = (
    "pick the id once, before the first send, and resend exactly the same datagram: a late answer to "
    "attempt 1 carries attempt 1's id, and must still count"
)
ONE_SOCKET = (
    "make one socket for the whole request and send every attempt from it: an answer goes back to the "
    "port its request came from, so a new socket per attempt never hears a late answer to an earlier one"
)
WAIT_FIRST = "wait the whole `timeout` for an answer before sending the request again"
COUNT = (
    "`attempts` is the number of sends in all, the first one included: with attempts=3, send once and "
    "resend twice, then raise UDPTimeoutError"
)
STALE = (
    "a datagram with another id is not your answer (a duplicate, or the answer to an old request): compare "
    "its first 4 bytes with your id, and if they differ, ignore it and go on waiting"
)
STRANGER = (
    "recvfrom() also says where a datagram came from: keep only those from `address`, since anyone can "
    "send you a datagram with your id in it"
)
DEADLINE = (
    "each attempt waits `timeout` seconds in all: datagrams that keep arriving must not restart the wait. "
    "Keep a deadline (time.monotonic() + timeout) and before each recvfrom() give the socket only the "
    "time that is left: sock.settimeout(deadline - time.monotonic())"
)
LATE = (
    "the answer to the first attempt came after its timeout, while your code waited for the second: it "
    "carries the same id from the same server, so it is the answer. Keep one socket and one id for every "
    "attempt"
)
TIMEOUT_ERROR = (
    "after the last attempt raise UDPTimeoutError, the given class: not the socket's own TimeoutError, "
    "and not a return value"
)
VALIDATE = (
    "check the arguments first and raise ValueError before creating a socket or sending anything: a "
    "payload over MAX_PAYLOAD, attempts < 1, timeout <= 0 (sock.settimeout(0) would make the socket "
    "non-blocking, and a negative one raises something else)"
)
EXACTLY_MAX = (
    "a payload of exactly MAX_PAYLOAD bytes still fits in one datagram with its id: refuse only longer "
    "ones (len(payload) > MAX_PAYLOAD), and read answers with a buffer that holds a whole datagram"
)
RANDOM_ID = (
    "pick a new random id for each request (random.getrandbits(32)): a fixed id, or one that starts over "
    "at every call, lets a late answer to an earlier request pass for the answer to this one"
)
CLOSE = (
    "create the socket with `with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:` so that it is "
    "closed on every path, also when you raise UDPTimeoutError"
)


def requesting(impl, server, payload=PAYLOAD, **options):
    shown = ", ".join([show(payload), *(f"{k}={show(v)}" for k, v in options.items())])
    return call(impl.udp_request, server.address, payload, **options).shown_as(f"udp_request(address, {shown})")


def answer_hint(got, otherwise: str) -> str:
    """The hint for what came back instead of the answer: which junk it was, or the id left on."""
    if isinstance(got, bytes) and got.endswith(STALE_ANSWER):
        return STALE
    if isinstance(got, bytes) and got.endswith(STRANGER_ANSWER):
        return STRANGER
    if isinstance(got, bytes) and len(got) > 4 and got[4:].startswith(b"answer to"):
        return ANSWER_ONLY
    return otherwise


def returns_answer(check, the_call, payload=PAYLOAD, *, hint: str):
    expected = answer_to(payload)
    got = check.run(the_call, expected=show(expected), hint=hang_or(hint))
    check.expect(
        type(got) is bytes and got == expected,
        got=f"{the_call} returned {check.shown_with_type(got, expected)}",
        expected=show(expected),
        hint=answer_hint(got, hint),
    )
    return got


def expect_attempts(check, server, sent: int, payload=PAYLOAD, *, timeout: float, hint: str,
                    same_socket: bool = False) -> None:
    """The server received `sent` requests for `payload`: one id, one socket, `timeout` apart.

    Only datagrams that came before an answer was due count: one that came later was sent while
    the answer was on its way, which a machine busy enough to delay it for a whole timeout excuses.
    """
    received = before_the_answer(server.received)
    check.expect(
        len(received) == sent,
        got=f"the server received {count(len(received), 'datagram')} from your code",
        expected=f"{count(sent, 'datagram')}" + ("" if sent == 1 else f": the first send and {sent - 1} more"),
        hint=hint,
    )
    first = received[0]
    check.expect(
        first.data[4:] == payload and len(first.data) == 4 + len(payload),
        got=f"the first datagram was {show(first.data)}",
        expected=f"4 bytes of id, then the payload {show(payload)}",
        hint=FORMAT,
    )
    for number, (before, datagram) in enumerate(zip(received, received[1:]), start=2):
        if datagram.request_id != first.request_id:
            check.fail(
                f"datagram {number} carried the id {datagram.request_id:#010x}, datagram 1 the id {first.request_id:#010x}",
                "expected the same id on every attempt",
                hint=SAME_ID,
            )
        if datagram.data != first.data:
            check.fail(f"datagram {number} was {show(datagram.data)}, datagram 1 {show(first.data)}",
                       "expected the same bytes on every attempt", hint=SAME_ID)
        if same_socket and datagram.peer != first.peer:  # only a late answer needs it: the contract names no socket
            check.fail(
                f"datagram {number} came from port {datagram.peer[1]}, datagram 1 from port {first.peer[1]}",
                "expected every attempt sent from the same socket",
                hint=ONE_SOCKET,
            )
        gap = datagram.at - before.at
        if gap < EARLY * timeout:
            check.fail(
                f"datagram {number} came {gap:.2f} s after datagram {number - 1}",
                f"expected a resend only after {timeout:g} s without an answer",
                hint=WAIT_FIRST,
            )


def before_the_answer(received):
    """The datagrams received up to the time the server was due to answer one (all of them if it never was)."""
    answered = next((d for d in received if not d.fate.drop), None)
    if answered is None:
        return list(received)
    due = answered.at + answered.fate.delay
    return [d for d in received if d.at <= due]


def times_out(check, impl, the_call, total: float, *, hint):
    """The call raises UDPTimeoutError no sooner than `total` seconds and not much later; returns it."""
    started = time.monotonic()
    error = check.raises(impl.UDPTimeoutError, the_call, hint=hint)
    elapsed = time.monotonic() - started
    bound = 1.5 * total + 0.1
    check.expect(
        EARLY * total <= elapsed <= bound,
        got=f"{the_call} raised UDPTimeoutError after {elapsed:.2f} s",
        expected=f"UDPTimeoutError after about {total:g} s, every attempt's wait (at most {bound:.2f} s)",
        hint=DEADLINE if elapsed > bound else WAIT_FIRST,
    )
    return error


def hang_or(hint: str):
    def chosen(exc):
        if is_timeout(exc):
            return "the socket needs a timeout: sock.settimeout(...) before recvfrom(), or recvfrom() waits forever"
        if isinstance(exc, TimeoutError) and type(exc).__name__ != "UDPTimeoutError":
            return TIMEOUT_ERROR
        return hint

    return chosen


# Answers ---------------------------------------------------------------------------------------


def test_udp_request_sends_the_id_and_payload_and_returns_the_answer(impl, check, udp):
    """udp_request sends the id and the payload in one datagram, returns the answer, and closes its socket"""
    server = udp.server()
    the_call = requesting(impl, server, timeout=0.5)
    with udp.watch() as watch:
        returns_answer(check, the_call, hint=FORMAT)
        expect_none_left_open(check, watch, f"{the_call} returned", hint=CLOSE)
    expect_none_collected(check, watch, f"{the_call} returned", hint=CLOSE)
    expect_attempts(check, server, 1, timeout=0.5, hint="send the request once, then wait for its answer")


def test_udp_request_sends_again_with_the_same_id_after_losses(impl, check, udp):
    """udp_request sends the same datagram again after each timeout, until an answer comes"""
    server = udp.server(DROP, DROP)
    returns_answer(check, requesting(impl, server, timeout=0.2, attempts=4), hint=RESEND)
    expect_attempts(check, server, 3, timeout=0.2, hint=RESEND)


def test_udp_request_ignores_stale_datagrams_with_other_ids(impl, check, udp):
    """udp_request ignores datagrams with other ids (stale answers, duplicates)"""
    server = udp.server(then=Fate(stale=2))
    returns_answer(check, requesting(impl, server, timeout=0.5), hint=STALE)


def test_udp_request_ignores_a_stranger_who_sends_the_right_id(impl, check, udp):
    """udp_request ignores a datagram with its id from another address"""
    server = udp.server(then=Fate(stranger=True))
    returns_answer(check, requesting(impl, server, timeout=0.5), hint=STRANGER)


def test_udp_request_accepts_a_late_answer_to_an_earlier_attempt(impl, check, udp):
    """udp_request accepts the answer to its first attempt when it arrives during the second"""
    server = udp.server(late(0.6), DROP)
    returns_answer(check, requesting(impl, server, timeout=0.4, attempts=3), hint=LATE)
    expect_attempts(check, server, 2, timeout=0.4, hint=LATE, same_socket=True)


def test_udp_request_survives_a_lossy_network(impl, check, udp):
    """udp_request gets every answer through a lossy network (drops, duplicates, junk; seed 11)"""
    server = udp.server(*seeded_fates(11, 40))
    random.seed(11)
    for number in range(8):
        payload = b"request %d" % number
        before = len(server.received)
        returns_answer(check, requesting(impl, server, payload, timeout=0.12, attempts=6), payload, hint=RESEND)
        ids = {d.request_id for d in server.received[before:]}
        check.expect(
            len(ids) == 1,
            got=f"request {number + 1} went out with {count(len(ids), 'id')}",
            expected="one id for every attempt of a request",
            hint=SAME_ID,
        )


# Giving up -----------------------------------------------------------------------------------------


def test_udp_request_raises_udptimeouterror_after_the_last_attempt(impl, check, udp):
    """udp_request raises UDPTimeoutError after `attempts` sends without an answer, and closes its socket"""
    server = udp.server(then=DROP)
    the_call = requesting(impl, server, timeout=0.15, attempts=3)
    with udp.watch() as watch:
        error = times_out(check, impl, the_call, 0.45, hint=hang_or(COUNT))
        expect_none_left_open(check, watch, f"{the_call} raised {show_exception(error)}", hint=CLOSE)
        del error
    expect_attempts(check, server, 3, timeout=0.15, hint=COUNT)


def test_udp_request_with_one_attempt_sends_once(impl, check, udp):
    """udp_request with attempts=1 sends once, then raises UDPTimeoutError"""
    server = udp.server(then=DROP)
    times_out(check, impl, requesting(impl, server, timeout=0.15, attempts=1), 0.15, hint=hang_or(COUNT))
    expect_attempts(check, server, 1, timeout=0.15, hint=COUNT)


def test_udp_request_waits_no_longer_while_junk_keeps_arriving(impl, check, udp):
    """udp_request waits no longer than its timeouts while junk datagrams keep arriving"""
    server = udp.server(then=Fate(drop=True, stale=8, stale_gap=0.04))
    times_out(check, impl, requesting(impl, server, timeout=0.15, attempts=2), 0.3, hint=hang_or(DEADLINE))
    expect_attempts(check, server, 2, timeout=0.15, hint=COUNT)


# Arguments -----------------------------------------------------------------------------------------


def test_udp_request_refuses_bad_arguments_before_sending(impl, check, udp):
    """udp_request raises ValueError for a payload over MAX_PAYLOAD, attempts < 1 or timeout <= 0, and sends nothing"""
    server = udp.server()
    too_long = b"x" * (impl.MAX_PAYLOAD + 1)
    cases = [(too_long, {}), (PAYLOAD, {"attempts": 0}), (PAYLOAD, {"timeout": 0}), (PAYLOAD, {"timeout": -0.5})]
    with udp.watch() as watch:
        for payload, options in cases:
            check.raises(ValueError, requesting(impl, server, payload, **options), hint=VALIDATE)
        expect_none_left_open(check, watch, "udp_request raised ValueError", hint=CLOSE)
    server.wait_until_sent(0.2)
    check.expect(
        not server.received,
        got=f"udp_request raised ValueError, but the server had received {count(len(server.received), 'datagram')}",
        expected="nothing sent for a request that is refused",
        hint=VALIDATE,
    )


def test_udp_request_sends_a_payload_of_exactly_max_payload(impl, check, udp):
    """udp_request sends a payload of exactly MAX_PAYLOAD bytes in one datagram"""
    server = udp.server()
    payload = bytes(range(256)) * (impl.MAX_PAYLOAD // 256) + b"!" * (impl.MAX_PAYLOAD % 256)
    the_call = requesting(impl, server, payload, timeout=0.5)
    the_call.shown_as("udp_request(address, payload of MAX_PAYLOAD bytes, timeout=0.5)")
    returns_answer(check, the_call, payload, hint=EXACTLY_MAX)
    expect_attempts(check, server, 1, payload, timeout=0.5, hint=EXACTLY_MAX)


def test_udp_request_picks_a_new_id_for_each_request(impl, check, udp):
    """udp_request picks a new random id for each request"""
    server = udp.server()
    random.seed(5)  # the same ids every run, for code that draws them from the random module
    for number in range(5):
        returns_answer(check, requesting(impl, server, b"request %d" % number, timeout=0.5), b"request %d" % number, hint=FORMAT)
    ids = [d.request_id for d in server.received]
    check.expect(
        len(set(ids)) == len(ids),
        got="5 requests went out with the ids " + ", ".join(f"{i:#010x}" for i in ids),
        expected="a new id for each request",
        hint=RANDOM_ID,
    )
