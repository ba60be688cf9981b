"""Calls across the channel, both ways, from any thread, nested as deep as the code goes.

Either end may ask the other to call something (`request`); the asking thread waits for the
answer, and while it waits it serves whatever the other end asks of it in the meantime (a
learner's function calls back the kit's `sleep`, which could call learner code again). A
request names the request it is part of (`in`), so nested requests reach the thread that waits
for it; any other request is served where `dispatch` says: on the checks' side in a thread of
its own (learner threads call the kit's callbacks whenever they like), on the learner's side
in its main thread, one call at a time, as a plain in-process call would be.

Handles: an object that crosses as `{"$obj": n}` keeps its handle (and its one `Remote` at the
other end) for as long as it is in its end's table, so `server.__enter__() is server` holds
there too. It stays until the other end drops its Remote; a drop rides along with the next
message and says how many times the handle had arrived, so a handle that is on its way again
meanwhile is not forgotten.
"""

from __future__ import annotations

import itertools
import os
import queue
import threading
import weakref
from typing import Any, Callable

from . import wire
from .codec import Codec, Side

BUILTINS = {"repr": repr, "str": str, "bool": bool, "iter": iter, "next": next, "len": len}
MAX_METHODS = 200  # names told with a handle, so calling them costs one round trip, not two


