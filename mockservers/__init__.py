"""Misbehaving peers for the checks: chunking TCP servers and clients, and their scripts."""

from .chunking import ChunkingClient, ChunkingServer, Gap, Lockstep, Peer, PeerFailed
from .script import DRIBBLE, WHOLE, close, fixed, pause, receive, reset, seeded, send, split_at, stall
from .sockets import StingySocket

__all__ = [
    "DRIBBLE", "WHOLE", "ChunkingClient", "ChunkingServer", "Gap", "Lockstep", "Peer", "PeerFailed",
    "StingySocket", "close", "fixed", "pause", "receive", "reset", "seeded", "send", "split_at", "stall",
]
