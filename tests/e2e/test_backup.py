"""Issue 13.2: `haven backup` while 16 clients record concerns, then `haven restore` into an empty
place with the same keys: every concern acknowledged before the backup began is there, readable
through the API of a server started on the restored database, and the audit chain verifies.
The backup is sealed: no account in it can be read; it is never written over, nor restored over
a database."""
import os
import shutil
import sqlite3
import subprocess
import time

import requests

from conftest import BINARY, Haven, Recorders, haven_env
from docblocks import run_block

CLIENTS = 16
ACCOUNT = "Backup canary account: seen at the gate of Thornbury Rec with a cut lip"


def test_a_backup_under_load_restores_every_acknowledged_concern(haven_factory, tmp_path):
    haven = haven_factory(HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES="1000000").start()
    tokens = [haven.api_session("volunteer@demo.haven.test", second_factor=False).headers["Authorization"] for _ in range(CLIENTS)]
    recorders = Recorders(CLIENTS, lambda i, n: haven.url, lambda i: tokens[i], "Backup", ACCOUNT)
    time.sleep(3)
    before = recorders.so_far()
    backup = str(tmp_path / "haven.backup")
    started = time.time()
    made = run_block("sqlite-backup", {**haven.env, "BACKUP_FILE": backup}, haven.directory)
    took = time.time() - started
    time.sleep(1)
    during = len(recorders.stop()) - len(before)
    assert len(before) >= 100 and during > 0, (len(before), during)
    # Sealed: the accounts are not in the file, nor the children's names' words in the clear.
    with open(backup, "rb") as f:
        sealed = f.read()
    assert ACCOUNT.encode() not in sealed and b"SQLite format 3" not in sealed
    assert os.stat(backup).st_mode & 0o777 == 0o600
    # Never written over.
    again = haven.run("backup", backup, check=False)
    assert again.returncode != 0 and "already exists" in again.stderr + again.stdout

    # Restored elsewhere, with the keys copied there (they are never in the backup).
    place = tmp_path / "restored"
    place.mkdir()
    source = haven.env["HAVEN_DATABASE_URL"][len("sqlite://"):]
    target = str(place / "haven.sqlite")
    for key in ("audit-key", "data-key"):
        shutil.copy(f"{source}.{key}", f"{target}.{key}")
    env = haven_env(str(place))
    restore = run_block("sqlite-restore", {**env, "BACKUP_FILE": backup}, str(place))
    assert "Audit chain OK" in restore.stdout
    db = sqlite3.connect(target)
    stored = {row[0] for row in db.execute("SELECT id FROM concerns")}
    db.close()
    missing = before - stored
    assert not missing, f"{len(missing)} concerns acknowledged before the backup are not in it"
    # Not restored over a database.
    over = subprocess.run([BINARY, "restore", backup], cwd=str(place), env=env, capture_output=True, text=True, timeout=300)
    assert over.returncode != 0 and "only into an empty place" in over.stdout + over.stderr

    # With the wrong audit key, what was restored does not verify and is taken out again, so
    # that the restore can be made again with the right one.
    wrong = tmp_path / "wrong-key"
    wrong.mkdir()
    wrong_target = str(wrong / "haven.sqlite")
    shutil.copy(f"{source}.data-key", f"{wrong_target}.data-key")
    with open(f"{wrong_target}.audit-key", "w") as f:
        f.write("ab" * 32 + "\n")
    wrong_env = haven_env(str(wrong))
    refused = subprocess.run([BINARY, "restore", backup], cwd=str(wrong), env=wrong_env, capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0, refused.stdout
    assert not os.path.exists(wrong_target) and not os.path.exists(wrong_target + ".audit-anchor"), os.listdir(wrong)
    shutil.copy(f"{source}.audit-key", f"{wrong_target}.audit-key")
    retried = subprocess.run([BINARY, "restore", backup], cwd=str(wrong), env=wrong_env, capture_output=True, text=True, timeout=300)
    assert retried.returncode == 0 and "Audit chain OK" in retried.stdout, retried.stdout + retried.stderr

    # A backup of a database that is not there (a wrong HAVEN_DATABASE_URL) is refused, and makes nothing.
    typo = haven_env(haven.directory, HAVEN_DATABASE_URL="sqlite://" + source + "-typo")
    nothing = subprocess.run([BINARY, "backup", str(tmp_path / "typo.backup")], cwd=haven.directory, env=typo,
                             capture_output=True, text=True, timeout=120)
    assert nothing.returncode != 0 and "no database at" in nothing.stdout + nothing.stderr
    assert not os.path.exists(source + "-typo") and not os.path.exists(source + "-typo.audit-key")

    # A server on the restored database opens the concerns (sealed content, under the same key).
    haven.stop()
    restored = RestoredHaven(str(place), env).start()
    try:
        dsl = restored_session(restored, haven)
        sample = sorted(before)[:: max(1, len(before) // 20)]
        for concern in sample:
            r = dsl.get(restored.url + f"/api/v1/concerns/{concern}", timeout=10)
            assert r.status_code == 200 and r.json()["content"]["account"].startswith(ACCOUNT), r.text[:300]
    finally:
        restored.stop()
    print(f"acknowledged before the backup: {len(before)}; during it: {during}; backup took {took:.1f} s; restored {len(stored)}")


class RestoredHaven(Haven):
    """A server on a restored database: its people are the backup's (no demo is run)."""

    def __init__(self, directory, env):
        from conftest import free_port
        self.directory, self.env, self.port = directory, env, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = open(os.path.join(directory, "server.log"), "ab")
        self.used_steps = {}


def restored_session(restored, original):
    restored.secrets, restored.passwords = original.secrets, original.passwords
    restored.used_steps = original.used_steps
    return restored.api_session("dsl@demo.haven.test")
