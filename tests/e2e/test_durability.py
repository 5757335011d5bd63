"""N1: the server is killed with SIGKILL while 32 clients submit concerns. After a restart every
concern that got a 2xx is present, and the audit chain verifies."""
import sqlite3
import threading
import time

import requests

CLIENTS = 32
MIN_ACKNOWLEDGED_BEFORE_KILL = 200


def test_sigkill_loses_no_acknowledged_concern(haven_factory):
    # One volunteer's 32 clients record far faster than anyone does by hand: the limit is raised.
    haven = haven_factory(HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES="1000000").start()
    tokens = []
    for _ in range(CLIENTS):
        session = haven.api_session("volunteer@demo.haven.test", second_factor=False)
        tokens.append(session.headers["Authorization"])
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def client(index, token):
        http = requests.Session()
        http.headers.update({"Authorization": token})
        sequence = 0
        while not stop.is_set():
            sequence += 1
            try:
                r = http.post(haven.url + "/api/v1/concerns", json={
                    "child": {"name": f"Durable {index}-{sequence}"}, "howItArose": "observed",
                    "account": f"Client {index} concern {sequence}: seen with bruises on arrival."}, timeout=5)
            except requests.RequestException:
                continue
            if 200 <= r.status_code < 300:
                with lock:
                    acknowledged.append(r.json()["concernID"])

    threads = [threading.Thread(target=client, args=(i, t), daemon=True) for i, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    deadline = time.time() + 60
    while time.time() < deadline:
        with lock:
            if len(acknowledged) >= MIN_ACKNOWLEDGED_BEFORE_KILL:
                break
        time.sleep(0.05)
    haven.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    with lock:
        acked = set(acknowledged)
    assert len(acked) >= MIN_ACKNOWLEDGED_BEFORE_KILL, f"only {len(acked)} concerns acknowledged before the kill"

    haven.start()
    assert requests.get(haven.url + "/healthz", timeout=5).status_code == 200
    db = sqlite3.connect(haven.env["HAVEN_DATABASE_URL"][len("sqlite://"):])
    stored = {row[0] for row in db.execute("SELECT id FROM concerns")}
    db.close()
    missing = acked - stored
    assert not missing, f"{len(missing)} acknowledged concerns were lost"
    verify = haven.run("audit", "verify", check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit chain OK" in verify.stdout
    print(f"acknowledged before SIGKILL: {len(acked)}; stored after restart: {len(stored)}")


def test_a_second_server_on_one_sqlite_file_refuses_to_start(haven):
    """Issue 13.6: a second `haven serve` on the same file stops at once, saying why; the first
    goes on serving; commands beside it still run."""
    import subprocess
    from conftest import BINARY, free_port
    second = subprocess.run([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(free_port())], cwd=haven.directory,
                            env=haven.env, capture_output=True, text=True, timeout=60)
    assert second.returncode != 0
    assert "another haven serve is already using" in second.stdout + second.stderr, second.stdout + second.stderr
    assert requests.get(haven.url + "/healthz", timeout=5).status_code == 200
    assert haven.run("migrate").returncode == 0
