"""A self-signed certificate for localhost and an SMTP relay (aiosmtpd) that requires STARTTLS
then a sign-in, as a hosted mail provider does: shared by the email and deployment tests."""
import datetime
import ipaddress
import ssl

import pytest

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
