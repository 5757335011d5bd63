"""Issue 13.3: a hosted mail provider: STARTTLS, then a sign-in, against a real SMTP server
(aiosmtpd) that requires both. With the right password the alert arrives over TLS; with a wrong
one, a relay that offers no TLS, or a certificate Haven does not trust, nothing is sent (the
password least of all) and /readyz and the DSL's dashboard say why."""
import datetime
import ipaddress
import ssl
import time

import pytest
import requests

from conftest import free_port

USER, PASSWORD = "haven-relay", "correct horse battery staple"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "relay.pem", folder / "relay.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


class Relay:
    """aiosmtpd requiring STARTTLS then AUTH (or, with tls=False, offering neither)."""

    def __init__(self, certificate, tls=True):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult
        self.messages, self.sign_ins = [], []
        relay = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                relay.messages.append((bool(session.ssl), session.authenticated, envelope.content.decode("utf-8", "replace")))
                return "250 accepted"

        def authenticator(server, session, envelope, mechanism, data):
            relay.sign_ins.append((mechanism, bool(session.ssl), data.login.decode(), data.password.decode()))
            return AuthResult(success=data.login.decode() == USER and data.password.decode() == PASSWORD, handled=False)

        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*certificate)
            kwargs = dict(tls_context=context, require_starttls=True, auth_required=True, auth_require_tls=True,
                          authenticator=authenticator)
        else:
            kwargs = dict(authenticator=authenticator, auth_require_tls=False)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=free_port(), **kwargs)
        self.controller.start()

    def stop(self):
        self.controller.stop()


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
