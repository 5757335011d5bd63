"""Issue 10.8 and 10.9 against the built binary: the demo stays on this machine and its passwords
are never known in advance; a server reached over https with demo accounts says so loudly; and
signing in with an unknown email costs the same work as a known one."""
import os
import re
import statistics
import subprocess
import time

import requests

from conftest import BINARY, Haven, free_port, haven_env


def test_the_demo_refuses_a_public_address_and_changes_its_passwords_each_run(tmp_path):
    directory = str(tmp_path)
    env = haven_env(directory, HAVEN_PUBLIC_URL="https://haven.example.org")
    refused = subprocess.run([BINARY, "demo"], cwd=directory, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "not this machine" in refused.stdout + refused.stderr
    local = haven_env(directory)
    first = subprocess.run([BINARY, "demo"], cwd=directory, env=local, capture_output=True, text=True, timeout=120, check=True).stdout
    second = subprocess.run([BINARY, "demo"], cwd=directory, env=local, capture_output=True, text=True, timeout=120, check=True).stdout
    passwords = lambda out: dict(re.findall(r"(\S+@demo\.haven\.test)\s+password: (\S+)", out))
    assert len(passwords(first)) == 9 and passwords(first).keys() == passwords(second).keys()
    assert all(passwords(first)[email] != passwords(second)[email] for email in passwords(first))
    assert "demo-dsl-password" not in first


def test_https_with_demo_accounts_is_warned_about_loudly(tmp_path):
    directory = str(tmp_path)
    env = haven_env(directory, HAVEN_PUBLIC_URL="https://haven.example.org")
    subprocess.run([BINARY, "demo", "--force"], cwd=directory, env=env, capture_output=True, text=True, timeout=120, check=True)
    port = free_port()
    log = open(os.path.join(directory, "serve.log"), "wb")
    server = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=directory, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        page = requests.get(f"http://127.0.0.1:{port}/sign-in", timeout=5)
        assert "demo-banner" in page.text
        assert page.headers.get("Strict-Transport-Security", "").startswith("max-age=")
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert "DEMO ACCOUNTS EXIST" in open(os.path.join(directory, "serve.log"), encoding="utf-8", errors="replace").read()


def test_an_unknown_email_costs_as_much_work_as_a_known_one(haven_factory):
    # A realistic cost (10, the lowest allowed outside tests), so the work is measurable.
    haven = haven_factory(HAVEN_BCRYPT_COST="10").start()

    def timed(email):
        started = time.perf_counter()
        r = requests.post(haven.url + "/api/v1/sessions", json={"email": email, "password": "not the password at all"}, timeout=10)
        assert r.status_code in (401, 429)
        return time.perf_counter() - started

    # Different emails each time, so the throttle never answers before the password is checked.
    known = [timed(email) for email in ["dsl@demo.haven.test", "deputy@demo.haven.test", "manager@demo.haven.test",
                                        "director@demo.haven.test", "hr@demo.haven.test", "auditor@demo.haven.test"]]
    unknown = [timed(f"nobody{index}@demo.haven.test") for index in range(6)]
    # bcrypt at cost 10 takes tens of milliseconds; without the dummy hash an unknown email took a few.
    assert statistics.median(unknown) > 0.5 * statistics.median(known), (known, unknown)
