"""Issue 13.5: logs are safe at every level. The real server runs at LOG_LEVEL=trace, the most it
will log, through a whole journey on the wire (signing in through the pages and the API, a second
factor, a concern recorded, a form refused halfway, the concern read back, a query string); then
its log is searched for every secret of that journey as it was sent, in hex and in base64."""
import base64
import os
import re
import subprocess
import time

import requests

from conftest import BINARY, haven_env
from test_attacks import VOLUNTEER, form_session

DSL = "dsl@demo.haven.test"
CHILD = "Ysolde Brannagh-Quist"
ACCOUNT = "Canary account: she said the man at Wetherby Lane took her phone"
QUERY = "querycanary7d1f"


def forms(value):
    raw = value.encode("utf-8")
    return {"plain": value, "hex": raw.hex(), "HEX": raw.hex().upper(), "base64": base64.b64encode(raw).decode().rstrip("="),
            "url-encoded": requests.utils.quote(value, safe="")}


def test_a_whole_journey_at_trace_leaves_no_secret_in_the_log(haven_factory):
    haven = haven_factory(LOG_LEVEL="trace").start()
    cookie, csrf = form_session(haven, VOLUNTEER)
    web = requests.Session()
    web.cookies.set("haven_session", cookie)
    assert web.get(haven.url + f"/concerns/new?{QUERY}={QUERY}", timeout=10).status_code == 200
    # Refused halfway (no account), then sent whole.
    refused = web.post(haven.url + "/concerns", data={"child.name": CHILD, "howItArose": "disclosed_by_child", "account": "",
                                                      "_csrf": csrf}, allow_redirects=False, timeout=10)
    assert refused.status_code == 422, refused.status_code
    sent = web.post(haven.url + "/concerns", data={"child.name": CHILD, "howItArose": "disclosed_by_child", "account": ACCOUNT,
                                                   "categories[]": "neglect", "_csrf": csrf}, allow_redirects=False, timeout=10)
    assert sent.status_code == 303, sent.text[:500]
    receipt = web.get(haven.url + sent.headers["Location"], timeout=10).text
    reference = re.search(r'id="receipt-reference">([^<]+)<', receipt).group(1)
    dsl = haven.api_session(DSL)
    bearer = dsl.headers["Authorization"].split(" ", 1)[1]
    entry = next(e for e in dsl.get(haven.url + "/api/v1/inbox", timeout=10).json()["entries"] if e["reference"] == reference)
    stored = dsl.get(haven.url + f"/api/v1/concerns/{entry['concernID']}?{QUERY}=1", timeout=10).json()
    assert stored["content"]["account"] == ACCOUNT
    time.sleep(0.5)
    haven.stop()

    log = open(haven.log.name, encoding="utf-8", errors="replace").read()
    # Trace was on: Haven's writer reports each batch at trace.
    assert "batch committed" in log, log[-2000:]
    secrets = {"child's name": CHILD, "account": ACCOUNT, "query string": QUERY, "session cookie": cookie,
               "CSRF token": csrf, "bearer token": bearer, "volunteer's password": haven.passwords[VOLUNTEER],
               "DSL's password": haven.passwords[DSL], "DSL's TOTP secret": haven.secrets[DSL]}
    for label, value in secrets.items():
        for form, text in forms(value).items():
            assert text not in log, f"the {label} reached the log ({form})"
    # Nor any header carrying them, whatever its value.
    assert not re.search(r"(?i)\b(cookie|authorization)\s*:", log), "a Cookie or Authorization header reached the log"


def test_a_log_level_that_is_not_one_stops_haven_saying_so(tmp_path):
    """Taken silently as the default before: asking for "verbose" logged no more, and said nothing."""
    for asked in ("verbose", "Debugging"):
        env = haven_env(str(tmp_path), LOG_LEVEL=asked)
        run = subprocess.run([BINARY, "serve", "--port", "0"], cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 1, (run.returncode, run.stdout[-500:], run.stderr[-500:])
        assert f'LOG_LEVEL "{asked}" is not a log level' in run.stderr
        assert not os.path.exists(os.path.join(str(tmp_path), "haven.sqlite")), "it started before refusing"
    # Any case of a real level is taken.
    env = haven_env(str(tmp_path), LOG_LEVEL="DEBUG")
    run = subprocess.run([BINARY, "serve", "--help"], cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-500:]
