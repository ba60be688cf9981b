"""A thread per client, and a broadcast that calls sendall() to each receiver in turn, holding the lock:
one client that stops reading blocks the sender's thread, and every other thread waits for the lock."""

import socket
import threading

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import NAME

CAUGHT_BY = "a client that stops reading must not hold up the others"


class ChatServer:
    def __init__(self, host="127.0.0.1", port=0, max_line=1024):
        self.host, self.port, self.max_line = host, port, max_line
        self.address = None
        self.lock = threading.Lock()
        self.names = {}  # socket: name, or None before NICK
        self.running = False

    def start(self):
        self.listener = socket.create_server((self.host, self.port))
        self.listener.settimeout(0.05)
        self.address = self.listener.getsockname()
        self.running = True
        self.thread = threading.Thread(target=self.accept_loop, daemon=True)
        self.thread.start()
        return self.address

    def accept_loop(self):
        while self.running:
            try:
                sock, _ = self.listener.accept()
            except TimeoutError:
                continue
            sock.settimeout(None)
            with self.lock:
                self.names[sock] = None
            threading.Thread(target=self.serve, args=(sock,), daemon=True).start()
        self.listener.close()

    def stop(self):
        self.running = False
        self.thread.join(1)
        with self.lock:
            for sock in self.names:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def send(self, sock, line):
        try:
            sock.sendall(line.encode() + b"\n")
        except OSError:
            pass

    def broadcast(self, line, but):
        with self.lock:  # the mistake: sendall() to everyone, in turn, with the lock held
            for sock, name in self.names.items():
                if sock is not but and name is not None:
                    self.send(sock, line)

    def serve(self, sock):
        buffer = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if len(line) > self.max_line:
                        self.send(sock, "ERR line too long")
                        return
                    if not self.handle(sock, line.removesuffix(b"\r").decode("utf-8", "replace")):
                        return
                if len(buffer) > self.max_line:
                    self.send(sock, "ERR line too long")
                    return
        except OSError:
            pass
        finally:
            with self.lock:
                name = self.names.pop(sock, None)
            sock.close()
            if name is not None:
                self.broadcast(f"* {name} left", but=sock)

    def handle(self, sock, line):
        command, space, argument = line.partition(" ")
        name = self.names.get(sock)
        if command == "QUIT" and not space:
            return False
        if command == "NICK" and name is None:
            if not NAME.fullmatch(argument):
                self.send(sock, "ERR bad name")
            elif argument in self.names.values():
                self.send(sock, "ERR name taken")
            else:
                with self.lock:
                    self.names[sock] = argument
                self.send(sock, "OK")
                self.broadcast(f"* {argument} joined", but=sock)
        elif name is None:
            self.send(sock, "ERR say NICK first")
        elif command == "NICK":
            self.send(sock, "ERR already named")
        elif command == "MSG" and space:
            self.broadcast(f"{name}: {argument}", but=sock)
        elif command == "WHO" and not space:
            with self.lock:
                names = sorted(n for n in self.names.values() if n is not None)
            self.send(sock, "USERS " + ",".join(names))
        else:
            self.send(sock, "ERR unknown command")
        return True
