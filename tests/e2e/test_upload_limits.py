"""R3.1 against a real server: the one kind of route that reads megabytes (a copy of a referral
form) refuses anyone not signed in as soon as the request's head arrives, whatever its body
claims to be, instead of reading up to 10 MB first (an attacker's twenty such uploads at once
held 300 MB)."""
import socket
import uuid


def first_answer(haven, path, content_type, declared=9_000_000, sent=2_000, wait=5):
    """Sends the head of a large POST and a little of its body; the status line that comes back
    before the rest is sent, or None if the server waits for the whole body."""
    with socket.create_connection(("127.0.0.1", haven.port), timeout=wait) as connection:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {declared}\r\n\r\n")
        connection.sendall(head.encode() + b"x" * sent)
        try:
            answer = connection.recv(200)
        except socket.timeout:
            return None
        return answer.split(b"\r\n", 1)[0].decode()


def test_an_anonymous_document_upload_is_refused_before_its_body_is_read(haven):
    concern = uuid.uuid4()
    for path in [f"/api/v1/concerns/{concern}/referral-copies", f"/concerns/{concern}/referral-copies"]:
        for content_type in ["application/json", "application/x-www-form-urlencoded", "application/pdf",
                             "multipart/form-data; boundary=x"]:
            status = first_answer(haven, path, content_type)
            assert status is not None, f"{path} as {content_type}: the server waited for 9 MB from nobody"
            assert status.split(" ")[1] in ("401", "303", "403"), f"{path} as {content_type}: {status}"
