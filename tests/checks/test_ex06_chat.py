"""Checks for exercise-6 · A chat server for many clients (ex06_chat).

Each check starts the learner's ChatServer on 127.0.0.1, port 0, and talks to it through
scripted clients over real sockets (`chat`, grader/harness/chatting.py); the server is judged
only by what its clients receive. A client's pieces leave one at a time, each once the server
has read the one before (the checks of dribbled lines rely on that); several commands in one
send arrive in one piece. A failure shows the conversation of the client concerned.

A client named right after another may or may not receive the other's joined line (the server
may be sending it round when the second NICK arrives); the checks pass such lines over.

"Nothing was sent to X" cannot be seen by waiting; it is seen by order instead: a client's
reply to its own next command comes after anything the server sent it before. So after a
MSG, the sender's next line must be the reply to its WHO, and an unnamed client's first line
the reply to its own command.

Timing: a client waits 1 s for each line it expects (the contract's bound for the slow-reader
rule, and many times what a correct server needs on a busy machine); stop() gets its 2 s and
half a second more.
"""

import pytest

import time

from grader.harness.chatting import LINE_SECONDS, NICK_HINT, STOP_HINT, STOP_MARGIN, STOP_SECONDS, conversation, text_of
from grader.harness.checking import call
from grader.harness.show import count
from mockservers.script import DRIBBLE, seeded, split_at

KEEP_A_BUFFER = (
    "one recv() can hold part of a line or several lines: keep a buffer for each client, handle each "
    "complete line in it (there may be several), and keep the rest for the next recv()"
)
CRLF = "a line may end with b'\\r\\n': remove the b'\\n', then one b'\\r' at the end, before looking at the command"
BAD_NAME = (
    "a name is 1 to 16 characters, each one of A-Z, a-z, 0-9, '_' and '-': check the whole name, for "
    "example with re.fullmatch(r'[A-Za-z0-9_-]{1,16}', name), and answer ERR bad name otherwise"
)
TAKEN = (
    "a name another connected client has is taken (ERR name taken); names are case-sensitive, so "
    "'Ann' is not 'ann'"
)
NICK_FIRST = (
    "until a client's NICK has succeeded, answer every command but NICK and QUIT with ERR say NICK first, "
    "and send it no messages and no joined/left lines: only named clients take part"
)
ALREADY = "a client that has a name keeps it: a second NICK gets ERR already named"
NOT_TO_THE_SENDER = (
    "a MSG goes to every other named client as '<name>: <text>', and not back to its sender: the sender "
    "already knows what it said"
)
RELAY = (
    "send '<name>: <text>' to every other named client, with the text exactly as it came (UTF-8, spaces "
    "and all)"
)
JOINED = (
    "when a NICK succeeds, answer the client OK and send '* <name> joined' to every other named client "
    "(not to the one who joined)"
)
LEFT = (
    "when a named client quits, closes or vanishes, close its connection, forget its name, and send "
    "'* <name> left' to the other named clients"
)
QUIT = "QUIT ends the conversation: close that client's connection (and tell the others it left)"
RESET = (
    "a client may vanish with a reset: recv() from it raises ConnectionResetError, and send() to it "
    "BrokenPipeError or ConnectionResetError. Catch them for that client only, treat it as a QUIT, and go "
    "on serving everyone else"
)
UNKNOWN = (
    "anything that is not NICK <name>, MSG <text>, WHO or QUIT is ERR unknown command; commands are "
    "case-sensitive ('msg' and 'Who' are unknown)"
)
WHO = "answer WHO with 'USERS ' and every named client's name, sorted() and joined with ',' (no spaces)"
TOO_LONG = (
    "a line longer than max_line bytes gets ERR line too long as soon as the buffer holds more than "
    "max_line bytes without a b'\\n' (do not wait for the end of the line), and then the server closes "
    "that connection"
)
LENGTH = (
    "max_line counts every byte before the b'\\n', a b'\\r' included: a line of exactly max_line bytes is "
    "fine, one more is too long"
)
SLOW = (
    "a client that stops reading must not hold up the others: once its socket's buffers are full, "
    "sendall() to it blocks, and so does every client whose messages wait behind it. Never block on one "
    "client: queue what it cannot take yet (and send it when it can: selectors, or a sender thread per "
    "client), or disconnect it once more than 1 MiB waits for it"
)
MANY = (
    "serve every client at once: a thread per client, or one thread with selectors; and guard the list "
    "of clients, which every connection's thread changes, with a lock"
)
CONTEXT = (
    "`with ChatServer() as server:` calls server.__enter__(), which starts the server and returns it "
    "(return self), and at the end of the block server.__exit__(...), which stops it"
)
ORDER = "send each client's messages to every receiver in the order they came, from one buffer per receiver"


