"""Sockets learner code left open: what the process holds after a call, and what the garbage collector found.

"The socket is closed on every path" is checked from the outside, two ways:

- while the check still holds what the call returned or raised (an exception keeps the frames
  of the learner's function alive, and with them its socket), the process holds no internet
  socket that appeared during the call, except the kit's own (its listeners and the connections
  they accepted, named by their ports);
- once the check lets go and collects garbage, no `ResourceWarning` said that a socket was
  closed by the garbage collector instead of by the code (the return path: a socket left in a
  local variable is closed when the function returns, with that warning).

    with SocketWatch(kit_ports={service_port}) as watch:
        error = check.raises(...)
        expect_none_left_open(check, watch, f"ask(...) raised {error}", hint=...)
        del error
    expect_none_collected(check, watch, "ask(...) returned", hint=...)

Open files are listed through /proc/self/fd (Linux) or /dev/fd (macOS); a socket is told apart
by the inode of its file, so a number the system reuses is not taken for the same socket.
"""

from __future__ import annotations

import gc
import os
import socket
import stat
from dataclasses import dataclass

FD_FOLDERS = ("/proc/self/fd", "/dev/fd")
INTERNET = (socket.AF_INET, socket.AF_INET6)


@dataclass(frozen=True)
class OpenSocket:
    kind: str  # "TCP", "UDP" or ""
    local: tuple | None
    remote: tuple | None

    def __str__(self) -> str:
        text = f"a {self.kind} socket" if self.kind else "a socket"
        if self.local and self.local[1]:
            text += f" from {self.local[0]}:{self.local[1]}"
        if self.remote:
            text += f" to {self.remote[0]}:{self.remote[1]}"
        elif self.kind == "TCP":
            text += " that is not connected"
        return text


def open_sockets() -> dict[tuple[int, int], OpenSocket]:
    """{(fd, inode): socket} for every internet socket the process holds."""
    found = {}
    folder = next((f for f in FD_FOLDERS if os.path.isdir(f)), None)
    if folder is None:
        return found
    for name in os.listdir(folder):
        try:
            fd = int(name)
            status = os.fstat(fd)
        except (ValueError, OSError):
            continue
        if stat.S_ISSOCK(status.st_mode):
            described = _describe(fd)
            if described is not None:
                found[(fd, status.st_ino)] = described
    return found


def _describe(fd: int) -> OpenSocket | None:
    try:
        probe = socket.socket(fileno=os.dup(fd))
    except OSError:
        return None
    with probe:
        if probe.family not in INTERNET:
            return None
        kind = {socket.SOCK_STREAM: "TCP", socket.SOCK_DGRAM: "UDP"}.get(probe.type, "")
        return OpenSocket(kind, _address(probe.getsockname), _address(probe.getpeername))


def _address(getter) -> tuple | None:
    try:
        return tuple(getter()[:2])
    except OSError:
        return None


class SocketWatch:
    """The internet sockets that appear during a stretch of a check, and the ResourceWarnings of sockets.

    Both are looked at in the learner's process, where learner code opens its sockets (the
    kit's helpers there, learner/helpers.py). `kit_ports` are the local ports of the kit's own
    sockets (a listener's port is also the local port of every connection it accepted).
    """

    def __init__(self, kit_ports=()) -> None:
        from .learners import current_helpers

        self.kit_ports = set(kit_ports)
        self._helpers = current_helpers()
        self._before: set[tuple[int, int]] = set()

    def __enter__(self) -> SocketWatch:
        self._helpers.start_watching_warnings()  # after collecting what earlier checks left behind
        self._before = {(fd, inode) for fd, inode, *_ in self._helpers.open_sockets()}
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self._helpers.stop_watching_warnings()
        except BaseException:  # noqa: BLE001 - a process that is gone watches nothing
            pass

    def left_open(self) -> list[OpenSocket]:
        """Internet sockets that appeared since the watch began, are still open, and are not the kit's."""
        found = [OpenSocket(kind, _pair(local), _pair(remote)) for fd, inode, kind, local, remote in self._helpers.open_sockets()
                 if (fd, inode) not in self._before]
        return [s for s in found if not (s.local and s.local[1] in self.kit_ports)]

    def collected(self) -> list[str]:
        """The messages of ResourceWarnings about sockets so far, after collecting garbage."""
        gc.collect()  # here first: an exception the check let go still holds the learner's copy until then
        return list(self._helpers.collected_warnings())


def _pair(address) -> tuple | None:
    return tuple(address) if address else None


def expect_none_left_open(checker, watch: SocketWatch, after: str, *, hint) -> None:
    """No socket of the watched stretch is open now; `after` says what the call did (`udp_request(...) raised ...`)."""
    left = watch.left_open()
    if left:
        more = f" (and {len(left) - 1} more)" if len(left) > 1 else ""
        checker.fail(
            f"{after}, but your code still held {left[0]}{more}",
            "expected every socket your code opened closed, before the function returns or raises",
            hint=hint,
        )


def expect_none_collected(checker, watch: SocketWatch, after: str, *, hint) -> None:
    """The garbage collector closed no socket of the watched stretch (it says so with a ResourceWarning)."""
    found = watch.collected()
    checker.expect(
        not found,
        got=f"{after}, and then Python's garbage collector had to close a socket your code left open "
        f"(ResourceWarning: {found[0] if found else ''})",
        expected="your code to close every socket it opens itself",
        hint=hint,
    )
