"""Issue 13.2 and 13.7: docs/operations.md's PostgreSQL backup and restore, run as written while
four clients record concerns: the restored database holds every concern acknowledged before the
backup began and its audit chain verifies."""
import os
import secrets
import shutil
import subprocess
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from conftest import REQUIRE_ALL, Recorders
from docblocks import run_block

ADMIN = os.environ.get("HAVEN_TEST_POSTGRES_URL")


def database_url(name):
    parts = urlsplit(ADMIN)
    return urlunsplit(parts._replace(path="/" + name))


def psql(url, statement):
    return subprocess.run(["psql", url, "-At", "-v", "ON_ERROR_STOP=1", "-c", statement], capture_output=True, text=True,
                          timeout=60, check=True).stdout


@pytest.fixture
def postgres_databases():
    if not ADMIN:
        if REQUIRE_ALL:
            pytest.fail("HAVEN_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (HAVEN_TEST_POSTGRES_URL)")
    names = ["haven_e2e_" + secrets.token_hex(6), "haven_e2e_" + secrets.token_hex(6)]
    psql(ADMIN, f"CREATE DATABASE {names[0]}")
    yield names
    for name in names:
        psql(ADMIN, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_the_postgres_backup_and_restore_in_the_guide_work_under_load(haven_factory, postgres_databases, tmp_path):
    live, restored = postgres_databases
    haven = haven_factory(HAVEN_DATABASE_URL=database_url(live), HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES="1000000")
    haven.start()
    token = haven.api_session("volunteer@demo.haven.test", second_factor=False).headers["Authorization"]
    recorders = Recorders(4, lambda i, n: haven.url, lambda i: token, "Dump", "Seen upset at pick-up")
    time.sleep(2)
    before = recorders.so_far()
    work = tmp_path / "work"
    work.mkdir()
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(secrets.token_urlsafe(32))
    os.chmod(passphrase, 0o600)
    backup = str(tmp_path / "haven.pgdump.gpg")
    run_block("postgres-backup", {**haven.env, "DUMP_URL": database_url(live),
                                  "HAVEN_AUDIT_ANCHOR": os.path.join(haven.directory, "haven.audit-anchor"),
                                  "WORK": str(work), "BACKUP_FILE": backup, "BACKUP_PASSPHRASE_FILE": str(passphrase)},
              haven.directory)
    time.sleep(0.5)
    recorders.stop()
    assert len(before) >= 20, len(before)
    assert b"Seen upset at pick-up" not in open(backup, "rb").read()
    assert os.listdir(work) == [], "the plain dump was left behind"

    # Restored into a new database, in a new folder holding copies of the keys.
    place = tmp_path / "restored"
    place.mkdir()
    for key in ("haven.audit-key", "haven.data-key"):
        shutil.copy(os.path.join(haven.directory, key), place / key)
    env = {**haven.env, "HAVEN_DATABASE_URL": database_url(restored), "HAVEN_AUDIT_ANCHOR": str(place / "haven.audit-anchor"),
           "WORK": str(work), "BACKUP_FILE": backup, "BACKUP_PASSPHRASE_FILE": str(passphrase),
           "POSTGRES_ADMIN_URL": ADMIN, "NEW_DATABASE": restored, "HAVEN_DATABASE_ROLE": "postgres"}
    result = run_block("postgres-restore", env, str(place))
    assert "Audit chain OK" in result.stdout, result.stdout
    assert os.listdir(work) == [], "the decrypted dump was left behind"
    stored = set(psql(database_url(restored), "SELECT id FROM concerns").split())
    missing = {str(c).lower() for c in before} - {s.lower() for s in stored}
    assert not missing, f"{len(missing)} concerns acknowledged before the backup are not in the restored database"
    print(f"PostgreSQL: acknowledged before the dump {len(before)}; restored {len(stored)}")