def expect_all(chat, client, expected, *, hint, within=LINE_SECONDS, skip=()):
    for text in expected:
        chat.expect_line(client, text, within=within, hint=hint, skip=skip)


# NICK, WHO ---------------------------------------------------------------------------------------


def test_nick_is_answered_ok_and_who_lists_the_names(impl, check, chat):
    """NICK is answered OK, and WHO lists every name, sorted and comma-separated"""
    address = chat.start()
    chat.check_address(chat.server.address, "server.address was")
    check.expect(
        tuple(chat.server.address[:2]) == address,
        got=f"server.address was {chat.server.address!r}, start() returned {address!r}",
        expected="the same address",
        hint="keep the address start() returns in self.address",
    )
    carol, ann, bob = chat.named("carol", "ann", "bob")
    ann.send_line("WHO")
    chat.expect_line(ann, "USERS ann,bob,carol", hint=WHO, skip={"* bob joined"})


def test_nick_refuses_bad_names(impl, check, chat):
    """NICK refuses a name that is too long or holds a character outside A-Z a-z 0-9 _ -"""
    chat.start()
    client = chat.client("newcomer")
    for name in ("ann!", "x" * 17, "jürgen", "a.b", "semi;colon", "ann bob"):
        client.send_line(f"NICK {name}")
        chat.expect_line(client, "ERR bad name", hint=BAD_NAME)
    client.send_line("NICK A_b-9" + "x" * 10)  # 16 characters, every kind allowed
    chat.expect_line(client, "OK", hint=BAD_NAME)


def test_nick_refuses_a_name_in_use(impl, check, chat):
    """NICK refuses a name another client has (names are case-sensitive)"""
    chat.start()
    chat.named("ann")
    other = chat.client("other")
    other.send_line("NICK ann")
    chat.expect_line(other, "ERR name taken", hint=TAKEN)
    other.send_line("NICK Ann")
    chat.expect_line(other, "OK", hint=TAKEN)


def test_a_second_nick_is_refused(impl, check, chat):
    """a named client's second NICK gets ERR already named"""
    chat.start()
    (ann,) = chat.named("ann")
    ann.send_line("NICK anna")
    chat.expect_line(ann, "ERR already named", hint=ALREADY)
    ann.send_line("WHO")
    chat.expect_line(ann, "USERS ann", hint=ALREADY)


def test_commands_before_nick_are_refused(impl, check, chat):
    """before its NICK, a client gets ERR say NICK first for MSG and WHO"""
    chat.start()
    client = chat.client("newcomer")
    for line in ("MSG hello?", "WHO"):
        client.send_line(line)
        chat.expect_line(client, "ERR say NICK first", hint=NICK_FIRST)


def test_unnamed_clients_receive_no_broadcasts(impl, check, chat):
    """clients without a name receive no messages and no joined lines"""
    chat.start()
    quiet = chat.client("quiet")
    ann, bob = chat.named("ann", "bob")
    bob.send_line("MSG hello, everyone")
    chat.expect_line(ann, "bob: hello, everyone", hint=RELAY, skip={"* bob joined"})
    bob.send_line("WHO")  # bob's reply comes once the server has sent on his MSG
    chat.expect_line(bob, "USERS ann,bob", hint=NOT_TO_THE_SENDER)
    quiet.send_line("WHO")
    chat.expect_line(quiet, "ERR say NICK first", hint=NICK_FIRST)


# MSG ---------------------------------------------------------------------------------------------


def test_msg_reaches_every_other_named_client_but_not_the_sender(impl, check, chat):
    """MSG reaches every other named client as '<name>: <text>', and not its sender"""
    chat.start()
    ann, bob, carol = chat.named("ann", "bob", "carol")
    ann.send_line("MSG héllo wörld ✓  two  spaces")
    joins = {"* bob joined", "* carol joined"}
    for receiver in (bob, carol):
        chat.expect_line(receiver, "ann: héllo wörld ✓  two  spaces", hint=RELAY, skip=joins)
    ann.send_line("WHO")
    chat.expect_line(ann, "USERS ann,bob,carol", hint=NOT_TO_THE_SENDER, skip=joins)


