"""A thread per client, and an accept loop blocked in accept(): stop() closes the listener from another
thread, which does not wake that accept(), so the port goes on accepting connections."""

import queue
import socket
import threading

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import NAME

CAUGHT_BY = "a thread blocked in accept()"


class _Client:
    def __init__(self, server, sock):
        self.server, self.sock, self.name = server, sock, None
        self.outbox = queue.Queue()
        threading.Thread(target=self.send_loop, daemon=True).start()
        threading.Thread(target=self.read_loop, daemon=True).start()

    def send(self, line):
        self.outbox.put(line.encode() + b"\n")

    def send_loop(self):
        while (data := self.outbox.get()) is not None:
            try:
                self.sock.sendall(data)
            except OSError:
                break
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def read_loop(self):
        buffer = b""
        try:
            while chunk := self.sock.recv(65536):
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if len(line) > self.server.max_line or not self.server.handle(self, line.removesuffix(b"\r").decode("utf-8", "replace")):
                        if len(line) > self.server.max_line:
                            self.send("ERR line too long")
                        return self.server.leave(self)
                if len(buffer) > self.server.max_line:
                    self.send("ERR line too long")
                    return self.server.leave(self)
        except OSError:
            pass
        self.server.leave(self)

    def close(self):
        self.outbox.put(None)  # the sender thread closes the socket once the rest is sent


class ChatServer:
    def __init__(self, host="127.0.0.1", port=0, max_line=1024):
        self.host, self.port, self.max_line = host, port, max_line
        self.address = None
        self.lock = threading.Lock()
        self.clients = []

    def start(self):
        self.listener = socket.create_server((self.host, self.port))
        self.address = self.listener.getsockname()
        self.running = True
        threading.Thread(target=self.accept_loop, daemon=True).start()
        return self.address

    def accept_loop(self):
        while self.running:
            try:
                sock, _ = self.listener.accept()  # the mistake: blocks, and stop() cannot wake it
            except OSError:
                return
            with self.lock:
                self.clients.append(_Client(self, sock))

    def stop(self):
        self.running = False
        self.listener.close()
        with self.lock:
            for client in self.clients:
                client.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def others(self, client):
        with self.lock:
            return [c for c in self.clients if c is not client and c.name is not None]

    def leave(self, client):
        with self.lock:
            if client not in self.clients:
                return
            self.clients.remove(client)
        client.close()
        if client.name is not None:
            for other in self.others(client):
                other.send(f"* {client.name} left")

    def handle(self, client, line):
        command, space, argument = line.partition(" ")
        if command == "QUIT" and not space:
            return False
        if command == "NICK" and client.name is None:
            with self.lock:
                taken = any(c.name == argument for c in self.clients)
                if NAME.fullmatch(argument) and not taken:
                    client.name = argument
            if not NAME.fullmatch(argument):
                client.send("ERR bad name")
            elif client.name != argument:
                client.send("ERR name taken")
            else:
                client.send("OK")
                for other in self.others(client):
                    other.send(f"* {argument} joined")
        elif client.name is None:
            client.send("ERR say NICK first")
        elif command == "NICK":
            client.send("ERR already named")
        elif command == "MSG" and space:
            for other in self.others(client):
                other.send(f"{client.name}: {argument}")
        elif command == "WHO" and not space:
            with self.lock:
                names = sorted(c.name for c in self.clients if c.name is not None)
            client.send("USERS " + ",".join(names))
        else:
            client.send("ERR unknown command")
        return True
