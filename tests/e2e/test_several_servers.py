"""Issue 13.6: two `haven serve` processes on one PostgreSQL database, with load on both; one is
killed with SIGKILL. Every concern either acknowledged is there, the audit chain verifies, and
every alert email reaches the relay, once (the one email the killed server may have been
handing to the relay at that instant is the only one that can arrive twice)."""
import collections
import os
import secrets
import time

import requests

from conftest import Haven, Recorders, free_port
from test_operations_doc import database_url, postgres_databases, psql  # noqa: F401 (fixture)


class SecondServer(Haven):
    """Another server in the same folder (same keys and anchor), on the same database: no demo."""

    def __init__(self, first):
        self.directory, self.env, self.port = first.directory, first.env, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = open(os.path.join(first.directory, "server2.log"), "ab")
        self.used_steps = first.used_steps
        self.secrets, self.passwords = first.secrets, first.passwords


def test_two_servers_on_one_postgres_work_as_one_when_one_is_killed(haven_factory, postgres_databases, smtp_server):
    controller, inbox = smtp_server
    live, _ = postgres_databases
    first = haven_factory(HAVEN_DATABASE_URL=database_url(live), HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES="1000000",
                          HAVEN_SMTP_HOST="127.0.0.1", HAVEN_SMTP_PORT=str(controller.port),
                          HAVEN_SMTP_FROM="haven@demo.haven.test", HAVEN_OUTBOX_INTERVAL="0.2",
                          HAVEN_SMTP_MESSAGE_TIMEOUT="5").start()
    second = SecondServer(first).start()
    try:
        token = first.api_session("volunteer@demo.haven.test", second_factor=False).headers["Authorization"]
        recorders = Recorders(8, lambda i, n: (first if (i + n) % 2 == 0 else second).url, lambda i: token, "Shared",
                              "Two servers, one database")
        time.sleep(4)
        first.kill()
        time.sleep(3)
        acked = {c.lower() for c in recorders.stop()}
        assert len(acked) >= 100, len(acked)
        stored = {s.lower() for s in psql(database_url(live), "SELECT id FROM concerns").split()}
        missing = acked - stored
        assert not missing, f"{len(missing)} acknowledged concerns were lost"

        # The survivor sends everything, including what the killed server had claimed (its claim
        # runs out after the message deadline and half a minute).
        deadline = time.time() + 90
        while time.time() < deadline and int(psql(database_url(live), "SELECT count(*) FROM outbox WHERE sent_at IS NULL")) > 0:
            time.sleep(1)
        unsent = int(psql(database_url(live), "SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
        assert unsent == 0, f"{unsent} emails never went"
        sent = int(psql(database_url(live), "SELECT count(*) FROM outbox"))
        received = collections.Counter((tuple(to), content.replace("\r\n", "\n").split("\n\n", 1)[-1]) for _, to, content in inbox.messages)
        twice = [k for k, n in received.items() if n > 1]
        assert len(twice) <= 1, f"{len(twice)} emails arrived more than once"
        assert len(received) == sent, (len(received), sent)
        # Both wrote the same anchor, each often finding the other's later line: never taken for a
        # line beyond the chain's end (which would make the survivor not ready).
        ready = requests.get(second.url + "/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        for log in (first.log.name, second.log.name):
            with open(log, encoding="utf-8", errors="replace") as f:
                assert "beyond the chain" not in f.read(), log
    finally:
        second.stop()
    verify = first.run("audit", "verify", check=False)
    assert verify.returncode == 0 and "Audit chain OK" in verify.stdout, verify.stdout + verify.stderr
    print(f"two servers: {len(acked)} acknowledged, {sent} emails, {len(twice)} sent twice")
