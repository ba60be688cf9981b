"""`grade serve`: each peer runs on its own, says where and what, logs what arrives, stops on Ctrl-C.

The servers are started for real, as a learner would (`python -m grader serve NAME`), and
talked to with requests, http.client and plain sockets; usage errors are checked in-process.
"""

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from grader.cli import main
from grader.commands.common import ExitStatus
from mockservers.wsgi import Served
from mockservers.standalone import PEERS

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


class Serving:
    """`grade serve ARGS` in a process of its own; `address` is what it printed."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader", "serve", *args], cwd=ROOT, text=True, encoding="utf-8",
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.head = []
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"grade serve {' '.join(args)} ended early: {self.process.stderr.read()}")
            self.head.append(line)
            found = re.search(r"(?:listening on|delivering to) (?:http://)?127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
                return

    def stop(self, signum=signal.SIGINT) -> tuple[int, str, str]:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        # read through the same streams: communicate() would skip what readline() has buffered
        out, err = self.process.stdout.read(), self.process.stderr.read()
        return self.process.returncode, "".join(self.head) + out, err


@pytest.fixture
def serving():
    started = []

    def start(*args):
        started.append(Serving(*args))
        return started[-1]

    yield start
    for process in started:
        if process.process.poll() is None:
            process.process.kill()
            process.process.wait()


def free_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


# In-process: the list and the usage errors ----------------------------------------------------


def test_grade_serve_alone_lists_every_peer(capsys):
    assert main(["serve"]) == ExitStatus.OK
    listed = capsys.readouterr().out
    for peer in PEERS:
        assert f"  {peer.name} " in listed


@pytest.mark.parametrize("argv, says", [
    (["serve", "nope"], "no peer named 'nope'"),
    (["serve", "users", "--port", "abc"], "a port is a number from 0 to 65535, not 'abc'"),
    (["serve", "users", "--port", "70000"], "not '70000'"),
    (["serve", "webhooks"], "needs to know where to deliver"),
    (["serve", "webhooks", "--url", "ftp://x"], "give an http:// URL"),
    (["serve", "users", "--url", "http://127.0.0.1:1/"], "--url is for the webhook sender"),
])
def test_bad_usage_is_one_line_on_stderr_and_exit_2(capsys, argv, says):
    assert main(argv) == ExitStatus.USAGE
    captured = capsys.readouterr()
    assert captured.out == "" and says in captured.err and captured.err.count("\n") == 1


def test_a_busy_port_is_one_line_on_stderr_and_exit_2(capsys):
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        assert main(["serve", "flaky", "--port", str(taken.getsockname()[1])]) == ExitStatus.USAGE
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert "cannot listen on 127.0.0.1:" in err and "choose another --port" in err and err.count("\n") == 1


# For real: servers in their own process -------------------------------------------------------


def test_users_serves_jsonplaceholder_and_the_users_api_logs_and_stops_on_ctrl_c(serving):
    port = free_port()
    server = serving("users", "--port", str(port))
    assert server.port == port
    post = requests.get(f"{server.url}/posts/1", timeout=5)
    assert post.status_code == 200 and post.json()["id"] == 1 and set(post.json()) == {"userId", "id", "title", "body"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/api/users/1", headers={"Authorization": "Bearer netlings-token"})
    answer = connection.getresponse()
    assert answer.status == 200 and json.loads(answer.read())["id"] == 1
    connection.close()
    journal = requests.get(f"{server.url}/__journal", timeout=5).json()
    assert [(e["method"], e["path"]) for e in journal] == [("GET", "/posts/1"), ("GET", "/api/users/1")]
    assert journal[1]["headers"]["Authorization"] == "Bearer netlings-token"
    time.sleep(0.1)  # the log lines of the last request
    status, out, err = server.stop()
    assert status == ExitStatus.INTERRUPTED and err == "" and "Traceback" not in out
    assert "curl -s" in out and "#1 GET /posts/1" in out and "#2 → 200 OK" in out and out.rstrip().endswith("stopped")


def test_flaky_answers_503_503_then_200(serving):
    server = serving("flaky")
    statuses = [requests.get(f"{server.url}/orders/1", timeout=5).status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 503]
    status, _, err = server.stop(signal.SIGTERM)
    assert status == ExitStatus.INTERRUPTED and err == ""


def test_slow_stalls_and_still_stops_at_once(serving):
    server = serving("slow")
    with pytest.raises(requests.Timeout):
        requests.get(f"{server.url}/users/1", timeout=0.3)
    started = time.monotonic()
    status, out, err = server.stop()
    assert status == ExitStatus.INTERRUPTED and time.monotonic() - started < 3 and err == ""
    assert "waited 5 s before answering" in out


def test_a_tcp_peer_plays_its_script_to_each_connection(serving):
    server = serving("exercise-1", "--seed", "3")
    received = []
    for _ in range(2):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            received.append(b"".join(iter(lambda: sock.recv(65536), b"")))
    assert received[0] == received[1] and received[0].decode() == "héllo wörld · naïve café ✓\n"
    time.sleep(0.2)  # the watcher logs each ended connection
    status, out, err = server.stop()
    assert status == ExitStatus.INTERRUPTED and err == ""
    assert "seed 3" in out and "#2 connection from 127.0.0.1:" in out and "nc 127.0.0.1" in out


def test_the_webhook_sender_delivers_the_scenario_to_a_running_app():
    from flask import Flask

    spec = __import__("importlib.util").util.spec_from_file_location("reference_webhooks", ROOT / "solutions" / "ex13_webhooks.py")
    module = __import__("importlib.util").util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app: Flask = module.create_app(b"netlings-webhook-secret")
    with Served(app) as served:
        result = subprocess.run([sys.executable, "-m", "grader", "serve", "webhooks", "--url",
                                 served.url + "/webhooks/payments"], cwd=ROOT, capture_output=True, text=True,
                                encoding="utf-8", timeout=30)
    assert result.returncode == ExitStatus.OK and result.stderr == ""
    assert "✓  1. a delivery signed with the secret: 200 processed" in result.stdout
    assert "14 of 14 deliveries answered as the contract says" in result.stdout
