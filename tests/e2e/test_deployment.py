"""Issue 13.7: docs/operations.md's installation, tried as written on this machine, as root, as
the guide is run: the built program installed with its own user and folders; the settings and
the mail password readable by root and Haven only; the checkpoint signing key; the systemd unit,
checked by systemd-analyze and its command run as its user, with its settings, in its folder;
the first DSL made without a password on the command line; nginx in front with a certificate;
a DSL's journey through HTTPS; the proxy's forwarded address believed and a client's made-up one
not; alerts and the daily checkpoint reaching a relay that requires STARTTLS and a sign-in, and
the checkpoint verifying; and an upgrade: backup, install again, migrate, verify, serve."""
import glob
import grp
import os
import pwd
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

import pytest
import requests
from requests.adapters import HTTPAdapter

from conftest import BINARY, REQUIRE_ALL, free_port, fresh_totp
from docblocks import block, run_block
from tls_relay import PASSWORD, USER, Relay, certificate  # noqa: F401 (certificate is a fixture)

ACCOUNT = "haven-e2e"
DSL_NAME = "Yasmin Haddad-Okafor ياسمين"
DSL_EMAIL = "yasmin.haddad@example.org"
DSL_PASSWORD = "a long passphrase for the first DSL"


def replaced(text, old, new):
    """Changes the guide's paths, names and ports to the test's own, and fails if the guide no
    longer has what the test expects to change (so that the test cannot drift from it)."""
    assert old in text, f"the guide no longer has {old!r}"
    return text.replace(old, new)


