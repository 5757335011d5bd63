"""The OpenAPI document tells the truth: every documented operation is exercised against the
real server and each response is validated against the document's schema for its status."""
import datetime
import json
import os
import zoneinfo

import jsonschema
import pytest

# The document Haven serves, assembled from its modules' parts; read from the server first.
DOC = {}
# Days ahead are checked against today where the demo organisation is.
LONDON_TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London")).date().isoformat()
EXERCISED = set()


def schema_for(path, method, status):
    operation = DOC["paths"][path][method]
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method.upper()} {path} answered {status}, which the document does not list"
    content = response.get("content")
    if not content:
        return None
    if not any("json" in media for media in content):
        return {"binary": sorted(content)}  # a document: its type must be one listed
    media = next(iter(content.values()))
    return {**media["schema"], "components": DOC["components"]}


def check(response, path, method):
    EXERCISED.add((path, method))
    schema = schema_for(path, method, response.status_code)
    if schema is None:
        assert not response.content
        return None
    if "binary" in schema:
        assert response.headers["Content-Type"].split(";")[0] in schema["binary"], response.headers["Content-Type"]
        return response.content
    body = response.json()
    jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)
    return body


def test_every_documented_operation_matches_its_schema(haven):
    url = haven.url
    anonymous = __import__("requests").Session()
    served = anonymous.get(url + "/api/v1/openapi.json")
    assert served.status_code == 200, served.status_code
    DOC.update(served.json())
    check(served, "/api/v1/openapi.json", "get")
    # Sign-in: success and a wrong password.
    check(anonymous.post(url + "/api/v1/sessions", json={"email": "dsl@demo.haven.test", "password": "nope"}), "/api/v1/sessions", "post")
    volunteer = haven.api_session("volunteer@demo.haven.test", second_factor=False)
    check(volunteer.post(url + "/api/v1/sessions", json={"email": "volunteer@demo.haven.test", "password": haven.passwords["volunteer@demo.haven.test"]}), "/api/v1/sessions", "post")
    check(volunteer.get(url + "/api/v1/categories"), "/api/v1/categories", "get")
    bad = check(volunteer.post(url + "/api/v1/concerns", json={"howItArose": "observed"}), "/api/v1/concerns", "post")
    assert {e["field"] for e in bad["errors"]} == {"child.name", "account"}
    receipt = check(volunteer.post(url + "/api/v1/concerns", json={
        "child": {"name": "Contract Child", "approximateAge": 11}, "howItArose": "observed", "account": "Limping and would not say why.",
        "categories": ["physical_abuse"], "occurredAt": "2026-11-20T10:00:00Z", "linkedChildren": [{"name": "Contract Sibling", "relationship": "sister"}],
        "reportedFacts": ["injury"], "restricted": "He asked me not to tell his dad he is trans."}),
        "/api/v1/concerns", "post")
    concern = receipt["concernID"]
    check(volunteer.get(f"{url}/api/v1/concerns/{concern}/receipt"), "/api/v1/concerns/{concernID}/receipt", "get")
    forbidden = check(volunteer.get(f"{url}/api/v1/concerns/{concern}"), "/api/v1/concerns/{concernID}", "get")
    assert "Contract Child" not in json.dumps(forbidden)
    check(volunteer.post(f"{url}/api/v1/concerns/{concern}/addenda", json={"reason": "correction", "text": "Left leg, not right."}),
          "/api/v1/concerns/{concernID}/addenda", "post")
    check(volunteer.get(url + "/api/v1/inbox"), "/api/v1/inbox", "get")

    dsl = haven.api_session("dsl@demo.haven.test")
    inbox = check(dsl.get(url + "/api/v1/inbox"), "/api/v1/inbox", "get")
    assert any(e["concernID"] == concern for e in inbox["entries"])
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/triage", json={"outcome": "keep_under_review"}), "/api/v1/concerns/{concernID}/triage", "post")
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/triage", json={
        "outcome": "early_help", "rationale": "Family agree to support", "threshold": "additional", "consulted": "Deputy DSL"}),
        "/api/v1/concerns/{concernID}/triage", "post")
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/actions", json={"description": "Call school", "dueOn": "someday"}),
          "/api/v1/concerns/{concernID}/actions", "post")
    # Without an owner the action is the DSL's own.
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/actions", json={"description": "Call school", "dueOn": LONDON_TODAY}),
          "/api/v1/concerns/{concernID}/actions", "post")
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/delegation", json={"note": "no one chosen"}), "/api/v1/concerns/{concernID}/delegation", "post")
    file = check(dsl.get(f"{url}/api/v1/concerns/{concern}"), "/api/v1/concerns/{concernID}", "get")
    assert file["content"]["account"] == "Limping and would not say why."
    assert [a["text"] for a in file["addenda"]] == ["Left leg, not right."]
    child = file["childID"]
    # R7.7, issue 12.8: a file opens with a reason sent in the body, never in an address; until
    # then nothing of it is given. One opening lasts the visit.
    chronology_path = "/api/v1/children/{childID}/chronology"
    openings_path = "/api/v1/children/{childID}/openings"
    for query in ["?order=oldest", "?reason=case_review"]:
        refused = check(dsl.get(f"{url}/api/v1/children/{child}/chronology{query}"), chronology_path, "get")
        assert [e["field"] for e in refused["errors"]] == ["reason"], refused
        assert "Contract Child" not in json.dumps(refused)
    no_reason = check(dsl.post(f"{url}/api/v1/children/{child}/openings", json={}), openings_path, "post")
    assert [e["field"] for e in no_reason["errors"]] == ["reason"]
    opened = check(dsl.post(f"{url}/api/v1/children/{child}/openings", json={"reason": "other", "reasonNote": "Checking history"}),
                   openings_path, "post")
    assert opened["childID"] == child
    chronology = check(dsl.get(f"{url}/api/v1/children/{child}/chronology?order=oldest"), chronology_path, "get")
    assert [e["kind"] for e in chronology["entries"]][:3] == ["concern_recorded", "restricted_added", "addendum"]
    assert chronology.get("next") is None  # one short page
    made_up = check(dsl.get(f"{url}/api/v1/children/{child}/chronology?after=1.2.../etc/passwd"), chronology_path, "get")
    assert made_up["status"] == 400 and [e["field"] for e in made_up["errors"]] == ["after"]
    log = check(dsl.get(f"{url}/api/v1/children/{child}/access-log"), "/api/v1/children/{childID}/access-log", "get")
    assert [line.get("reason") for line in log["lines"]].count("Something else: Checking history") == 1
    nobody = "00000000-0000-0000-0000-000000000000"
    check(dsl.post(f"{url}/api/v1/children/{nobody}/openings", json={"reason": "case_review"}), openings_path, "post")
    check(dsl.get(f"{url}/api/v1/children/{nobody}/chronology"), chronology_path, "get")
    # Issue 12.2: one file per child. Haven proposes the file a second concern's child may
    # already have, with its reason; the DSL links them, takes them apart, merges and links households.
    twin = {"name": "Contract Twin", "dateOfBirth": "2015-03-04"}
    first = check(volunteer.post(url + "/api/v1/concerns", json={"child": twin, "howItArose": "observed", "account": "Hungry again."}),
                  "/api/v1/concerns", "post")
    second = check(volunteer.post(url + "/api/v1/concerns", json={"child": twin, "howItArose": "observed", "account": "No coat in the rain."}),
                   "/api/v1/concerns", "post")
    same_path = "/api/v1/concerns/{concernID}/same-child"
    check(volunteer.get(f"{url}/api/v1/concerns/{second['concernID']}/same-child"), same_path, "get")
    same = check(dsl.get(f"{url}/api/v1/concerns/{second['concernID']}/same-child?q=Contract"), same_path, "get")
    proposed = [(c["name"], c["reason"]) for c in same["proposals"]]
    assert proposed == [("Contract Twin", "same_name_and_birth")], same
    assert any(c["name"] == "Contract Child" for c in same["found"]), same
    first_child = same["proposals"][0]["id"]
    second_child = same["childID"]
    check(dsl.post(f"{url}/api/v1/concerns/{second['concernID']}/child", json={}), "/api/v1/concerns/{concernID}/child", "post")
    check(dsl.post(f"{url}/api/v1/concerns/{second['concernID']}/child", json={"childID": first_child}),
          "/api/v1/concerns/{concernID}/child", "post")
    linked = check(dsl.get(f"{url}/api/v1/concerns/{second['concernID']}/same-child"), same_path, "get")
    assert linked["keptIn"]["id"] == first_child and linked["proposals"] == []
    check(dsl.post(f"{url}/api/v1/concerns/{second['concernID']}/child/separate", json={}),
          "/api/v1/concerns/{concernID}/child/separate", "post")
    check(dsl.post(f"{url}/api/v1/children/{first_child}/merge", json={"otherChild": second_child}), "/api/v1/children/{childID}/merge", "post")
    check(dsl.post(f"{url}/api/v1/children/{first_child}/separate", json={"record": "not-a-child"}), "/api/v1/children/{childID}/separate", "post")
    check(dsl.post(f"{url}/api/v1/children/{first_child}/separate", json={"record": second_child}), "/api/v1/children/{childID}/separate", "post")
    check(dsl.post(f"{url}/api/v1/children/{child}/household", json={"otherChild": first_child}), "/api/v1/children/{childID}/household", "post")
    listed = check(dsl.get(f"{url}/api/v1/children?q=Contract+Twin"), "/api/v1/children", "get")
    assert sorted(c["id"] for c in listed["children"]) == sorted([first_child, second_child]), listed
    check(volunteer.get(f"{url}/api/v1/children"), "/api/v1/children", "get")
    assert first["concernID"] != second["concernID"]
    # R7.1: what the child shared in confidence, read with a reason each time, added to.
    no_reason = check(dsl.post(f"{url}/api/v1/concerns/{concern}/restricted/read", json={}),
                      "/api/v1/concerns/{concernID}/restricted/read", "post")
    assert [e["field"] for e in no_reason["errors"]] == ["reason"]
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/restricted", json={"text": " "}), "/api/v1/concerns/{concernID}/restricted", "post")
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/restricted", json={"text": "He said his mum knows."}),
          "/api/v1/concerns/{concernID}/restricted", "post")
    kept = check(dsl.post(f"{url}/api/v1/concerns/{concern}/restricted/read", json={"reason": "protect_the_child"}),
                 "/api/v1/concerns/{concernID}/restricted/read", "post")
    assert [i["text"] for i in kept["information"]] == ["He asked me not to tell his dad he is trans.", "He said his mum knows."]
    assert "trans" not in json.dumps(file)
    # R3.1: a copy of a referral made outside Haven, sent as the body itself, and read back.
    copies = "/api/v1/concerns/{concernID}/referral-copies"
    pdf = b"%PDF-1.4\n% a referral form\n%%EOF\n"
    unsaid = check(dsl.post(f"{url}/api/v1/concerns/{concern}/referral-copies", data=pdf,
                            headers={"Content-Type": "application/pdf"}), copies, "post")
    assert [e["field"] for e in unsaid["errors"]] == ["notAPicture"]
    disguised = check(dsl.post(f"{url}/api/v1/concerns/{concern}/referral-copies?notAPicture=true", data=b"\x89PNG\r\n\x1a\n....",
                               headers={"Content-Type": "application/pdf"}), copies, "post")
    assert [e["field"] for e in disguised["errors"]] == ["file"]
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/referral-copies?notAPicture=true", data=b"<svg/>",
                   headers={"Content-Type": "image/svg+xml"}), copies, "post")
    check(volunteer.post(f"{url}/api/v1/concerns/{concern}/referral-copies?notAPicture=true", data=pdf,
                         headers={"Content-Type": "application/pdf"}), copies, "post")
    kept_copy = check(dsl.post(f"{url}/api/v1/concerns/{concern}/referral-copies?notAPicture=true", data=pdf,
                               headers={"Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="../../Referral form.pdf"'}),
                      copies, "post")
    assert kept_copy["filename"] == "Referral form.pdf" and kept_copy["byteCount"] == len(pdf), kept_copy
    assert kept_copy["sha256"] == __import__("hashlib").sha256(pdf).hexdigest()
    one_copy = f"{url}/api/v1/concerns/{concern}/referral-copies/{kept_copy['id']}"
    assert check(dsl.get(one_copy), copies + "/{copyID}", "get") == pdf
    check(volunteer.get(one_copy), copies + "/{copyID}", "get")
    # R2.6: an allegation record, from a concern naming someone (not from one naming nobody).
    check(dsl.post(f"{url}/api/v1/concerns/{concern}/allegation", json={}), "/api/v1/concerns/{concernID}/allegation", "post")
    named = check(volunteer.post(url + "/api/v1/concerns", json={
        "child": {"name": "Contract Named"}, "howItArose": "disclosed_by_child", "account": "She said the coach hit her.",
        "allegedPerpetrator": {"name": "Coach Contract", "worksWithChildren": True}}), "/api/v1/concerns", "post")
    check(dsl.post(f"{url}/api/v1/concerns/{named['concernID']}/allegation", json={}), "/api/v1/concerns/{concernID}/allegation", "post")
    check(dsl.post(url + "/api/v1/sessions/current/second-factor", json={"code": "000000"}), "/api/v1/sessions/current/second-factor", "post")
    fresh = haven.api_session("deputy@demo.haven.test", second_factor=False)
    from conftest import fresh_totp
    old_token = fresh.headers["Authorization"]
    passed = check(fresh.post(url + "/api/v1/sessions/current/second-factor", json={"code": fresh_totp(haven.secrets["deputy@demo.haven.test"], haven.used_steps)}),
                   "/api/v1/sessions/current/second-factor", "post")
    # The session is known by a new token once the second factor is passed; the old one is gone.
    assert passed["secondFactorPassed"] and "Bearer " + passed["token"] != old_token
    assert __import__("requests").get(url + "/api/v1/inbox", headers={"Authorization": old_token}).status_code == 401
    fresh.headers["Authorization"] = "Bearer " + passed["token"]
    check(fresh.get(url + "/api/v1/inbox"), "/api/v1/inbox", "get")
    check(fresh.delete(url + "/api/v1/sessions/current"), "/api/v1/sessions/current", "delete")
    check(fresh.get(url + "/api/v1/inbox"), "/api/v1/inbox", "get")

    documented = {(path, method) for path, ops in DOC["paths"].items() for method in ops}
    assert documented <= EXERCISED, f"not exercised: {sorted(documented - EXERCISED)}"
