"""N4: /metrics on the real server: answered on loopback, not through a proxy, and in the
Prometheus text format with Haven's own figures."""
import requests


def test_metrics_answer_this_machine_and_not_a_forwarded_request(haven):
    requests.get(haven.url + "/healthz")
    response = requests.get(haven.url + "/metrics")
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain")
    text = response.text
    for name in ("http_requests_total", "haven_outbox_backlog", "haven_audit_chain_verified"):
        assert name in text, name
    assert 'path="/healthz"' in text
    # The same connection, forwarded by a proxy on this machine, is someone else's request.
    forwarded = requests.get(haven.url + "/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 404


def test_the_demo_is_ready_and_says_email_is_not_configured(haven):
    """Issue 13.4: the demo has no mail relay; /readyz says so to this machine, and only "ready"
    to a request that came through a proxy."""
    response = requests.get(haven.url + "/readyz")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["ready"] is True and answer["summary"] == "ready, email not configured", answer
    states = {check["dependency"]: check["state"] for check in answer["checks"]}
    assert states["database"] == "ok" and states["audit anchor"] == "ok" and states["email"] == "not configured", states
    forwarded = requests.get(haven.url + "/readyz", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 200 and forwarded.text == "ready\n"
