"""R2.5: recording a concern emails the routed DSL over SMTP, to a real local SMTP server,
and the email holds no child-identifying detail."""
import time

from conftest import free_port

CHILD = "Bartholomew Emailtest-Oyelaran"


def test_alert_arrives_without_the_childs_name(haven_factory, smtp_server):
    controller, inbox = smtp_server
    haven = haven_factory(HAVEN_SMTP_HOST="127.0.0.1", HAVEN_SMTP_PORT=str(controller.port),
                          HAVEN_SMTP_FROM="haven@demo.haven.test", HAVEN_OUTBOX_INTERVAL="0.5").start()
    volunteer = haven.api_session("volunteer@demo.haven.test", second_factor=False)
    r = volunteer.post(haven.url + "/api/v1/concerns", json={
        "child": {"name": CHILD, "dateOfBirth": "2015-06-01", "address": "12 Imaginary Lane"},
        "howItArose": "disclosed_by_child", "account": f"{CHILD} said he is scared of his stepdad.", "immediateDanger": True}, timeout=10)
    assert r.status_code == 201, r.text
    reference, concern_id = r.json()["reference"], r.json()["concernID"]
    deadline = time.time() + 30
    def about_this_concern():
        return [m for m in inbox.messages if reference in m[2]]

    while time.time() < deadline and not any("dsl@demo.haven.test" in m[1] for m in about_this_concern()):
        time.sleep(0.2)
    to_dsl = [m for m in about_this_concern() if "dsl@demo.haven.test" in m[1]]
    assert to_dsl, f"no email reached the DSL; got {inbox.messages}"
    sender, recipients, content = to_dsl[0]
    assert sender == "haven@demo.haven.test"
    assert reference in content
    assert "URGENT" in content
    assert f"/concerns/{concern_id}" in content
    for secret in (CHILD, "Bartholomew", "Oyelaran", "2015-06-01", "Imaginary", "stepdad"):
        assert secret not in content, f"{secret!r} leaked into the email"
    # Immediate danger also alerts the deputy and the most senior manager.
    deadline = time.time() + 15
    while time.time() < deadline and len({r for m in about_this_concern() for r in m[1]}) < 3:
        time.sleep(0.2)
    assert {"deputy@demo.haven.test", "director@demo.haven.test"} <= {r for m in about_this_concern() for r in m[1]}
    for _, _, other in inbox.messages:
        assert "Tilly" not in other and "Kofi" not in other, "a demo child's name leaked into an email"
    assert CHILD not in open(haven.log.name, encoding="utf-8", errors="replace").read()


def test_outbox_keeps_alerts_until_the_mail_server_answers(haven_factory):
    port = free_port()  # nothing listens here: the mail server is down when the concern is recorded
    haven = haven_factory(HAVEN_SMTP_HOST="127.0.0.1", HAVEN_SMTP_PORT=str(port),
                          HAVEN_SMTP_FROM="haven@demo.haven.test", HAVEN_OUTBOX_INTERVAL="0.5").start()
    volunteer = haven.api_session("volunteer@demo.haven.test", second_factor=False)
    r = volunteer.post(haven.url + "/api/v1/concerns", json={"child": {"name": "Outbox Child"}, "howItArose": "observed", "account": "Seen crying at pick-up."}, timeout=10)
    assert r.status_code == 201
    time.sleep(2)
    import sqlite3
    db = sqlite3.connect(haven.env["HAVEN_DATABASE_URL"][len("sqlite://"):])
    pending = db.execute("SELECT COUNT(*), MAX(attempts) FROM outbox WHERE sent_at IS NULL").fetchone()
    db.close()
    assert pending[0] >= 1 and pending[1] >= 1, pending
