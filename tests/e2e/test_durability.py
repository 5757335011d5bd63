"""N1: the server is killed with SIGKILL while 32 clients submit concerns. After a restart every
concern that got a 2xx is present, and the audit chain verifies."""
import sqlite3
import time

import requests

from conftest import Recorders

CLIENTS = 32
MIN_ACKNOWLEDGED_BEFORE_KILL = 200


def test_sigkill_loses_no_acknowledged_concern(haven_factory):
    # One volunteer's 32 clients record far faster than anyone does by hand: the limit is raised.
    haven = haven_factory(HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES="1000000").start()
    tokens = []
    for _ in range(CLIENTS):
        session = haven.api_session("volunteer@demo.haven.test", second_factor=False)
        tokens.append(session.headers["Authorization"])
    recorders = Recorders(CLIENTS, lambda i, n: haven.url, lambda i: tokens[i], "Durable", "Seen with bruises on arrival",
                          timeout=5)
    deadline = time.time() + 60
    while time.time() < deadline and len(recorders.so_far()) < MIN_ACKNOWLEDGED_BEFORE_KILL:
        time.sleep(0.05)
    haven.kill()
    recorders.stop()
    acked = recorders.so_far()
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
