"""Ask the kernel about a TCP socket we do not hold: the far end of one of our connections.

When learner code makes its own connection to a peer (exercise 5's client) or accepts it (exercise
6's server), the peer cannot read that socket's counters with getsockopt or ioctl, as `Lockstep`
does with the sockets checks hand out. Linux answers for any socket by its addresses through
sock_diag, the netlink interface `ss` uses: `far_counters(local, remote)` finds the socket bound to
`local` and connected to `remote`, and returns how many bytes it has received in all (TCP_INFO's
tcpi_bytes_received) and how many of them it has not read yet (the receive queue).

One request, one answer, about 10 µs on loopback. Elsewhere (macOS, Windows, a kernel without
sock_diag) every function returns None, and peers pace by time instead.
"""

from __future__ import annotations

import socket
import struct
import sys

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST = 0x1
NLMSG_ERROR = 2
INET_DIAG_INFO = 2  # the attribute that carries struct tcp_info
ALL_STATES = 0xFFFFFFFF
NO_COOKIE = 0xFFFFFFFF

_HEADER = struct.Struct("=IHHII")  # struct nlmsghdr
_REQUEST = struct.Struct("=BBBBI")  # struct inet_diag_req_v2, before its inet_diag_sockid
_PORTS = struct.Struct("!HH")  # idiag_sport, idiag_dport (network order)
_TAIL = struct.Struct("=III")  # idiag_if, idiag_cookie[2]
_MESSAGE_HEAD = struct.Struct("=BBBB")  # inet_diag_msg: family, state, timer, retrans
_QUEUES = struct.Struct("=IIIII")  # inet_diag_msg after its sockid: expires, rqueue, wqueue, uid, inode
_SOCKID_SIZE = 48
_ATTRIBUTE = struct.Struct("=HH")  # struct rtattr: length, type
_BYTES_RECEIVED = struct.Struct("=Q")
_BYTES_RECEIVED_AT = 128  # tcpi_bytes_received in struct tcp_info (kernels since 4.1)
ESTABLISHED, CLOSE_WAIT = 1, 8


def far_counters(local: tuple[str, int], remote: tuple[str, int]) -> tuple[int, int] | None:
    """(bytes received in all, bytes not yet read) of the IPv4 TCP socket at `local` connected to `remote`.

    None when the kernel cannot tell (not Linux, no sock_diag) or has no such open connection.
    """
    answer = _ask(local, remote)
    if answer is None:
        return None
    state, unread, info = answer
    if state not in (ESTABLISHED, CLOSE_WAIT) or len(info) < _BYTES_RECEIVED_AT + _BYTES_RECEIVED.size:
        return None
    return _BYTES_RECEIVED.unpack_from(info, _BYTES_RECEIVED_AT)[0], unread


def available() -> bool:
    """Whether this kernel answers sock_diag questions (tried on a connection of our own)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        with socket.create_server(("127.0.0.1", 0)) as listener:
            with socket.create_connection(listener.getsockname(), timeout=1) as client:
                accepted, _ = listener.accept()
                with accepted:
                    return far_counters(client.getsockname(), client.getpeername()) is not None
    except OSError:
        return False


def _ask(local, remote) -> tuple[int, int, bytes] | None:
    if not sys.platform.startswith("linux") or not hasattr(socket, "AF_NETLINK"):
        return None
    try:
        sockid = (
            _PORTS.pack(local[1], remote[1])
            + socket.inet_aton(local[0]) + bytes(12)
            + socket.inet_aton(remote[0]) + bytes(12)
            + _TAIL.pack(0, NO_COOKIE, NO_COOKIE)
        )
    except (OSError, TypeError, IndexError):  # not an IPv4 address
        return None
    request = _REQUEST.pack(socket.AF_INET, socket.IPPROTO_TCP, 1 << (INET_DIAG_INFO - 1), 0, ALL_STATES) + sockid
    try:
        with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_SOCK_DIAG) as netlink:
            netlink.settimeout(1.0)
            netlink.send(_HEADER.pack(_HEADER.size + len(request), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, 1, 0) + request)
            data = netlink.recv(65_536)
    except OSError:
        return None
    return _parse(data)


def _parse(data: bytes) -> tuple[int, int, bytes] | None:
    if len(data) < _HEADER.size:
        return None
    length, kind, _, _, _ = _HEADER.unpack_from(data)
    if kind == NLMSG_ERROR or kind != SOCK_DIAG_BY_FAMILY:
        return None  # most often ENOENT: no such socket (any more)
    offset = _HEADER.size
    _, state, _, _ = _MESSAGE_HEAD.unpack_from(data, offset)
    _, unread, _, _, _ = _QUEUES.unpack_from(data, offset + _MESSAGE_HEAD.size + _SOCKID_SIZE)
    at = offset + _MESSAGE_HEAD.size + _SOCKID_SIZE + _QUEUES.size
    while at + _ATTRIBUTE.size <= min(length, len(data)):
        size, kind = _ATTRIBUTE.unpack_from(data, at)
        if size < _ATTRIBUTE.size:
            break
        if kind == INET_DIAG_INFO:
            return state, unread, data[at + _ATTRIBUTE.size : at + size]
        at += (size + 3) & ~3
    return state, unread, b""


# Every socket bound to an address, from /proc/net/tcp ----------------------------------------------

TCP_STATES = {
    "01": "ESTABLISHED", "02": "SYN_SENT", "03": "SYN_RECV", "04": "FIN_WAIT1", "05": "FIN_WAIT2",
    "06": "TIME_WAIT", "07": "CLOSE", "08": "CLOSE_WAIT", "09": "LAST_ACK", "0A": "LISTEN", "0B": "CLOSING",
}
CLOSED_BY_ITS_OWNER = {"FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSING", "LAST_ACK", "CLOSE"}


def states_at(address: tuple[str, int]) -> list[str] | None:
    """The states of every IPv4 TCP socket whose own address is `address` (None where the kernel cannot tell).

    A listener is "LISTEN"; a connection it accepted "ESTABLISHED" or "CLOSE_WAIT" while its owner
    keeps it open, and one of CLOSED_BY_ITS_OWNER once the owner has closed it.
    """
    try:
        with open("/proc/net/tcp", encoding="ascii") as table:
            rows = table.read().splitlines()[1:]
        wanted = "%08X:%04X" % (struct.unpack("=I", socket.inet_aton(address[0]))[0], address[1])
    except (OSError, ValueError):
        return None
    return [TCP_STATES.get(fields[3], fields[3]) for fields in (row.split() for row in rows) if len(fields) > 3 and fields[1] == wanted]
