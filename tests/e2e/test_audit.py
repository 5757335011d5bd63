"""Issue 10.3: the audit trail cannot be cut short or rewritten unseen. The built `haven` binary
and an independent verifier written from docs/audit-format.md (audit_format.py) are run against
the same database, untouched and then attacked as an insider with access to the server would."""
import os
import shutil
import sqlite3
import subprocess
import time

import audit_format
from conftest import BINARY

VOLUNTEER = "volunteer@demo.haven.test"
DSL = "dsl@demo.haven.test"


def paths(haven):
    db = haven.env["HAVEN_DATABASE_URL"][len("sqlite://"):]
    return db, db + ".audit-key", db + ".audit-anchor"


def record_and_read(haven, count=3):
    volunteer = haven.api_session(VOLUNTEER, second_factor=False)
    dsl = haven.api_session(DSL)
    for index in range(count):
        r = volunteer.post(haven.url + "/api/v1/concerns", json={
            "child": {"name": f"Audit Child {index}"}, "howItArose": "observed", "account": "Seen with a bruise on the cheek."}, timeout=10)
        assert r.status_code == 201, r.text
        assert dsl.get(haven.url + f"/api/v1/concerns/{r.json()['concernID']}", timeout=10).status_code == 200


def haven_verify(haven, *args):
    result = haven.run("audit", "verify", *args, check=False)
    return result.returncode, result.stdout + result.stderr


def test_an_independent_verifier_agrees_with_haven(haven):
    record_and_read(haven)
    haven.stop()
    db, key_path, anchor = paths(haven)
    key = audit_format.read_key(key_path)
    checked, fault = audit_format.verify(db, key, anchor)
    assert fault is None and checked > 10, (checked, fault)
    code, out = haven_verify(haven)
    assert code == 0 and f"Audit chain OK: {checked} events" in out, out
    assert oct(os.stat(key_path).st_mode & 0o777) == "0o600"
    assert oct(os.stat(anchor).st_mode & 0o777) == "0o600"
    # One altered reason: both name the same event.
    target = checked - 3
    database = sqlite3.connect(db)
    database.execute("UPDATE audit_events SET reason = 'edited' WHERE sequence = ?", (target,))
    database.commit()
    database.close()
    assert audit_format.verify(db, key, anchor)[1] == f"event {target} was altered"
    code, out = haven_verify(haven)
    assert code == 1 and f"event {target} was altered" in out, out


def test_deleting_the_newest_events_is_caught_however_the_anchor_is_treated(haven):
    record_and_read(haven)
    haven.stop()
    db, key_path, anchor = paths(haven)
    key = audit_format.read_key(key_path)
    checked, _ = audit_format.verify(db, key, anchor)
    lines = open(anchor).read().splitlines(keepends=True)
    database = sqlite3.connect(db)
    keep = checked - 4
    kept_mac = database.execute("SELECT mac FROM audit_events WHERE sequence = ?", (keep,)).fetchone()[0]
    database.execute("DELETE FROM audit_events WHERE sequence > ?", (keep,))
    database.execute("UPDATE audit_head SET sequence = ?, mac = ? WHERE id = 1", (keep, kept_mac))
    database.commit()
    database.close()

    def attempt(anchor_text):
        if anchor_text is None:
            os.remove(anchor)
        else:
            open(anchor, "w").write(anchor_text)
        code, out = haven_verify(haven)
        independent = audit_format.verify(db, key, anchor)[1]
        return code, out, independent

    # The anchor as it was: its newest lines name events that are gone.
    code, out, independent = attempt("".join(lines))
    assert code == 1 and "newest events were deleted" in out and independent == "newest events were deleted", out
    # The anchor deleted, or emptied.
    for text in (None, ""):
        code, out, independent = attempt(text)
        assert code == 1 and "anchor outside the database is missing or empty" in out, out
        assert independent == "the anchor is missing or empty"
    # An old line appended after the newest, so that the last line matches what is left.
    stale = f"{keep} {kept_mac}\n"
    code, out, independent = attempt("".join(lines) + stale)
    assert code == 1 and ("stale line" in out or "newest events were deleted" in out), out
    assert independent is not None


def test_an_anchor_gone_when_haven_starts_again_is_said_and_recorded(haven):
    """Found attacking issue 13: the newest events cut and the anchor removed while Haven was
    stopped; Haven started again, began a new anchor in silence, and everything verified."""
    record_and_read(haven)
    haven.stop()
    db, key_path, anchor = paths(haven)
    os.remove(anchor)
    code, out = haven_verify(haven)
    assert code == 1 and "anchor outside the database is missing or empty" in out, out
    assert not os.path.exists(anchor), "haven audit verify only reads"
    haven.log.flush()
    before = os.path.getsize(haven.log.name)
    haven.start()
    haven.stop()
    log = open(haven.log.name, errors="replace").read()[before:]
    assert "CRITICAL" in log and "audit anchor was missing or empty" in log, log
    code, out = haven_verify(haven)
    assert code == 0 and "began a new one" in out, out
    events = sqlite3.connect(db).execute(
        "SELECT sequence, subject_id FROM audit_events WHERE action = 'audit.anchor_started'").fetchall()
    assert len(events) == 1 and int(events[0][1]) > 10, events
    assert f"at event {events[0][0]} Haven found its anchor missing" in out