class Gone(BaseException):
    """The other end is gone (it ended, crashed or broke the channel); `why` says how, in words."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class Endpoint:
    """One end of the channel. `policy(obj, op, attr)` may refuse what the other end asks (raise)."""

    def __init__(self, channel: wire.Channel, side: Side, *, serve_unnested: Callable[[tuple], None] | None = None,
                 policy: Callable[[Any, str, str | None], None] | None = None) -> None:
        self.channel = channel
        self.codec = Codec(side, self._export, self._resolve, self._remote, _handle_of)
        self.policy = policy or (lambda obj, op, attr: None)
        self.serve_unnested = serve_unnested or self._serve_in_thread
        self.after_call: Callable[[], None] = lambda: None  # run after each unnested request is served
        self.gone: str | None = None
        self.abandoned = False  # a request of ours was given up on (the check's time ran out) before its answer
        self.on_gone: Callable[[str], str | None] = lambda why: None
        self.on_abandon: Callable[[], None] = lambda: None  # run when a request of ours is given up on
        self._ids = itertools.count(1)
        self._pending: dict[int, queue.SimpleQueue] = {}
        self._exported: dict[int, Any] = {}
        self._handle_of: dict[int, int] = {}  # id(obj): its handle, while it is exported
        self._sent: dict[int, int] = {}  # handle: how many times it was sent
        self._handles = itertools.count(1)
        self._remotes: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        self._dropped: list[int] = []  # handles of the other end's objects we no longer hold
        self._serving = threading.local()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="netlings-channel", daemon=True)

    def start(self) -> None:
        self._reader.start()

    # Asking --------------------------------------------------------------------------------

    def request(self, op: str, target: int, attr: str | None = None, args: tuple = (), kwargs: dict | None = None) -> Any:
        if self.gone is not None:
            raise Gone(self.gone)
        rid = next(self._ids)
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._pending[rid] = inbox
        fds: list[int] = []
        try:
            message = {
                "op": op, "id": rid, "in": self._current(), "target": target, "attr": attr,
                "args": self.codec.encode(list(args), fds),
                "kwargs": self.codec.encode(dict(kwargs or {}), fds),
            }
            self._send(message, fds)
            while True:
                try:
                    item = inbox.get()
                except BaseException:  # the check's timer, mostly: the other end is still busy with it
                    self.abandoned = True
                    self.on_abandon()
                    raise
                if isinstance(item, Gone):
                    raise Gone(item.why)
                kind, value = item
                if kind == "value":
                    return value
                if kind == "raised":
                    raise value
                self._serve(value)  # a request nested in ours
        finally:
            self._pending.pop(rid, None)
            _close_all(fds)

    def export(self, obj: Any) -> dict:
        return self._export(obj)

    # Serving -------------------------------------------------------------------------------

    def serve_forever(self, inbox: queue.SimpleQueue) -> None:
        """Serve the requests put in `inbox` (the learner's main thread); return once the channel is gone."""
        while True:
            item = inbox.get()
            if isinstance(item, Gone):
                return
            self._serve(item)
            self.after_call()

    def _serve(self, request: tuple) -> None:
        rid, op, obj, attr, args, kwargs = request
        stack = self._stack()
        stack.append(rid)
        fds: list[int] = []
        try:
            try:
                self.policy(obj, op, attr)
                value = _perform(op, obj, attr, args, kwargs)
                reply = {"op": "reply", "id": rid, "value": self.codec.encode(value, fds)}
            except BaseException as exc:  # noqa: BLE001 - everything the call does goes back to the asker
                fds.clear()
                # Held here until the asker lets go of its copy: the exception's frames keep what
                # the code had open when it raised, as they would in one process.
                reply = {"op": "reply", "id": rid, "raised": self.codec.encode_exception(exc, fds),
                         "held": self._export(exc)}
            finally:
                stack.pop()
            if self.gone is None:
                self._send(reply, fds)
        except (OSError, wire.Closed):
            pass
        finally:
            _close_all(fds)

    def _serve_in_thread(self, request: tuple) -> None:
        threading.Thread(target=self._serve, args=(request,), name="netlings-callback", daemon=True).start()

    # Reading -------------------------------------------------------------------------------

    def _read(self) -> None:
        why = "the channel closed"
        try:
            while True:
                message, fds = self.channel.receive()
                try:
                    self._take(message, fds)
                finally:
                    _close_all(fds)
        except wire.Closed:
            why = "closed"
        except wire.Garbled as exc:
            why = f"garbled: {exc}"
        except (ValueError, TypeError, KeyError) as exc:
            why = f"garbled: {type(exc).__name__}: {exc}"
        except OSError as exc:
            why = f"broken: {exc}"
        self._end(why)

    def _take(self, message: dict, fds: list[int]) -> None:
        op = message.get("op")
        rid = message.get("id")
        if type(rid) is not int:
            raise ValueError("a message without an id")
        for handle, seen in message.get("drop") or ():  # first: the request may look at what is let go
            self._forget(handle, seen)
        if op == "reply":
            inbox = self._pending.get(rid)
            if "raised" in message:
                exc = self.codec.decode_exception(message["raised"], fds)
                if type(message.get("held")) is dict:
                    exc.__netlings_held__ = self._remote(message["held"])
                item = ("raised", exc)
            else:
                item = ("value", self.codec.decode(message.get("value"), fds))
            if inbox is not None:
                inbox.put(item)
        elif op in ("call", "get", "set", "builtin"):
            target = message.get("target")
            obj = self._resolve(target if type(target) is int else -1)
            attr = message.get("attr")
            if attr is not None and type(attr) is not str:
                raise ValueError("an attribute name that is not text")
            args = self.codec.decode(message.get("args"), fds)
            kwargs = self.codec.decode(message.get("kwargs"), fds)
            if type(args) is not list or type(kwargs) is not dict or not all(type(k) is str for k in kwargs):
                raise ValueError("arguments that are not a list and a dict")
            request = (rid, op, obj, attr, args, kwargs)
            inbox = self._pending.get(message.get("in")) if type(message.get("in")) is int else None
            if inbox is not None:
                inbox.put(("request", request))
            else:
                self.serve_unnested(request)
        else:
            raise ValueError(f"an unknown operation {op!r}")

    def _end(self, why: str) -> None:
        why = self.on_gone(why) or why
        self.gone = why
        for inbox in list(self._pending.values()):
            inbox.put(Gone(why))

    # Handles -------------------------------------------------------------------------------

    def _export(self, obj: Any) -> dict:
        with self._lock:
            handle = self._handle_of.get(id(obj))
            if handle is None:
                handle = next(self._handles)
                self._exported[handle], self._handle_of[id(obj)] = obj, handle
            self._sent[handle] = self._sent.get(handle, 0) + 1
        cls = type(obj)
        methods = [name for name in dir(cls) if not name.startswith("_") and callable(getattr(cls, name, None))]
        info = {"$obj": handle, "cls": cls.__name__, "methods": methods[:MAX_METHODS]}
        name = getattr(obj, "__name__", None) if isinstance(obj, type) or callable(obj) else None
        if isinstance(name, str):
            info["name"] = name
        return info

    def _forget(self, handle: int, seen: int) -> None:
        with self._lock:
            left = self._sent.get(handle, 0) - seen
            if left > 0:
                self._sent[handle] = left
                return
            obj = self._exported.pop(handle, None)
            self._sent.pop(handle, None)
            if obj is not None:
                self._handle_of.pop(id(obj), None)

    def _resolve(self, handle: int) -> Any:
        if handle == 0:
            return self.root
        try:
            return self._exported[handle]
        except KeyError:
            raise ValueError(f"no object has the handle {handle}") from None

    root: Any = None  # what handle 0 names: the learner's module, on the learner's side

    def _remote(self, info: dict) -> Remote:
        handle = info["$obj"]
        if type(handle) is not int:
            raise ValueError("a handle that is not a number")
        with self._lock:
            remote = self._remotes.get(handle)
            if remote is not None:
                object.__getattribute__(remote, "_netlings_seen")[0] += 1
                return remote
            cls = _remote_class(str(info.get("cls", "object"))[:100])
            remote = cls.__new__(cls)
            methods = info.get("methods")
            object.__setattr__(remote, "_netlings_at", (self, handle, frozenset(m for m in methods or () if type(m) is str)))
            seen = [1]
            object.__setattr__(remote, "_netlings_seen", seen)
            if isinstance(info.get("name"), str):
                object.__setattr__(remote, "__name__", info["name"])
            self._remotes[handle] = remote
        weakref.finalize(remote, self._dropped.append, (handle, seen))
        return remote

    # Plumbing ------------------------------------------------------------------------------

    def _send(self, message: dict, fds: list[int]) -> None:
        if self._dropped:
            dropped = []
            while self._dropped:
                dropped.append(self._dropped.pop())
            message["drop"] = [[handle, seen[0]] for handle, seen in dropped]
        try:
            self.channel.send(message, fds)
        except OSError as exc:
            raise Gone(self.gone or f"the channel broke ({exc})") from None

    def _current(self) -> int | None:
        stack = self._stack()
        return stack[-1] if stack else None

    def _stack(self) -> list:
        if not hasattr(self._serving, "stack"):
            self._serving.stack = []
        return self._serving.stack


def _perform(op: str, obj: Any, attr: str | None, args: list, kwargs: dict) -> Any:
    if op == "get":
        return getattr(obj, attr)
    if op == "set":
        setattr(obj, attr, args[0])
        return None
    if op == "builtin":
        return BUILTINS[attr](obj, *args)
    return (getattr(obj, attr) if attr is not None else obj)(*args, **kwargs)


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


# The other end's objects, here --------------------------------------------------------------


class Remote:
    """An object that lives at the other end; using it asks there."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__") or name.startswith("_netlings"):
            raise AttributeError(name)
        endpoint, handle, methods = object.__getattribute__(self, "_netlings_at")
        if name in methods:
            return RemoteMethod(self, name)
        return endpoint.request("get", handle, name)

    def __setattr__(self, name: str, value: Any) -> None:
        endpoint, handle, _ = object.__getattribute__(self, "_netlings_at")
        endpoint.request("set", handle, name, (value,))

    def _ask(self, op: str, attr: str | None, *args: Any, **kwargs: Any) -> Any:
        endpoint, handle, _ = object.__getattribute__(self, "_netlings_at")
        return endpoint.request(op, handle, attr, args, kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._ask("call", None, *args, **kwargs)

    def __iter__(self):
        return self._ask("builtin", "iter")

    def __next__(self):
        return self._ask("builtin", "next")

    def __len__(self) -> int:
        return self._ask("builtin", "len")

    def __bool__(self) -> bool:
        return self._ask("builtin", "bool")

    def __repr__(self) -> str:
        try:
            return self._ask("builtin", "repr")
        except BaseException:  # noqa: BLE001 - a repr must not fail a message
            return f"<{type(self).__name__} object>"

    def __str__(self) -> str:
        return self._ask("builtin", "str")

    def __getitem__(self, key: Any) -> Any:
        return self._ask("call", "__getitem__", key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._ask("call", "__setitem__", key, value)

    def __contains__(self, key: Any) -> bool:
        return self._ask("call", "__contains__", key)

    def __enter__(self):
        return self._ask("call", "__enter__")

    def __exit__(self, *exc_info):
        return self._ask("call", "__exit__", None, None, None)

    __hash__ = object.__hash__


class RemoteMethod:
    """`reader.readline` of a Remote reader: one round trip per call."""

    def __init__(self, owner: Remote, name: str) -> None:
        self.__self__ = owner
        self.__name__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__self__._ask("call", self.__name__, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<method {self.__name__} of {type(self.__self__).__name__}>"


_REMOTE_CLASSES: dict[str, type] = {}


def _remote_class(name: str) -> type:
    """A subclass of Remote named like the remote object's class, so messages name it as before."""
    if name not in _REMOTE_CLASSES:
        _REMOTE_CLASSES[name] = type(name if name.isidentifier() else "Remote", (Remote,), {})
    return _REMOTE_CLASSES[name]


def _handle_of(value: Any) -> int | None:
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_netlings_at")[1]
    return None