def test_joined_lines_go_to_the_others(impl, check, chat):
    """a successful NICK sends '* <name> joined' to the other named clients, not to the newcomer"""
    chat.start()
    (ann,) = chat.named("ann")
    (bob,) = chat.named("bob")
    chat.expect_line(ann, "* bob joined", hint=JOINED)
    bob.send_line("WHO")
    chat.expect_line(bob, "USERS ann,bob", hint=JOINED)


# Leaving -----------------------------------------------------------------------------------------


def test_quit_closes_the_connection_and_tells_the_others(impl, check, chat):
    """QUIT closes the connection, the others receive '* <name> left', and the name is free again"""
    chat.start()
    ann, bob = chat.named("ann", "bob")
    bob.send_line("QUIT")
    chat.expect_end(bob, hint=QUIT)
    chat.expect_line(ann, "* bob left", hint=LEFT, skip={"* bob joined"})
    (again,) = chat.named("bob")
    again.send_line("WHO")
    chat.expect_line(again, "USERS ann,bob", hint=LEFT)


def test_a_client_that_closes_has_left(impl, check, chat):
    """a client that closes its connection has left: the others receive '* <name> left'"""
    chat.start()
    ann, bob = chat.named("ann", "bob")
    bob.close()
    chat.expect_line(ann, "* bob left", hint=LEFT, skip={"* bob joined"})


def test_the_server_survives_clients_that_reset(impl, check, chat):
    """the server survives clients that vanish with a reset, and goes on serving the others"""
    chat.start()
    ann, bob = chat.named("ann", "bob")
    bob.send(b"MSG half a li")
    bob.wait_until_read()
    bob.reset()
    check.setup.append("bob sent b'MSG half a li', then vanished with a reset (RST)")
    chat.expect_line(ann, "* bob left", hint=RESET, skip={"* bob joined"})
    chat.client("gone").reset()  # a client that vanishes before a word
    (dave,) = chat.named("dave")
    chat.expect_line(ann, "* dave joined", hint=RESET)
    ann.send_line("MSG hello, dave")
    chat.expect_line(dave, "ann: hello, dave", hint=RESET)
    dave.send_line("WHO")
    chat.expect_line(dave, "USERS ann,dave", hint=RESET)


# Lines -------------------------------------------------------------------------------------------


def test_unknown_and_wrong_case_commands_are_refused(impl, check, chat):
    """anything else is ERR unknown command, and commands are case-sensitive"""
    chat.start()
    (ann,) = chat.named("ann")
    for line in ("HELLO", "msg hi", "Who", "quit"):
        ann.send_line(line)
        chat.expect_line(ann, "ERR unknown command", hint=UNKNOWN)
    ann.send_line("WHO")
    chat.expect_line(ann, "USERS ann", hint=UNKNOWN)


def test_lines_may_end_with_crlf(impl, check, chat):
    """commands ending with '\\r\\n' work as well as with '\\n'"""
    chat.start()
    (ann,) = chat.named("ann")
    bob = chat.client("bob")
    bob.send(b"NICK bob\r\n")
    chat.expect_line(bob, "OK", hint=CRLF)
    bob.send(b"MSG hi there\r\nWHO\r\n")
    chat.expect_line(ann, "bob: hi there", hint=CRLF, skip={"* bob joined"})
    chat.expect_line(bob, "USERS ann,bob", hint=CRLF)


def test_lines_that_arrive_in_pieces(impl, check, chat):
    """commands that arrive one byte at a time, or split anywhere, work"""
    chat.start()
    (ann,) = chat.named("ann")
    bob = chat.client("bob")
    bob.send(b"NICK bob\n", pieces=DRIBBLE)
    chat.expect_line(bob, "OK", hint=KEEP_A_BUFFER)
    bob.send(b"MSG split\r\nMSG across\n", pieces=split_at(3, 10, 11, 16))
    chat.expect_line(ann, "bob: split", hint=KEEP_A_BUFFER, skip={"* bob joined"})
    chat.expect_line(ann, "bob: across", hint=KEEP_A_BUFFER)


