"""Shared fixtures for the end-to-end tests: the built `haven` binary on a temporary SQLite
file and a free port, with the demo organisation; a real SMTP server; TOTP codes."""
import base64
import hashlib
import hmac
import os
import re
import signal
import socket
import struct
import subprocess
import tempfile
import time

import pytest
import requests

BINARY = os.environ.get("HAVEN_BINARY", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "haven"))
ARTEFACTS = os.environ.get("HAVEN_ARTEFACTS", os.path.join(tempfile.gettempdir(), "haven-artefacts"))
REQUIRE_ALL = os.environ.get("HAVEN_REQUIRE_ALL") == "true"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(secret, at=None):
    key = base64.b32decode(secret + "=" * ((8 - len(secret) % 8) % 8))
    step = int((at or time.time()) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def fresh_totp(secret, used):
    """A code for a time step not used before by this person (Haven refuses replays)."""
    while True:
        step = int(time.time() // 30)
        if used.get(secret) != step:
            used[secret] = step
            return totp(secret)
        time.sleep(0.5)


class Haven:
    def __init__(self, directory, env):
        self.directory = directory
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = open(os.path.join(directory, "server.log"), "ab")
        self.used_steps = {}
        out = self.run("demo").stdout
        self.secrets = dict(re.findall(r"(\S+@demo\.haven\.test)\s+password: \S+\s+TOTP secret: (\S+)", out))
        self.passwords = dict(re.findall(r"(\S+@demo\.haven\.test)\s+password: (\S+)", out))
        assert self.secrets, out

    def run(self, *args, check=True):
        return subprocess.run([BINARY, *args], cwd=self.directory, env=self.env, capture_output=True, text=True, timeout=120, check=check)

    def start(self):
        self.process = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        cwd=self.directory, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("haven serve exited: see " + self.log.name)
            time.sleep(0.2)
        raise RuntimeError("haven serve did not become healthy")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def api_session(self, email, second_factor=True):
        s = requests.Session()
        r = s.post(self.url + "/api/v1/sessions", json={"email": email, "password": self.passwords[email]}, timeout=10)
        assert r.status_code == 201, r.text
        s.headers["Authorization"] = "Bearer " + r.json()["token"]
        if second_factor:
            r = s.post(self.url + "/api/v1/sessions/current/second-factor", json={"code": fresh_totp(self.secrets[email], self.used_steps)}, timeout=10)
            assert r.status_code == 200, r.text
            # The session has a new token once the second factor is passed.
            s.headers["Authorization"] = "Bearer " + r.json()["token"]
        return s


def haven_env(directory, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update({"HAVEN_DATABASE_URL": "sqlite://" + os.path.join(directory, "haven.sqlite"), "HAVEN_BCRYPT_COST": "4", "HAVEN_TESTING": "true",
                "LOG_LEVEL": "info"})
    env.update(extra)
    return env


@pytest.fixture
def haven_factory(tmp_path):
    started = []

    def make(**extra):
        directory = str(tmp_path / f"haven{len(started)}")
        os.makedirs(directory)
        haven = Haven(directory, haven_env(directory, **extra))
        started.append(haven)
        return haven

    yield make
    for haven in started:
        haven.stop()


@pytest.fixture
def haven(haven_factory):
    return haven_factory().start()


@pytest.fixture
def artefacts():
    os.makedirs(ARTEFACTS, exist_ok=True)
    return ARTEFACTS


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping every message it accepts."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
            return "250 Message accepted for delivery"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


class Recorders:
    """Clients recording concerns through the API, each in its own thread, until stopped; keeps
    the id of every concern acknowledged with a 2xx. `url(index, sequence)` picks the server for
    each request and `token(index)` each client's bearer token."""

    def __init__(self, clients, url, token, name, account, timeout=10):
        import threading
        self.acknowledged, self.lock, self.stopping = [], threading.Lock(), threading.Event()
        self.url, self.token, self.name, self.account, self.timeout = url, token, name, account, timeout
        self.threads = [threading.Thread(target=self.client, args=(i,), daemon=True) for i in range(clients)]
        for thread in self.threads:
            thread.start()

    def client(self, index):
        http = requests.Session()
        http.headers.update({"Authorization": self.token(index)})
        sequence = 0
        while not self.stopping.is_set():
            sequence += 1
            try:
                r = http.post(self.url(index, sequence) + "/api/v1/concerns", json={
                    "child": {"name": f"{self.name} {index}-{sequence}"}, "howItArose": "observed",
                    "account": f"{self.account} ({index}-{sequence})"}, timeout=self.timeout)
            except requests.RequestException:
                continue
            if 200 <= r.status_code < 300:
                with self.lock:
                    self.acknowledged.append(r.json()["concernID"])

    def so_far(self):
        with self.lock:
            return set(self.acknowledged)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)
        return self.so_far()