class FromAddress(HTTPAdapter):
    """Requests made from one loopback address (Linux answers the whole of 127.0.0.0/8)."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Installation:
    def __init__(self, base, relay, cert, key):
        self.base = base
        self.vars = {"HAVEN_SOURCE": os.path.join(base, "src"), "PREFIX": os.path.join(base, "usr-local"),
                     "HAVEN_USER": ACCOUNT, "HAVEN_HOME": os.path.join(base, "var-lib-haven"),
                     "HAVEN_ETC": os.path.join(base, "etc-haven"), "HAVEN_BACKUPS": os.path.join(base, "var-backups-haven")}
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}, **self.vars}
        self.path = os.path.join(self.vars["PREFIX"], "bin") + os.pathsep + os.path.join(self.vars["PREFIX"], "sbin")
        self.port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.relay, self.cert, self.key = relay, cert, key
        self.service = self.nginx = None
        self.public_url = f"https://localhost:{self.https_port}"

    def installed(self, text):
        for old, new in [("/usr/local", self.vars["PREFIX"]), ("/var/lib/haven", self.vars["HAVEN_HOME"]),
                         ("/etc/haven", self.vars["HAVEN_ETC"])]:
            if old in text:
                text = text.replace(old, new)
        return text

    def https(self):
        """A client that trusts the site's certificate (and no CA bundle named in the environment,
        which requests would otherwise prefer to a session's own)."""
        client = requests.Session()
        client.trust_env = False
        client.verify = self.cert
        return client

    def run(self, name, **kwargs):
        return run_block(name, {**self.env, **kwargs.pop("env", {})}, kwargs.pop("cwd", self.base), path=self.path, **kwargs)

    def admin(self, *args, check=True):
        env = {**self.env, "PATH": self.path + os.pathsep + os.environ["PATH"]}
        result = subprocess.run(["haven-admin", *args], env=env, cwd=self.base, capture_output=True, text=True, timeout=120)
        assert not check or result.returncode == 0, f"haven-admin {args}: {result.stdout}\n{result.stderr}"
        return result

    def unit(self):
        text = self.installed(block("systemd-unit", "ini"))
        text = replaced(text, "User=haven\n", f"User={ACCOUNT}\n")
        text = replaced(text, "Group=haven\n", f"Group={ACCOUNT}\n")
        return replaced(text, "--port 8080", f"--port {self.port}")

    def start_service(self):
        """What systemd does with the unit: its command, as its user and group, in its folder, with
        its umask and only the settings in its environment file."""
        unit = self.unit()
        settings = dict(line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith("#"))
        user = pwd.getpwnam(settings["User"])
        group = grp.getgrnam(settings["Group"])
        env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": user.pw_dir}
        env.update(read_environment_file(settings["EnvironmentFile"]))
        umask = int(settings["UMask"], 8)
        command = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={group.gr_gid}", "--init-groups", "--",
                   *shlex.split(settings["ExecStart"])]
        self.log = open(os.path.join(self.base, "service.log"), "ab")
        self.service = subprocess.Popen(command, cwd=settings["WorkingDirectory"], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, preexec_fn=lambda: os.umask(umask))
        wait_for(lambda: requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200,
                 lambda: self.service.poll() is not None, "haven serve (see service.log)")

    def stop_service(self):
        if self.service and self.service.poll() is None:
            self.service.send_signal(signal.SIGTERM)
            self.service.wait(timeout=60)

    def start_nginx(self):
        site = block("nginx-site", "nginx")
        site = replaced(site, "/etc/letsencrypt/live/haven.example.org/fullchain.pem", self.cert)
        site = replaced(site, "/etc/letsencrypt/live/haven.example.org/privkey.pem", self.key)
        site = replaced(site, "haven.example.org", "localhost")
        site = replaced(site, "listen 80;", f"listen 127.0.0.1:{self.http_port};")
        site = replaced(site, "listen 443 ssl", f"listen 127.0.0.1:{self.https_port} ssl")
        site = replaced(site, "http://127.0.0.1:8080", f"http://127.0.0.1:{self.port}")
        folder = os.path.join(self.base, "nginx")
        os.makedirs(folder)
        with open(os.path.join(folder, "haven.conf"), "w") as f:
            f.write(site)
        with open(os.path.join(folder, "nginx.conf"), "w") as f:
            f.write(f"""pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/haven.conf;
}}
""")
        checked = subprocess.run(["nginx", "-t", "-c", f"{folder}/nginx.conf"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.nginx = subprocess.Popen(["nginx", "-c", f"{folder}/nginx.conf", "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: self.https().get(self.public_url + "/healthz", timeout=1).status_code == 200,
                 lambda: self.nginx.poll() is not None, "nginx (see nginx/error.log)")

    def close(self):
        self.stop_service()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            self.nginx.wait(timeout=20)


def read_environment_file(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def wait_for(ready, dead, what, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        assert not dead(), f"{what} exited"
        time.sleep(0.2)
    raise AssertionError(f"{what} did not start")


def mode(path):
    info = os.stat(path)
    return oct(info.st_mode & 0o777), pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name


@pytest.fixture(scope="module")
def installation(certificate):  # noqa: F811 (the fixture)
    missing = [tool for tool in ("nginx", "systemd-analyze", "setpriv", "runuser", "useradd", "chattr", "openssl")
               if not shutil.which(tool)]
    if os.geteuid() != 0 or missing:
        reason = f"the guide is run as root with {', '.join(missing) or 'everything'} installed"
        if REQUIRE_ALL:
            pytest.fail(reason)
        pytest.skip(reason)
    base = tempfile.mkdtemp(prefix="haven-deploy-", dir="/tmp")
    os.chmod(base, 0o755)
    relay = Relay(certificate)
    # The certificate stands for both the relay's and the site's, from a certificate authority
    # Haven is told of (a real relay's would be from one the system trusts).
    cert = os.path.join(base, "localhost.pem")
    key = os.path.join(base, "localhost.key")
    shutil.copy(certificate[0], cert)
    shutil.copy(certificate[1], key)
    os.chmod(key, 0o600)
    it = Installation(base, relay, cert, key)
    # What the build block leaves in the source folder: the tests install the build they made.
    release = os.path.join(it.vars["HAVEN_SOURCE"], ".build", "release")
    os.makedirs(release)
    built = os.path.dirname(os.path.abspath(BINARY))
    shutil.copy(BINARY, os.path.join(release, "haven"))
    for resources in glob.glob(os.path.join(built, "*.resources")):
        shutil.copytree(resources, os.path.join(release, os.path.basename(resources)))
    try:
        yield it
    finally:
        it.close()
        relay.stop()
        for account in (ACCOUNT, ACCOUNT + "-audit"):
            subprocess.run(["userdel", account], capture_output=True)
        subprocess.run(["chattr", "-R", "-a", base], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_the_guide_installs_haven_behind_nginx_and_upgrades_it(installation):
    it = installation
    home, etc, prefix = it.vars["HAVEN_HOME"], it.vars["HAVEN_ETC"], it.vars["PREFIX"]
    # The build is the one step not run here (20 minutes): its command is the one the release
    # benchmark runs.
    build = "swift build -c release --product haven"
    guide = open(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "operations.md")).read()
    benchmark = open(os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "benchmark")).read()
    assert f'cd "$HAVEN_SOURCE"\n{build}\n' in guide and build in benchmark

    # Install: program, resources, account, folders, haven-admin.
    it.run("install")
    assert os.path.islink(os.path.join(prefix, "bin", "haven"))
    for name in ("haven_HavenWeb.resources", "haven_HavenDomain.resources"):
        assert os.path.isdir(os.path.join(prefix, "lib", "haven", name)), name
    assert pwd.getpwnam(ACCOUNT).pw_shell == "/usr/sbin/nologin"
    assert mode(home) == ("0o700", ACCOUNT, ACCOUNT)
    assert mode(it.vars["HAVEN_BACKUPS"]) == ("0o700", ACCOUNT, ACCOUNT)
    assert mode(etc) == ("0o750", "root", ACCOUNT)
    it.run("install")  # again, as an upgrade does: it must not fail on what is there

    # Settings, as the guide writes them, then this machine's relay and addresses (and a faster
    # password hash, and a smaller limit on failed sign-ins to try below).
    env_file = os.path.join(etc, "haven.env")
    it.run("settings")
    assert mode(env_file) == ("0o640", "root", ACCOUNT)
    settings = read_environment_file(env_file)
    assert settings["HAVEN_DATABASE_URL"] == f"sqlite://{home}/haven.sqlite"
    assert settings["HAVEN_SMTP_PASSWORD_FILE"] == os.path.join(etc, "smtp-password")
    assert re.fullmatch(r"[0-9a-f]{64}", settings["HAVEN_METRICS_TOKEN"])
    settings = {**settings, "HAVEN_PUBLIC_URL": replaced(settings["HAVEN_PUBLIC_URL"], "https://haven.example.org", it.public_url),
                "HAVEN_SMTP_HOST": "localhost", "HAVEN_SMTP_PORT": str(it.relay.controller.port),
                "HAVEN_SMTP_USERNAME": USER, "HAVEN_SMTP_CA_FILE": os.path.join(etc, "relay-ca.pem"),
                "HAVEN_BCRYPT_COST": "4", "HAVEN_TESTING": "true", "HAVEN_OUTBOX_INTERVAL": "0.5",
                "HAVEN_LIMIT_FAILED_SIGN_INS_PER_ADDRESS": "5"}
    shutil.copy(it.cert, settings["HAVEN_SMTP_CA_FILE"])
    with open(env_file, "w") as f:
        f.write("".join(f"{k}={v}\n" for k, v in settings.items()))
    # haven-admin reads the settings as NAME=value lines, never as shell (it runs as root).
    ran = os.path.join(it.base, "haven-admin-ran-this")
    with open(env_file, "a") as f:
        f.write(f"HAVEN_AUDIT_CHECKPOINT_TO=a@example.org; touch {ran}\n")
    it.admin("migrate", check=False)
    assert not os.path.exists(ran), "a value in the settings was run as a command, as root"
    with open(env_file, "a") as f:
        f.write("not a setting\n")
    refused = it.admin("migrate", check=False)
    assert refused.returncode != 0 and "not NAME=value" in refused.stderr, refused.stderr
    with open(env_file, "w") as f:
        f.write("".join(f"{k}={v}\n" for k, v in settings.items()))
    it.run("secrets", input="not yet the password\n")
    it.run("secrets", input=PASSWORD + "\n")  # again, to change it
    assert open(os.path.join(etc, "smtp-password")).read() == PASSWORD + "\n"
    assert mode(env_file) == ("0o640", "root", ACCOUNT)
    assert mode(os.path.join(etc, "smtp-password")) == ("0o640", "root", ACCOUNT)

    # The anchor: another account's, Haven's group may add to it, nobody may cut it.
    it.run("anchor")
    anchor = settings["HAVEN_AUDIT_ANCHOR"]
    assert anchor == home + "-audit/audit-anchor"
    assert mode(anchor) == ("0o660", ACCOUNT + "-audit", ACCOUNT)
    assert "a" in subprocess.run(["lsattr", anchor], capture_output=True, text=True).stdout.split()[0]

    # The checkpoint key, made as root in /etc/haven: no database or keys appear there.
    made = it.run("checkpoint-key", cwd=etc)
    public_key = re.search(r"Public key, for the auditors to keep: ([0-9a-f]{64})", made.stdout).group(1)
    assert mode(os.path.join(etc, "checkpoint.key")) == ("0o640", "root", ACCOUNT)
    assert sorted(os.listdir(etc)) == ["checkpoint.key", "haven.env", "relay-ca.pem", "smtp-password"]

    # The unit: systemd finds nothing wrong with it, and it is well sandboxed.
    unit_file = os.path.join(it.base, "haven.service")
    with open(unit_file, "w") as f:
        f.write(it.unit())
    verified = subprocess.run(["systemd-analyze", "verify", unit_file], capture_output=True, text=True)
    assert verified.returncode == 0 and not verified.stderr.strip(), verified.stderr
    security = subprocess.run(["systemd-analyze", "security", "--offline=yes", unit_file], capture_output=True, text=True)
    exposure = float(re.search(r"Overall exposure level for haven.service: ([0-9.]+)", security.stdout).group(1))
    assert exposure <= 4.0, security.stdout

    it.start_service()
    files = sorted(os.listdir(home))
    for name in ("haven.sqlite", "haven.sqlite.data-key", "haven.sqlite.audit-key"):
        assert name in files, files
        assert mode(os.path.join(home, name))[:2] == ("0o600", ACCOUNT), name
    assert os.path.getsize(anchor) > 0, "Haven wrote no line to the anchor"
    # Haven says nothing is amiss: not that the anchor is its own, nor that https is misread.
    assert not [line for line in open(os.path.join(it.base, "service.log"), errors="replace")
                if "WARNING" in line or "ERROR" in line or "CRITICAL" in line], open(os.path.join(it.base, "service.log")).read()

    # The first DSL, with a name in two scripts; the password comes from the terminal.
    added = it.run("first-dsl", env={"FIRST_DSL_NAME": DSL_NAME, "FIRST_DSL_EMAIL": DSL_EMAIL}, input=DSL_PASSWORD + "\n")
    secret = re.search(r"TOTP secret: ([A-Z2-7]+)", added.stdout).group(1)
    assert DSL_PASSWORD not in added.stdout + added.stderr

    it.start_nginx()
    # Plain http is sent to https, at the guide's own name (never one the client sent).
    moved = requests.get(f"http://127.0.0.1:{it.http_port}/concerns/new", headers={"Host": "evil.example"},
                         allow_redirects=False, timeout=10)
    assert moved.status_code == 301 and moved.headers["Location"] == "https://localhost/concerns/new", moved.headers
    web = it.https()
    page = web.get(it.public_url + "/sign-in", timeout=10)
    assert page.status_code == 200
    assert "max-age" in page.headers.get("Strict-Transport-Security", "")
    cookies = page.raw.headers.getlist("Set-Cookie")
    assert cookies and all("; Secure" in c and c.startswith("__Host-") for c in cookies), cookies
    assert "nginx/" not in page.headers.get("Server", "")
    # Through the proxy /readyz says only whether Haven is ready, and /metrics is not there.
    ready = web.get(it.public_url + "/readyz", timeout=10)
    assert ready.status_code == 200 and ready.text.strip() == "ready", ready.text
    assert web.get(it.public_url + "/metrics", timeout=10).status_code == 404
    # Requests from this machine come from the trusted proxy's address: the monitor's token,
    # made by the secrets block, shows each check; without it there are none.
    token = settings["HAVEN_METRICS_TOKEN"]
    local = f"http://127.0.0.1:{it.port}/readyz"
    assert requests.get(local, timeout=10).text.strip() == "ready"
    checks = {c["dependency"]: c for c in requests.get(local, headers={"Authorization": "Bearer " + token},
                                                       timeout=10).json()["checks"]}
    assert checks["database"]["state"] == "ok", checks

    # The DSL signs in with their second factor and records a concern, over HTTPS.
    dsl = it.https()
    r = dsl.post(it.public_url + "/api/v1/sessions", json={"email": DSL_EMAIL, "password": DSL_PASSWORD}, timeout=10)
    assert r.status_code == 201, r.text
    dsl.headers["Authorization"] = "Bearer " + r.json()["token"]
    r = dsl.post(it.public_url + "/api/v1/sessions/current/second-factor", json={"code": fresh_totp(secret, {})}, timeout=10)
    assert r.status_code == 200, r.text
    dsl.headers["Authorization"] = "Bearer " + r.json()["token"]
    r = dsl.post(it.public_url + "/api/v1/concerns", json={"child": {"name": "Rafferty Quill-Amadi"}, "howItArose": "observed",
                                                           "account": "Said he sleeps in his coat because the heating is off."},
                 timeout=10)
    assert r.status_code == 201, r.text
    concern = r.json()["concernID"]
    assert dsl.get(it.public_url + f"/api/v1/concerns/{concern}", timeout=10).status_code == 200
    # A body larger than any form reaches Haven, which refuses it itself; nginx stops a far larger one.
    big = dsl.post(it.public_url + "/api/v1/concerns", data=b"x" * (11 * 1024 * 1024),
                   headers={"Content-Type": "application/json"}, timeout=60)
    assert big.status_code == 413 and big.headers.get("Content-Type") == "application/problem+json", big.headers
    huge = dsl.post(it.public_url + "/api/v1/concerns", data=b"x" * (13 * 1024 * 1024),
                    headers={"Content-Type": "application/json"}, timeout=60)
    assert huge.status_code == 413 and huge.headers.get("Content-Type", "").startswith("text/html"), huge.headers

    # Addresses: the proxy's X-Forwarded-For is believed, a client's own is not. From 127.0.0.2,
    # wrong passwords each claiming another address are all counted against 127.0.0.2; another
    # client (127.0.0.3) is not held up by them.
    def attempt(source, index):
        client = it.https()
        client.mount("https://", FromAddress(source))
        return client.post(it.public_url + "/api/v1/sessions", json={"email": f"nobody{index}@example.org",
                                                                     "password": "not anybody's password"},
                           headers={"X-Forwarded-For": f"10.20.30.{index}"}, timeout=10).status_code
    statuses = [attempt("127.0.0.2", index) for index in range(1, 9)]
    assert statuses[:5] == [401] * 5 and 429 in statuses[5:], statuses
    assert attempt("127.0.0.3", 99) == 401

    # Alert email and checkpoints reach the relay over TLS, signed in; the checkpoint verifies.
    output = it.admin("audit", "checkpoint")
    assert "chair-of-trustees@example.org" in output.stdout

    def checkpoints():
        return [text for _, _, text in it.relay.messages if "Haven audit checkpoint" in text]
    wait_for(lambda: len(checkpoints()) >= 2, lambda: False, "the checkpoint emails", seconds=30)
    assert all(over_tls and signed_in for over_tls, signed_in, _ in it.relay.messages)
    assert not [text for _, _, text in it.relay.messages if "Rafferty" in text or "heating" in text]
    saved = os.path.join(it.base, "checkpoint.eml")
    with open(saved, "w") as f:
        f.write(checkpoints()[-1])
    os.chmod(saved, 0o644)
    checked = it.run("checkpoint-verify", env={"CHECKPOINT_FILE": saved, "AUDITORS_PUBLIC_KEY": public_key})
    assert "Audit chain OK" in checked.stdout and "Checkpoint OK" in checked.stdout, checked.stdout
    other_key = "00" * 32
    with pytest.raises(AssertionError):
        it.run("checkpoint-verify", env={"CHECKPOINT_FILE": saved, "AUDITORS_PUBLIC_KEY": other_key})

    # Upgrade: back up, stop, install again, migrate, verify, start; the concern is still there.
    backups = it.vars["HAVEN_BACKUPS"]
    it.run("upgrade-backup")
    made = os.listdir(backups)
    assert len(made) == 1 and made[0].startswith("before-upgrade-"), made
    assert mode(os.path.join(backups, made[0]))[:2] == ("0o600", ACCOUNT)
    it.stop_service()
    # Installed again from a shell with a hardened umask (root's 077, or one left by an earlier
    # block): Haven's account must still read the program's pages and words.
    earlier = os.umask(0o077)
    try:
        it.run("install")
    finally:
        os.umask(earlier)
    it.run("upgrade")
    it.start_service()
    assert dsl.get(it.public_url + f"/api/v1/concerns/{concern}", timeout=10).status_code == 200
    it.stop_service()

    # An older Haven on a database a newer one has upgraded refuses to start, and says why.
    database = os.path.join(home, "haven.sqlite")
    connection = sqlite3.connect(database)
    connection.execute("INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at) "
                       "VALUES ('6a1d8c3e-0000-4000-8000-000000000999', 'HavenPersistence.M999_FromTheFuture', 99, NULL, NULL)")
    connection.commit()
    connection.close()
    account = pwd.getpwnam(ACCOUNT)
    for name in glob.glob(database + "*"):
        os.chown(name, account.pw_uid, account.pw_gid)
    refused = it.admin("migrate", check=False)
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert "newer version of Haven" in said and "M999_FromTheFuture" in said, said