def test_several_commands_in_one_piece(impl, check, chat):
    """several commands that arrive in one piece are each answered, in order"""
    chat.start()
    (ann,) = chat.named("ann")
    bob = chat.client("bob")
    bob.send(b"NICK bob\nWHO\nMSG one\nMSG two\nWHO\n")
    expect_all(chat, bob, ["OK", "USERS ann,bob", "USERS ann,bob"], hint=KEEP_A_BUFFER)
    expect_all(chat, ann, ["* bob joined", "bob: one", "bob: two"], hint=KEEP_A_BUFFER)


def test_a_line_of_max_line_bytes_is_accepted(impl, check, chat):
    """a line of exactly max_line bytes is accepted, a '\\r' counted"""
    chat.start(max_line=32)
    ann, bob = chat.named("ann", "bob")
    ann.send(b"MSG " + b"x" * 28 + b"\n")  # 32 bytes before the newline
    ann.send(b"MSG " + b"y" * 27 + b"\r\n")  # 31 and a '\r'
    expect_all(chat, bob, ["ann: " + "x" * 28, "ann: " + "y" * 27], hint=LENGTH)


def test_a_line_too_long_is_refused_at_once_and_the_client_disconnected(impl, check, chat):
    """a line longer than max_line gets ERR line too long before its end arrives, then the connection closes"""
    chat.start(max_line=32)
    (ann,) = chat.named("ann")
    ann.send(b"MSG " + b"z" * 29)  # 33 bytes, and no newline yet
    chat.expect_line(ann, "ERR line too long", hint=TOO_LONG)
    chat.expect_end(ann, hint=TOO_LONG)


def test_a_carriage_return_counts_in_the_length(impl, check, chat):
    """a '\\r' counts in a line's length: max_line bytes and a '\\r' are too long"""
    chat.start(max_line=32)
    (ann,) = chat.named("ann")
    ann.send(b"MSG " + b"z" * 28 + b"\r\n")
    chat.expect_line(ann, "ERR line too long", hint=LENGTH)


# Many clients ------------------------------------------------------------------------------------


def test_twenty_clients_at_once(impl, check, chat):
    """20 clients at once: each receives every other's messages, each sender's in order"""
    chat.start()
    names = [f"user{n:02d}" for n in range(20)]
    clients = chat.named(*names)
    for number, client in enumerate(clients):
        lines = b"".join(b"MSG %s says %d\n" % (client.name.encode(), k) for k in range(3))
        if number % 4 == 0:
            client.send(lines, pieces=DRIBBLE)
        elif number % 4 == 1:
            client.send(lines, pieces=seeded(number, 1, 9))
        else:
            client.send(lines)
    for number, receiver in enumerate(clients):
        expected = {c.name: [f"{c.name}: {c.name} says {k}" for k in range(3)] for c in clients if c is not receiver}
        later = {f"* {name} joined" for name in names[number + 1 :]}
        got = [text_of(line) for line in receiver.lines(len(later) + 3 * 19, within=2.0)]
        while len([line for line in got if not line.startswith("* ")]) < 3 * 19:
            line = receiver.next_line(0.5)  # a joined line of a client named before it came too: read on
            if line is None:
                break
            got.append(text_of(line))
        joined = [line for line in got if line.startswith("* ")]
        may_get = {f"* {name} joined" for name in names if name != receiver.name}
        check.expect(
            later <= set(joined) <= may_get and len(joined) == len(set(joined)),
            got=f"{receiver.name} received the joined lines {joined}",
            expected=f"one for each client named after it ({count(len(later), 'line')}), and none of its own",
            hint=JOINED,
        )
        for sender, messages in expected.items():
            from_sender = [line for line in got if line.startswith(sender + ": ")]
            if from_sender != messages:
                check.fail(
                    *conversation(receiver),
                    f"{receiver.name} received {count(len(from_sender), 'message')} from {sender}: {from_sender}",
                    f"expected {messages}, in that order",
                    hint=ORDER if sorted(from_sender) == sorted(messages) else MANY,
                )


