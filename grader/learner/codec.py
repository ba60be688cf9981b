"""Values across the channel: plain data as data, sockets as descriptors, the rest by handle.

    None, bool, int, float, str          as themselves
    bytes, bytearray                     {"$b": base64} / {"$ba": base64}
    list, tuple, dict, set, frozenset    {"$l": [...]} ... (dict keys may be any value)
    a socket                             {"$sock": index of its descriptor, "timeout", "stingy"}
    an instance of a given class         {"$given": "Reading", "items": [...]} or "fields"
    an exception                         {"$exc": class ancestry, args, attributes, frames, cause}
    anything else                        {"$obj": handle, "cls": "LineReader", ...}: it stays
                                         where it lives; the other side gets a `Remote` of it,
                                         and passing that back gives {"$yours": handle}

Decoding never builds anything but these: a given class is looked up by name among the
exercise's given names (on the checks' side, in the kit's pristine copy of the module); an
exception class among the exercise's given classes and a short list of modules (builtins,
socket, json, requests ...). Any other exception class becomes a subclass, of that name, of
the nearest class that could be looked up, and keeps the learner's message.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import os
import socket
import sys
import traceback
from typing import Any, Callable

EXCEPTION_MODULES = (
    "builtins", "socket", "json", "json.decoder", "struct", "http.client", "ssl", "urllib.error",
    "requests.exceptions", "urllib3.exceptions", "werkzeug.exceptions",
)
MAX_DEPTH = 60  # nesting of a value, past which it crosses as a handle
MAX_CHAIN = 8  # causes and contexts of an exception that cross with it


class Side:
    """What differs between the two ends: where given classes come from, where learner files are."""

    def __init__(self, given: dict[str, Any], module_name: str, learner_root: str | None) -> None:
        self.given = given  # name: class or constant, of this side's copy of the module
        self.module_name = module_name  # the exercise module's name (ex03_lines)
        self.learner_root = learner_root  # this side's folder of learner files

    def given_name(self, value: Any) -> str | None:
        cls = type(value)
        name = cls.__name__
        return name if self.given.get(name) is cls and isinstance(cls, type) else None


class Codec:
    """Encodes and decodes for one end; `export` and `remote` make and resolve handles."""

    def __init__(self, side: Side, export: Callable[[Any], dict], resolve: Callable[[int], Any],
                 remote: Callable[[dict], Any], is_remote: Callable[[Any], int | None]) -> None:
        self.side = side
        self.export, self.resolve, self.remote, self.is_remote = export, resolve, remote, is_remote
        self._synthetic: dict[tuple, type] = {}

    # Encoding ------------------------------------------------------------------------------

    def encode(self, value: Any, fds: list[int], depth: int = 0) -> Any:
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if kind is bytes:
            return {"$b": base64.b64encode(value).decode("ascii")}
        if kind is bytearray:
            return {"$ba": base64.b64encode(bytes(value)).decode("ascii")}
        handle = self.is_remote(value)
        if handle is not None:
            return {"$yours": handle}
        if depth > MAX_DEPTH:
            return self.export(value)
        if kind in (list, tuple, set, frozenset):
            tag = {list: "$l", tuple: "$t", set: "$set", frozenset: "$fs"}[kind]
            return {tag: [self.encode(item, fds, depth + 1) for item in value]}
        if kind is dict:
            return {"$d": [[self.encode(k, fds, depth + 1), self.encode(v, fds, depth + 1)] for k, v in value.items()]}
        if isinstance(value, socket.socket) and value.fileno() >= 0:
            fds.append(os.dup(value.fileno()))
            return {"$sock": len(fds) - 1, "timeout": value.gettimeout(),
                    "stingy": getattr(value, "send_limit", None) if _is_stingy(value) else None}
        if isinstance(value, BaseException):
            return self.encode_exception(value, fds)
        name = self.side.given_name(value)
        if name is not None:
            return self._encode_given(name, value, fds, depth)
        return self.export(value)

    def _encode_given(self, name: str, value: Any, fds: list[int], depth: int) -> dict:
        if isinstance(value, tuple):
            return {"$given": name, "items": [self.encode(item, fds, depth + 1) for item in value]}
        if dataclasses.is_dataclass(value):
            fields = [[f.name, self.encode(getattr(value, f.name), fds, depth + 1)] for f in dataclasses.fields(value)]
            return {"$given": name, "fields": fields}
        return self.export(value)

    def encode_exception(self, exc: BaseException, fds: list[int], chain: int = 0) -> dict:
        ancestry = [[self.side.module_name if self.side.given.get(c.__name__) is c else c.__module__, c.__qualname__]
                    for c in type(exc).__mro__ if c is not object]  # a given class is the exercise's, wherever it was written
        try:
            text = str(exc)
        except Exception:  # noqa: BLE001 - a __str__ that fails: the class name says enough
            text = ""
        attributes = []
        for key, value in list(getattr(exc, "__dict__", {}).items())[:20]:
            if not key.startswith("__"):
                attributes.append([key, self._plain_or_none(value, fds)])
        encoded = {
            "$exc": ancestry, "args": [self._plain_or_none(a, fds) for a in exc.args[:10]], "str": text,
            "attrs": attributes, "frames": self._frames(exc), "suppress": bool(exc.__suppress_context__),
            "cause": None, "context": None,
        }
        if chain < MAX_CHAIN:
            for link in ("cause", "context"):
                linked = getattr(exc, f"__{link}__")
                if isinstance(linked, BaseException):
                    encoded[link] = self.encode_exception(linked, fds, chain + 1)
        return encoded

    def _plain_or_none(self, value: Any, fds: list[int]) -> Any:
        """An exception's argument or attribute (a handle for what is not data: a response kept)."""
        try:
            return self.encode(value, fds, MAX_DEPTH - 3)
        except Exception:  # noqa: BLE001 - what cannot be sent is not there
            return None

    def _frames(self, exc: BaseException) -> list:
        root = self.side.learner_root
        if root is None or exc.__traceback__ is None:
            return []
        frames = []
        for frame in traceback.extract_tb(exc.__traceback__):
            path = os.path.realpath(frame.filename)
            if path.startswith(root + os.sep):
                frames.append([os.path.relpath(path, root), frame.lineno, frame.name, frame.line or ""])
        return frames[-20:]

    # Decoding ------------------------------------------------------------------------------

    def decode(self, data: Any, fds: list[int]) -> Any:
        if data is None or type(data) in (bool, int, float, str):
            return data
        if type(data) is list:  # never sent: every container is tagged
            raise ValueError("an untagged list")
        if type(data) is not dict or len(data) == 0:
            raise ValueError(f"not a value: {str(data)[:60]}")
        if "$b" in data:
            return base64.b64decode(data["$b"], validate=True)
        if "$ba" in data:
            return bytearray(base64.b64decode(data["$ba"], validate=True))
        for tag, kind in (("$l", list), ("$t", tuple), ("$set", set), ("$fs", frozenset)):
            if tag in data:
                return kind(self.decode(item, fds) for item in _list(data[tag]))
        if "$d" in data:
            return {self.decode(k, fds): self.decode(v, fds) for k, v in (_pair(p) for p in _list(data["$d"]))}
        if "$sock" in data:
            return self._socket(data, fds)
        if "$exc" in data:
            return self.decode_exception(data, fds)
        if "$given" in data:
            return self._given(data, fds)
        if "$yours" in data:
            return self.resolve(_int(data["$yours"]))
        if "$obj" in data:
            return self.remote(data)
        raise ValueError(f"an unknown tag in {sorted(data)[:3]}")

    def _socket(self, data: dict, fds: list[int]) -> socket.socket:
        index = _int(data["$sock"])
        if not 0 <= index < len(fds):
            raise ValueError("a socket without its descriptor")
        fd, fds[index] = fds[index], -1  # taken: the caller closes what is left
        stingy = data.get("stingy")
        if stingy is not None:
            from mockservers.sockets import StingySocket

            sock = StingySocket(fileno=fd)
            sock.send_limit = _int(stingy)
        else:
            sock = socket.socket(fileno=fd)
        timeout = data.get("timeout")
        sock.settimeout(float(timeout) if type(timeout) in (int, float) and timeout >= 0 else None)
        return sock

    def _given(self, data: dict, fds: list[int]) -> Any:
        name = data["$given"]
        cls = self.side.given.get(name) if isinstance(name, str) else None
        if not isinstance(cls, type):
            raise ValueError(f"{name!r} is not a given class")
        if "items" in data:
            return cls(*[self.decode(item, fds) for item in _list(data["items"])])
        instance = object.__new__(cls)
        for field, value in (_pair(p) for p in _list(data.get("fields"))):
            object.__setattr__(instance, str(field), self.decode(value, fds))
        return instance

    def decode_exception(self, data: dict, fds: list[int], chain: int = 0) -> BaseException:
        ancestry = [tuple(map(str, _pair(entry))) for entry in _list(data["$exc"])]
        cls = self._exception_class(ancestry)
        args = tuple(self.decode(a, fds) for a in _list(data.get("args")))
        exc = None
        if getattr(cls, "__module__", "") in ("builtins", *EXCEPTION_MODULES[1:]) and cls is not getattr(cls, "_netlings_synthetic", None):
            try:
                exc = cls(*args)
            except Exception:  # noqa: BLE001 - built some other way: by its arguments alone
                exc = None
        if exc is None:
            exc = cls.__new__(cls)
            exc.args = args
        if getattr(cls, "_netlings_synthetic", None) is cls:
            exc._netlings_str = str(data.get("str", ""))
        for key, value in (_pair(p) for p in _list(data.get("attrs"))):
            try:
                setattr(exc, str(key), self.decode(value, fds))
            except Exception:  # noqa: BLE001 - a read-only attribute: the message still says it
                pass
        root = self.side.learner_root or ""
        exc.__netlings_frames__ = [
            traceback.FrameSummary(os.path.join(root, str(f[0])), int(f[1]), str(f[2]), line=str(f[3]))
            for f in _list(data.get("frames")) if isinstance(f, list) and len(f) == 4
        ]
        exc.__suppress_context__ = bool(data.get("suppress"))
        if chain < MAX_CHAIN:
            if data.get("cause"):
                exc.__cause__ = self.decode_exception(data["cause"], fds, chain + 1)
            if data.get("context"):
                exc.__context__ = self.decode_exception(data["context"], fds, chain + 1)
        return exc

    def _exception_class(self, ancestry: list[tuple[str, str]]) -> type:
        for depth, (module, qualname) in enumerate(ancestry):
            found = self._known_exception(module, qualname)
            if found is None:
                continue
            if depth == 0:
                return found
            key = (ancestry[0], found)
            if key not in self._synthetic:
                self._synthetic[key] = _synthetic_class(ancestry[0], found)
            return self._synthetic[key]
        return _synthetic_class(ancestry[0] if ancestry else ("builtins", "Exception"), Exception)

    def _known_exception(self, module: str, qualname: str) -> type | None:
        if module == self.side.module_name:
            found = self.side.given.get(qualname)
        elif module in EXCEPTION_MODULES:
            loaded = sys.modules.get(module)
            if loaded is None and module in ("json.decoder", "http.client", "urllib.error", "struct", "json"):
                loaded = importlib.import_module(module)
            found = getattr(loaded, qualname, None) if loaded is not None else None
        else:
            return None
        return found if isinstance(found, type) and issubclass(found, BaseException) else None


def _synthetic_class(origin: tuple[str, str], base: type) -> type:
    """A stand-in for a class that cannot be looked up: its name, the nearest known base, its message."""

    def __str__(self) -> str:
        return self.__dict__.get("_netlings_str", base.__str__(self))

    cls = type(origin[1].rpartition(".")[2] or "Exception", (base,), {"__str__": __str__, "__module__": origin[0]})
    cls._netlings_synthetic = cls
    return cls


def _is_stingy(sock: socket.socket) -> bool:
    return type(sock).__name__ == "StingySocket"


def _list(value: Any) -> list:
    if value is None:
        return []
    if type(value) is not list:
        raise ValueError("expected a list")
    return value


def _pair(value: Any) -> list:
    if type(value) is not list or len(value) != 2:
        raise ValueError("expected a pair")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("expected an integer")
    return value
