"""Fencing the learner's process in, on Linux, before any learner code runs.

The checks' side says what to hide (the kit's folders: solutions/, tests/, grader/, its git
history; the learner's own folder, of which the process has a copy) and what may be written
(the scratch folder the process works in). Then, in a mount namespace of the process's own:

- each hidden folder is covered by an empty, read-only one;
- every other mount is made read-only, except the scratch folder;
- as root, folders only root may enter on the way to Python's own files (`/root/.pyenv`) are
  covered by folders that lead only there, and the process becomes a user of its own (uid
  FIRST_UID + its pid, no groups, no way back): it cannot read what only root may read, cannot
  signal the grader or another learner, and RLIMIT_NPROC counts its own processes alone;
- without root, the namespace is made inside a user namespace of its own (where the system
  allows users to make one), and every capability is dropped after: the process is still the
  same user as the grader, so it could signal the grader's processes.

Nothing of this touches the files themselves: the namespace ends with the process. `fence`
returns what it did, in words; on other systems, or where the kernel refuses, it does less
(README, "What grading defends against").
"""

from __future__ import annotations

import ctypes
import os
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_NO_NEW_PRIVS = 38
CAPABILITY_VERSION_3 = 0x20080522
# A mount's own flags, as /proc/self/mountinfo names them: a read-only remount must keep them.
KEPT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": 1 << 10,
              "nodiratime": 1 << 11, "relatime": 1 << 21}
FIRST_UID = 100_000


def fence(options: dict) -> list[str]:
    """Fence this process in as `options` say ({"hide": [...], "writable": [...]}); say what was done."""
    if not sys.platform.startswith("linux"):
        return []
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return []
    calls = _Calls(libc)
    as_root = os.geteuid() == 0
    done: list[str] = []
    try:
        if as_root:
            calls.unshare(CLONE_NEWNS)
        else:
            uid, gid = os.getuid(), os.getgid()
            calls.unshare(CLONE_NEWUSER | CLONE_NEWNS)
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        calls.mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here reaches the grader's view
    except OSError:
        return done
    done.append("a mount namespace of its own")
    writable = [os.path.realpath(p) for p in options.get("writable", ()) if os.path.isdir(p)]
    try:
        if as_root and writable and _open_the_way(calls, _python_folders(), holder=writable[0]):
            done.append("a way to Python's files")
        for folder in (p for p in map(os.path.realpath, options.get("hide", ())) if os.path.isdir(p)):
            calls.mount("none", folder, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0555")
        done.append("the kit's folders hidden")
        for folder in writable:
            calls.mount(folder, folder, None, MS_BIND)
        refused = _read_only_but(calls, writable)
        done.append("read-only but its scratch folder" + (f" (not {', '.join(refused)})" if refused else ""))
    except OSError as exc:
        done.append(f"stopped short: {exc}")
    if as_root:
        uid = FIRST_UID + os.getpid()
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        done.append("a user of its own")
    else:
        calls.drop_capabilities()
        done.append("no capabilities")
    calls.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    return done


class _Calls:
    """The system calls of the fence, raising OSError as os.* functions do."""

    def __init__(self, libc) -> None:
        self.libc = libc

    def _check(self, result: int, what: str) -> None:
        if result != 0:
            number = ctypes.get_errno()
            raise OSError(number, f"{what}: {os.strerror(number)}")

    def unshare(self, flags: int) -> None:
        self._check(self.libc.unshare(flags), "unshare")

    def mount(self, source, target, kind, flags, data=None) -> None:
        encode = (lambda s: s.encode() if isinstance(s, str) else s)
        self._check(self.libc.mount(encode(source), encode(target), encode(kind), ctypes.c_ulong(flags), encode(data)),
                    f"mount {target}")

    def umount(self, target: str) -> None:
        self._check(self.libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")

    def prctl(self, *args: int) -> None:
        self._check(self.libc.prctl(*[ctypes.c_ulong(a) for a in args]), "prctl")

    def drop_capabilities(self) -> None:
        header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
        data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable, twice over: all none
        self._check(self.libc.capset(header, data), "capset")


def _python_folders() -> list[str]:
    """The folders this process reads Python's own files from (its libraries, site-packages)."""
    folders = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    folders.add(os.path.dirname(os.path.realpath(sys.executable)))
    folders.update(os.path.realpath(p) for p in sys.path if p and os.path.isdir(p))
    outermost = sorted(folders)
    return [f for f in outermost if not any(f != o and f.startswith(o.rstrip(os.sep) + os.sep) for o in outermost)]


def _closed_ancestor(path: str) -> str | None:
    """The outermost folder on the way to `path` that others may not enter (mode o-x)."""
    parts = path.strip(os.sep).split(os.sep)
    for depth in range(1, len(parts)):
        folder = os.sep + os.sep.join(parts[:depth])
        try:
            if not os.stat(folder).st_mode & 0o001:
                return folder
        except OSError:
            return None
    return None


def _open_the_way(calls: _Calls, folders: list[str], holder: str) -> list[str]:
    """Cover each closed folder on the way to `folders` by one that leads only to them; return those covered."""
    closed: dict[str, list[str]] = {}
    for folder in folders:
        ancestor = _closed_ancestor(folder)
        if ancestor is not None:
            closed.setdefault(ancestor, []).append(folder)
    for number, (ancestor, inside) in enumerate(sorted(closed.items())):
        held = []
        try:
            for index, folder in enumerate(inside):  # held aside while the cover goes on
                place = os.path.join(holder, f".netlings-way-{number}-{index}")
                os.mkdir(place)
                calls.mount(folder, place, None, MS_BIND | MS_REC)
                held.append((place, folder))
            calls.mount("none", ancestor, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
            for place, folder in held:
                os.makedirs(folder, mode=0o755, exist_ok=True)
                calls.mount(place, folder, None, MS_BIND | MS_REC)
        finally:
            for place, _ in held:
                calls.umount(place)
                os.rmdir(place)
    return sorted(closed)


def _read_only_but(calls: _Calls, writable: list[str]) -> list[str]:
    """Remount every mount read-only, keeping its own flags, except the `writable` ones; return those that refused."""
    refused = []
    for mount_point, options in _mounts():
        if mount_point in writable or "ro" in options:
            continue
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for name in options:
            flags |= KEPT_FLAGS.get(name, 0)
        try:
            calls.mount(None, mount_point, None, flags)
        except OSError:
            refused.append(mount_point)
    return refused


def _mounts() -> list[tuple[str, set[str]]]:
    """(mount point, its own options) of each mount this process sees, outermost first."""
    found = []
    with open("/proc/self/mountinfo") as table:
        for line in table:
            fields = line.split()
            if len(fields) > 5:
                found.append((_unescape(fields[4]), set(fields[5].split(","))))
    return found


def _unescape(text: str) -> str:
    """Mount points escape spaces and the like as octal (\\040)."""
    out, index = [], 0
    while index < len(text):
        if text[index] == "\\" and text[index + 1:index + 4].isdigit():
            out.append(chr(int(text[index + 1:index + 4], 8)))
            index += 4
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)
