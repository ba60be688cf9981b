"""What a peer did, told for a learner: a sentence, or the conversation it had.

A peer that only sends is told in one sentence, then what it received:

    the server sent b'h' · b'\\xc3' · b'\\xa9' (3 pieces), then closed the connection
    the server received b'hello\\n' from your code

A peer that answers (its script has `receive` steps) is told as the conversation, in order,
the way a learner could replay it with `nc` (> what your code sent, < what the peer sent):

    the server and your code talked (> your code sent, < the server sent):
      > b'PING\\n'
      < b'PO' · b'NG\\n' (2 pieces)
      the server closed the connection

Stories are built from what the peer really did (`Peer.played`, `Peer.journal`), never from
what its script meant to do.
"""

from __future__ import annotations

from mockservers.chunking import Peer

from ..words import count
from .show import show

MAX_PIECES_SHOWN = 6

ENDINGS = {
    "closed": "closed the connection",
    "reset": "reset the connection (RST)",
    "stalled": "kept the connection open without sending more",
    "failed": "could not send more",
}


SETTLE_SECONDS = 0.5


def tell(peer, role: str = "server") -> list[str]:
    """The lines that describe `peer`: what it sent and how it ended, then what it received.

    A peer that is not a `Peer` (several connections, a UDP server) tells itself: `peer.tell(role)`.

    A peer may still be sending when learner code gives up early; the story waits until it has
    sent all it can before waiting on a read, so the same code gets the same story every run.
    """
    if not isinstance(peer, Peer):  # a teller of its own: a service's connections, a UDP server
        return peer.tell(role)
    peer.wait_until_settled(SETTLE_SECONDS)
    if any(p.action in ("received", "missed") for p in list(peer.played)) or peer.awaiting:
        return _tell_conversation(peer, role)
    lines = [f"the {role} {_tell_actions(peer)}"]
    received = peer.received
    if received:
        lines.append(f"the {role} received {show(received)} from your code")
    return lines


TURN = "  "  # indent of a conversation's lines


def _tell_conversation(peer: Peer, role: str) -> list[str]:
    lines = [f"the {role} and your code talked (> your code sent, < the {role} sent):"]
    pieces: list[bytes] = []

    def flush() -> None:
        if pieces:
            lines.append(f"{TURN}< {_tell_pieces(pieces).removeprefix('sent ')}")
            pieces.clear()

    for played in list(peer.played):
        if played.action == "sent":
            pieces.append(played.data)
            continue
        flush()
        if played.action == "received":
            lines.append(f"{TURN}> {show(played.data)}")
        elif played.action == "missed":
            if played.data:
                lines.append(f"{TURN}> {show(played.data)}")
            ended = ENDINGS.get(peer.journal.ended or "closed", "closed the connection")
            lines.append(f"{TURN}your code {ended} before it had sent {played.detail}")
        elif played.action == "paused":
            lines.append(f"{TURN}the {role} waited {played.seconds:g} s")
        elif played.action == "failed":
            lines.append(f"{TURN}the {role} could not send {show(played.data) if played.data else 'more'} ({played.detail})")
        else:
            lines.append(f"{TURN}the {role} {ENDINGS[played.action]}")
    flush()
    extra = peer.received[peer.consumed :]
    missed = any(p.action == "missed" for p in peer.played)
    if extra and not missed:
        lines.append(f"{TURN}> {show(extra)}")
    if peer.awaiting:
        lines.append(f"{TURN}the {role} was waiting for {peer.awaiting} from your code")
    elif peer.journal.ended and not missed:
        lines.append(f"{TURN}your code {ENDINGS[peer.journal.ended]}")
    return lines


def _tell_actions(peer: Peer) -> str:
    phrases: list[str] = []
    pieces: list[bytes] = []
    for played in list(peer.played):
        if played.action == "sent":
            pieces.append(played.data)
            continue
        if pieces:
            phrases.append(_tell_pieces(pieces))
            pieces = []
        if played.action == "paused":
            phrases.append(f"waited {played.seconds:g} s")
        elif played.action == "failed":
            phrases.append(f"could not send {show(played.data) if played.data else 'more'} ({played.detail})")
        else:
            phrases.append(ENDINGS[played.action])
    if pieces:
        phrases.append(_tell_pieces(pieces))
    sent_any = any(p.action == "sent" for p in peer.played)
    if not peer.played:
        return "accepted the connection and has sent nothing yet"
    if all(p.action == "stalled" for p in peer.played):
        return "accepted the connection and waited, sending nothing"
    if not sent_any:
        phrases = ["sent nothing", *(p.replace(" without sending more", "") for p in phrases)]
    if not (peer.played and peer.played[-1].action in ENDINGS):
        phrases.append("waited for your code to read it before sending more" if peer.pending and sent_any else "kept the connection open")
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + ", then " + phrases[-1]


def _tell_pieces(pieces: list[bytes]) -> str:
    if len(pieces) == 1:
        return f"sent {show(pieces[0])}"
    total = sum(len(p) for p in pieces)
    if len(pieces) <= MAX_PIECES_SHOWN and all(len(p) <= 24 for p in pieces):
        return f"sent {' · '.join(show(p) for p in pieces)} ({count(len(pieces), 'piece')})"
    sizes = {len(p) for p in pieces}
    each = f"{count(min(sizes), 'byte')} each" if len(sizes) == 1 else f"{min(sizes):,} to {max(sizes):,} bytes each"
    start = b"".join(pieces[:24])[:24]
    return f"sent {count(total, 'byte')} in {count(len(pieces), 'piece')} of {each}, starting {show(start)}"
