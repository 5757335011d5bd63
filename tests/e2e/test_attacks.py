"""Attacks and awkward clients against the real server, over a real socket, where an in-process
test cannot see what goes on the wire: header injection through sign-in's `next`, and a form
body that arrives in many small pieces (as Chromium sends a long account)."""
import re
import socket
import time

import requests

VOLUNTEER = "volunteer@demo.haven.test"


def raw_request(haven, request_bytes, pieces=None, pause=0.0):
    """Sends `request_bytes` (in pieces of `pieces` bytes, pausing between them, if given) and
    returns the status line, the raw header lines and the body of the answer."""
    with socket.create_connection(("127.0.0.1", haven.port), timeout=30) as sock:
        if pieces:
            for start in range(0, len(request_bytes), pieces):
                sock.sendall(request_bytes[start:start + pieces])
                time.sleep(pause)
        else:
            sock.sendall(request_bytes)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next((int(l.split(":", 1)[1]) for l in lines if l.lower().startswith("content-length:")), 0)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return lines[0], lines[1:], body.decode("utf-8", "replace")


def form_session(haven, email):
    """Signs in through the pages, as a browser does; returns the session cookie and a page's CSRF token."""
    s = requests.Session()
    s.get(haven.url + "/sign-in", timeout=10)
    r = s.post(haven.url + "/sign-in", data={"email": email, "password": haven.passwords[email], "_csrf": s.cookies["haven_csrf"]},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text
    page = s.get(haven.url + "/concerns/new", timeout=10).text
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    return s.cookies["haven_session"], csrf


HOSTILE_NEXT = [
    "/%0D%0ASet-Cookie:%20haven_session=planted", "/%0ASet-Cookie:%20haven_session=planted",
    "%09//evil.example/", "/%09/evil.example", "/%00", "//evil.example", "/%5Cevil.example", "https://evil.example/",
]


def test_sign_in_next_never_injects_a_header_on_the_wire(haven):
    for hostile in HOSTILE_NEXT:
        status, headers, body = raw_request(haven, (
            f"GET /sign-in?next={hostile} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").encode())
        assert status.endswith("200 OK"), status
        assert not any("planted" in h or "evil.example" in h for h in headers), headers
        assert 'name="next" value="/"' in body
        # Posted with the sign-in form, as a crafted page would.
        token = next(h.split("=", 1)[1].split(";")[0] for h in headers if h.lower().startswith("set-cookie: haven_csrf="))
        form = (f"email=volunteer%40demo.haven.test&password={haven.passwords[VOLUNTEER]}&_csrf={token}&next={hostile}").encode()
        status, headers, _ = raw_request(haven, (
            f"POST /sign-in?next={hostile} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nCookie: haven_csrf={token}\r\n"
            f"Content-Length: {len(form)}\r\n\r\n").encode() + form)
        assert status.endswith("303 See Other"), status
        locations = [h for h in headers if h.lower().startswith("location:")]
        assert locations == ["location: /sign-in/second-factor"] or locations == ["Location: /sign-in/second-factor"], headers
        cookies = [h for h in headers if h.lower().startswith("set-cookie:")]
        assert len(cookies) == 1 and "planted" not in cookies[0], cookies


def test_a_long_account_sent_in_one_kilobyte_pieces_is_recorded_whole(haven):
    cookie, csrf = form_session(haven, VOLUNTEER)
    # 19,999 characters, mixing scripts, as a long disclosure typed on a phone might.
    unit = "She said: «he hit me» — قالت إنه ضربها — 他打了我. "
    account = (unit * (19_999 // len(unit) + 1))[:19_998] + "."
    fields = {"child.name": "Long Account Child", "howItArose": "disclosed_by_child", "account": account, "categories[]": "physical_abuse",
              "_csrf": csrf}
    body = requests.models.RequestEncodingMixin._encode_params(fields).encode()
    status, headers, page = raw_request(haven, (
        "POST /concerns HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nCookie: haven_session={cookie}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode() + body, pieces=1024, pause=0.002)
    # Recorded, then on to its receipt (303), so that reloading the receipt sends nothing again.
    assert status.endswith("303 See Other"), (status, page[:500])
    location = next(l.split(":", 1)[1].strip() for l in headers if l.lower().startswith("location:"))
    assert location.startswith("/receipts/")
    page = requests.get(haven.url + location, cookies={"haven_session": cookie}, timeout=10).text
    reference = re.search(r'id="receipt-reference">([^<]+)<', page).group(1)
    assert reference.startswith("HVN-")
    dsl = haven.api_session("dsl@demo.haven.test")
    inbox = dsl.get(haven.url + "/api/v1/inbox", timeout=10).json()
    entry = next(e for e in inbox["entries"] if e["reference"] == reference)
    stored = dsl.get(haven.url + f"/api/v1/concerns/{entry['concernID']}", timeout=10).json()
    assert stored["content"]["account"] == account
    log = open(haven.log.name, encoding="utf-8", errors="replace").read()
    assert "قالت" not in log and "Long Account Child" not in log


def test_a_refused_form_is_logged_without_its_content(haven):
    cookie, _ = form_session(haven, VOLUNTEER)
    body = b"child.name=Refused+Child&howItArose=observed&account=Refused+words&_csrf=wrong"
    status, _, _ = raw_request(haven, (
        "POST /concerns HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nCookie: haven_session={cookie}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
    assert status.endswith("403 Forbidden"), status
    time.sleep(0.3)
    log = open(haven.log.name, encoding="utf-8", errors="replace").read()
    assert "form refused: CSRF token does not match" in log
    assert "Refused" not in log


def _sign_in(haven, email, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return requests.post(haven.url + "/api/v1/sessions", json={"email": email, "password": "not-the-password"},
                         headers=headers, timeout=10).status_code


def test_a_forged_forwarded_address_does_not_escape_the_limit_for_an_address(haven_factory):
    """Without a listed proxy, X-Forwarded-For is anyone's to write: changing it on every try
    does not make a new address."""
    haven = haven_factory(HAVEN_LIMIT_FAILED_SIGN_INS_PER_ADDRESS="3").start()
    statuses = [_sign_in(haven, f"nobody{i}@example.org", forwarded=f"203.0.113.{i}") for i in range(5)]
    assert statuses[:3] == [401, 401, 401], statuses
    assert statuses[3:] == [429, 429], statuses


def test_behind_a_listed_proxy_each_client_is_limited_on_its_own(haven_factory):
    """With the proxy listed (here the test itself, on loopback), the client it names is the
    address that is limited: one client waits, another is not held up by it."""
    haven = haven_factory(HAVEN_LIMIT_FAILED_SIGN_INS_PER_ADDRESS="3", HAVEN_TRUSTED_PROXIES="127.0.0.1,::1").start()
    first = [_sign_in(haven, f"nobody{i}@example.org", forwarded="203.0.113.7") for i in range(4)]
    assert first == [401, 401, 401, 429], first
    # A client that forges an entry before the proxy's own is still the address the proxy saw.
    assert _sign_in(haven, "someone@example.org", forwarded="198.51.100.1, 203.0.113.7") == 429
    assert _sign_in(haven, "someone@example.org", forwarded="203.0.113.8") == 401
