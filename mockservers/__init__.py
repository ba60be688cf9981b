"""Misbehaving peers for the checks: chunking TCP servers and clients, and their scripts."""

from .chunking import ChunkingClient, ChunkingServer, Gap, Lockstep, Peer
from .script import DRIBBLE, WHOLE, close, fixed, pause, reset, seeded, send, split_at, stall
from .sockets import StingySocket

__all__ = [
    "DRIBBLE", "WHOLE", "ChunkingClient", "ChunkingServer", "Gap", "Lockstep", "Peer",
    "StingySocket", "close", "fixed", "pause", "reset", "seeded", "send", "split_at", "stall",
]
