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