def test_a_lost_key_is_never_replaced(haven):
    record_and_read(haven, count=1)
    haven.stop()
    db, key_path, anchor = paths(haven)
    shutil.move(key_path, key_path + ".backup")
    code, out = haven_verify(haven)
    assert code != 0 and "is missing but the audit chain already has" in out, out
    assert not os.path.exists(key_path), "a new key was made for a chain with events"
    serve = subprocess.run([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(haven.port)],
                           cwd=haven.directory, env=haven.env, capture_output=True, text=True, timeout=60)
    assert serve.returncode != 0 and "restore the key file" in serve.stdout + serve.stderr
    assert not os.path.exists(key_path)
    shutil.move(key_path + ".backup", key_path)
    code, out = haven_verify(haven)
    assert code == 0, out


def test_a_resealed_chain_passes_alone_but_not_against_the_auditors_checkpoint(haven_factory, smtp_server, tmp_path):
    controller, inbox = smtp_server
    signing_key = str(tmp_path / "checkpoint.key")
    haven = haven_factory(HAVEN_SMTP_HOST="127.0.0.1", HAVEN_SMTP_PORT=str(controller.port), HAVEN_SMTP_FROM="haven@demo.haven.test",
                          HAVEN_OUTBOX_INTERVAL="0.5", HAVEN_AUDIT_SIGNING_KEY_FILE=signing_key)
    made = haven.run("audit", "keygen", "--out", signing_key)
    public_key = made.stdout.split("Public key, for the auditors to keep: ")[1].split()[0]
    assert oct(os.stat(signing_key).st_mode & 0o777) == "0o600"
    haven.start()
    record_and_read(haven)
    checkpoint_file = str(tmp_path / "checkpoint.txt")
    signed = haven.run("audit", "checkpoint", "--out", checkpoint_file)
    assert "auditor@demo.haven.test" in signed.stdout
    # The auditor's copy arrives by email (after the one Haven sent when it started); it verifies
    # with their own copy of the public key.
    mac_line = next(line for line in open(checkpoint_file).read().splitlines() if line.startswith("mac: "))

    def emailed_checkpoints():
        return [m[2] for m in inbox.messages if "auditor@demo.haven.test" in m[1]]
    deadline = time.time() + 30
    while time.time() < deadline and not any(mac_line in text for text in emailed_checkpoints()):
        time.sleep(0.2)
    assert len(emailed_checkpoints()) >= 2, "Haven signs one itself when it starts, and one was asked for"
    emailed = next(text for text in emailed_checkpoints() if mac_line in text)
    assert "Haven audit checkpoint" in emailed and "Audit Child" not in emailed
    checkpoint = audit_format.read_checkpoint(emailed, public_key)
    assert checkpoint == audit_format.read_checkpoint(open(checkpoint_file).read(), public_key)
    haven.stop()
    db, key_path, anchor = paths(haven)
    key = audit_format.read_key(key_path)
    assert audit_format.verify(db, key, anchor, checkpoint)[1] is None

    # The insider removes every record of the DSL opening a concern, and re-seals the rest.
    database = sqlite3.connect(db)
    dsl_id = database.execute("SELECT id FROM people WHERE email = ?", (DSL,)).fetchone()[0]
    database.close()
    remaining = audit_format.reseal(db, key, anchor, keep=lambda row: not (row["action"] == "concern.read" and row["actor"] == dsl_id))
    assert audit_format.verify(db, key, anchor) == (remaining, None)
    code, out = haven_verify(haven)
    assert code == 0, "re-sealed with the key, the chain verifies on its own: " + out
    email_copy = str(tmp_path / "email.txt")
    open(email_copy, "w").write(emailed)
    code, out = haven_verify(haven, "--checkpoint", email_copy, "--public-key", public_key)
    assert code == 1 and ("the chain was rewritten" in out or "events were deleted" in out), out
    assert audit_format.verify(db, key, anchor, checkpoint)[1] is not None
    # A checkpoint checked with any other public key is refused.
    code, out = haven_verify(haven, "--checkpoint", email_copy, "--public-key", "00" * 32)
    assert code != 0


def test_making_the_signing_key_or_asking_for_help_opens_no_database(tmp_path):
    """Issue 13.7: an operator makes the checkpoint key as root in /etc/haven, and anyone may
    ask `haven --help` in a source checkout: neither may leave a database, keys or an anchor
    behind in that folder (both used to migrate a new database there)."""
    folder = tmp_path / "etc-haven"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    made = subprocess.run([BINARY, "audit", "keygen", "--out", "checkpoint.key"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert "Public key, for the auditors to keep: " in made.stdout
    for ask in (["--help"], ["serve", "--help"], ["audit", "--help"], ["backup", "-h"],
                ["serve", "--hostname", "127.0.0.1", "--help"], ["help"]):
        helped = subprocess.run([BINARY, *ask], cwd=folder, env=env, capture_output=True, text=True, timeout=60)
        said = helped.stdout + helped.stderr
        assert "Usage" in said or "Unknown command" in said, (ask, said)
    assert sorted(os.listdir(folder)) == ["checkpoint.key"]
    # A command that needs the database still refuses one that is not there, and makes none.
    refused = subprocess.run([BINARY, "user", "list"], cwd=folder, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert sorted(os.listdir(folder)) == ["checkpoint.key"]