def test_messages_from_one_sender_arrive_in_order(impl, check, chat):
    """200 messages from one sender reach every receiver, in the order sent"""
    chat.start()
    ann, bob, carol = chat.named("ann", "bob", "carol")
    data = b"".join(b"MSG number %03d\n" % n for n in range(200))
    ann.send(data, pieces=seeded(3, 1, 400))
    for receiver in (bob, carol):
        skip = {"* carol joined"} if receiver is bob else set()
        expect_all(chat, receiver, [f"ann: number {n:03d}" for n in range(200)], hint=ORDER, skip=skip)


BULK_LINE = 16_000  # bytes of text in one of bulk's messages
BURST = 16  # messages sent at once
BURSTS = 32  # 32 bursts of 16 messages of 16 kB: 8 MB for the client that does not read


@pytest.mark.timeout(15)
def test_a_client_that_stops_reading_does_not_hold_up_the_others(impl, check, chat):
    """a client that stops reading does not hold up the others, even with megabytes queued for it"""
    chat.start(max_line=BULK_LINE + 100)
    slow = chat.client("slow", rcvbuf=4096, reading=False)
    slow.send_line("NICK slow")
    chat.expect_line(slow, "OK", hint=NICK_HINT)
    check.setup.append("slow connected with a 4 KiB receive buffer, was named, and then never read again")
    ann, bulk = chat.named("ann", "bulk")
    chat.expect_line(ann, "* bulk joined", hint=JOINED)
    left = {"* slow left"}  # the server may disconnect slow once 1 MiB waits for it
    filler = b"x" * BULK_LINE
    for burst in range(BURSTS):
        numbers = range(burst * BURST, (burst + 1) * BURST)
        queued = f" (bulk had sent {burst * BURST * BULK_LINE / 1e6:.1f} MB by then, all of it due to slow too)"
        if not bulk.send(b"".join(b"MSG %05d " % n + filler + b"\n" for n in numbers), within=LINE_SECONDS):
            check.fail(
                *conversation(bulk),
                f"your server read nothing from bulk for {LINE_SECONDS:g} s{queued}",
                "expected the server to keep reading every client while slow does not read",
                hint=SLOW,
            )
        for n in numbers:
            chat.expect_line(ann, f"bulk: {n:05d} " + filler.decode(), hint=SLOW, skip=left, context=queued)
    ann.send_line("MSG still there, bulk?")
    chat.expect_line(bulk, "ann: still there, bulk?", hint=SLOW, skip=left | {"* ann joined"})


# Stopping ----------------------------------------------------------------------------------------

SETTLE = 0.2  # seconds before stop(), for a server's accept loop to be back waiting in accept()


@pytest.mark.timeout(STOP_SECONDS + STOP_MARGIN + 3)
def test_stop_closes_every_connection_and_frees_the_port(impl, check, chat):
    """stop() closes every connection and the listener within 2 s, and the port is free again"""
    address = chat.start()
    (ann,) = chat.named("ann")
    bob = chat.client("bob")
    bob.send_line("WHO")
    chat.expect_line(bob, "ERR say NICK first", hint=NICK_FIRST)
    time.sleep(SETTLE)
    started = time.monotonic()
    took = chat.stop()
    check.expect(
        took <= STOP_SECONDS + STOP_MARGIN,
        got=f"server.stop() took {took:.2f} s",
        expected=f"at most {STOP_SECONDS:g} s",
        hint=STOP_HINT,
    )
    chat.expect_port_freed(address, started, (ann, bob))


@pytest.mark.timeout(STOP_SECONDS + STOP_MARGIN + 3)
def test_the_server_works_as_a_context_manager(impl, check, chat):
    """`with ChatServer() as server:` serves inside the block and frees the port at its end"""
    server = check.run(call(impl.ChatServer), expected="a ChatServer", hint="")
    chat.server = server
    entered = check.run(call(server.__enter__).shown_as("with ChatServer() as server:"),
                        expected="the server, started", hint=CONTEXT)
    check.expect(entered is server, got=f"`with ChatServer() as server:` gave server = {entered!r}",
                 expected="the ChatServer itself", hint=CONTEXT)
    chat.address = chat.check_address(server.address, "inside the with block, server.address was")
    (ann,) = chat.named("ann")
    time.sleep(SETTLE)
    started = time.monotonic()
    check.run(call(server.__exit__, None, None, None).shown_as("the end of the with block"),
              expected="the server stopped", hint=CONTEXT)
    chat.stopped()
    chat.expect_port_freed(chat.address, started, (ann,), what="the with block ended")


