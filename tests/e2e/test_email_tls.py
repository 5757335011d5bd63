"""Issue 13.3: a hosted mail provider: STARTTLS, then a sign-in, against a real SMTP server
(aiosmtpd) that requires both. With the right password the alert arrives over TLS; with a wrong
one, a relay that offers no TLS, or a certificate Haven does not trust, nothing is sent (the
password least of all) and /readyz and the DSL's dashboard say why."""
import time

import pytest
import requests

from tls_relay import PASSWORD, USER, Relay, certificate  # noqa: F401 (certificate is a fixture)


def start_haven(haven_factory, relay, password=PASSWORD, ca=None, tmp_path=None):
    password_file = tmp_path / "smtp-password"
    password_file.write_text(password + "\n")
    settings = dict(HAVEN_SMTP_HOST="localhost", HAVEN_SMTP_PORT=str(relay.controller.port), HAVEN_SMTP_FROM="haven@demo.haven.test",
                    HAVEN_OUTBOX_INTERVAL="0.2", HAVEN_SMTP_TLS="starttls", HAVEN_SMTP_USERNAME=USER,
                    HAVEN_SMTP_PASSWORD_FILE=str(password_file))
    if ca:
        settings["HAVEN_SMTP_CA_FILE"] = ca
    return haven_factory(**settings).start()


def record_concern(haven):
    volunteer = haven.api_session("volunteer@demo.haven.test", second_factor=False)
    r = volunteer.post(haven.url + "/api/v1/concerns", json={"child": {"name": "Tansy Okonkwo-Reid"}, "howItArose": "observed",
                                                             "account": "Came in without a coat again."}, timeout=10)
    assert r.status_code == 201, r.text


def email_detail(haven, until):
    deadline = time.time() + 20
    detail = None
    while time.time() < deadline:
        checks = {c["dependency"]: c for c in requests.get(haven.url + "/readyz", timeout=5).json()["checks"]}
        detail = checks["email"]["detail"]
        if until(detail):
            return detail
        time.sleep(0.3)
    return detail


def test_starttls_and_sign_in_reach_a_hosted_relay(haven_factory, certificate, tmp_path):
    relay = Relay(certificate)
    try:
        haven = start_haven(haven_factory, relay, ca=certificate[0], tmp_path=tmp_path)
        record_concern(haven)
        deadline = time.time() + 20
        while time.time() < deadline and not relay.messages:
            time.sleep(0.2)
        assert relay.messages, f"nothing arrived; readyz says {email_detail(haven, lambda d: True)}"
        assert all(over_tls and signed_in for over_tls, signed_in, _ in relay.messages)
        assert relay.sign_ins and all(over_tls for _, over_tls, _, _ in relay.sign_ins)
    finally:
        relay.stop()


def test_a_wrong_password_is_refused_and_said(haven_factory, certificate, tmp_path):
    relay = Relay(certificate)
    try:
        haven = start_haven(haven_factory, relay, password="not the password", ca=certificate[0], tmp_path=tmp_path)
        record_concern(haven)
        detail = email_detail(haven, lambda d: "sign_in_refused" in d)
        assert detail == "relay: sign_in_refused", detail
        assert not relay.messages
        dsl = haven.api_session("dsl@demo.haven.test")
        page = dsl.get(haven.url + "/", timeout=10).text
        assert "refused Haven" in page and "sign-in" in page
    finally:
        relay.stop()


@pytest.mark.parametrize("case", ["no TLS offered", "certificate not trusted"])
def test_no_password_leaves_haven_without_tls(haven_factory, certificate, tmp_path, case):
    relay = Relay(certificate, tls=(case != "no TLS offered"))
    try:
        haven = start_haven(haven_factory, relay, ca=None, tmp_path=tmp_path)
        record_concern(haven)
        detail = email_detail(haven, lambda d: "not_secure" in d)
        assert detail == "relay: not_secure", detail
        assert not relay.messages and not relay.sign_ins, (relay.messages, relay.sign_ins)
    finally:
        relay.stop()
