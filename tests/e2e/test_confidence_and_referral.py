"""Issue 12.7 in a real headless Chromium on a phone-sized window: a volunteer records a concern a
parent passed on to them, ticking the facts they were told rather than saw, and writes what the
child shared in confidence in the folded question for it; the DSL sees which facts were told, sees
that something is held in confidence without seeing it, reads it by giving a reason (a mistake
first: no reason), and keeps a copy of a referral form a colleague made by phone, which downloads
as the same file. A screenshot of each step."""
import hashlib
import os
import tempfile

from test_body_map import tap
from test_browser import browser_factory, sign_in  # noqa: F401 (the fixture is used by name)
from test_people_browser import pass_code

CONFIDENCE = "She told me she is gay and that her dad must not find out."


def test_told_facts_confidence_and_a_referral_copy_on_a_phone(haven_factory, browser_factory, artefacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    haven = haven_factory().start()
    phone = browser_factory(390, 844)
    sign_in(phone, haven, "volunteer@demo.haven.test")
    phone.get(haven.url + "/concerns/new")
    phone.find_element(By.ID, "child.name").send_keys("نور Castellanos-Reid")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "input[name=howItArose][value=told_by_adult]"))
    phone.find_element(By.ID, "location").send_keys("The bus stop on Mill Lane")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "input[name='reportedFacts[]'][value=when_and_where]"))
    phone.find_element(By.ID, "account").send_keys(
        "Her aunt rang to say she saw an older boy push her over at the bus stop and call her names.")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "input[name='reportedFacts[]'][value=account]"))
    tap(phone, phone.find_element(By.XPATH, "//summary[contains(., 'in confidence')]"))
    phone.find_element(By.ID, "restricted").send_keys(CONFIDENCE)
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    phone.save_screenshot(os.path.join(artefacts, "70-told-and-confidence.png"))
    tap(phone, phone.find_element(By.ID, "submit-concern"))
    WebDriverWait(phone, 15).until(lambda b: "/receipts/" in b.current_url)
    concern = phone.current_url.split("/receipts/")[1].split("?")[0].split("#")[0]
    assert CONFIDENCE not in phone.page_source

    dsl = browser_factory(390, 844)
    sign_in(dsl, haven, "dsl@demo.haven.test")
    pass_code(dsl, haven, "dsl@demo.haven.test")
    dsl.get(haven.url + "/concerns/" + concern)
    facts = dsl.find_element(By.TAG_NAME, "main").text
    assert "The bus stop on Mill Lane (the recorder was told this by someone else)" in facts, facts
    assert CONFIDENCE not in dsl.page_source
    section = dsl.find_element(By.ID, "restricted")
    assert "keeps one thing the child shared in confidence" in section.text, section.text
    dsl.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    dsl.save_screenshot(os.path.join(artefacts, "71-held-in-confidence.png"))
    # No reason: the page says so, and shows nothing. The browser's own check is set aside, as a
    # script or an old browser would.
    dsl.execute_script("document.querySelectorAll('#restricted-read input').forEach(function (i) { i.required = false; })")
    tap(dsl, dsl.find_element(By.ID, "read-restricted"))
    assert "Say why you need to read it" in dsl.find_element(By.ID, "form-errors").text
    assert CONFIDENCE not in dsl.page_source
    tap(dsl, dsl.find_element(By.ID, "confidence-reason-protect_the_child"))
    tap(dsl, dsl.find_element(By.ID, "read-restricted"))
    shown = dsl.find_element(By.ID, "restricted-information").text
    assert CONFIDENCE in shown, shown
    assert "To protect the child" in dsl.find_element(By.ID, "restricted-reason").text
    assert dsl.execute_script("return document.documentElement.scrollWidth") <= 390
    dsl.save_screenshot(os.path.join(artefacts, "72-read-with-a-reason.png"))

    # A phone's photo of a form larger than Haven keeps: said on the page, not a bare status.
    dsl.get(haven.url + "/concerns/" + concern)
    tap(dsl, dsl.find_element(By.XPATH, "//summary[contains(., 'copy of a referral form')]"))
    big = os.path.join(tempfile.mkdtemp(), "photo of the form.jpg")
    with open(big, "wb") as out:
        out.write(b"\xff\xd8\xff\xe0" + b"\0" * (11 * 1024 * 1024))
    dsl.find_element(By.ID, "copy-file").send_keys(big)
    tap(dsl, dsl.find_element(By.ID, "copy-notAPicture"))
    tap(dsl, dsl.find_element(By.XPATH, "//button[contains(., 'Keep the copy')]"))
    WebDriverWait(dsl, 30).until(lambda b: b.find_elements(By.ID, "form-errors"))
    assert "too large" in dsl.find_element(By.ID, "form-errors").text
    assert dsl.find_element(By.ID, "copy-again").is_displayed()
    dsl.save_screenshot(os.path.join(artefacts, "74-copy-too-large.png"))

    # A copy of the referral form a colleague made by phone: kept, listed, downloaded whole.
    dsl.get(haven.url + "/concerns/" + concern)
    tap(dsl, dsl.find_element(By.XPATH, "//summary[contains(., 'copy of a referral form')]"))
    pdf = b"%PDF-1.4\n% Referral to the front door, made by phone at 16:05\n%%EOF\n"
    path = os.path.join(tempfile.mkdtemp(), "MASH referral Nour.pdf")
    with open(path, "wb") as out:
        out.write(pdf)
    dsl.find_element(By.ID, "copy-file").send_keys(path)
    tap(dsl, dsl.find_element(By.ID, "copy-notAPicture"))
    tap(dsl, dsl.find_element(By.XPATH, "//button[contains(., 'Keep the copy')]"))
    WebDriverWait(dsl, 15).until(lambda b: b.current_url.endswith("#referral-copies"))
    copies = dsl.find_element(By.ID, "referral-copies")
    link = copies.find_element(By.CSS_SELECTOR, "a[download]")
    assert link.text == "MASH referral Nour.pdf", link.text
    dsl.execute_script("arguments[0].scrollIntoView({block: 'start'})", copies)
    dsl.save_screenshot(os.path.join(artefacts, "73-referral-copy.png"))
    # Fetched as the browser would, with its session: the same bytes.
    got = dsl.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(function (r) { return r.arrayBuffer().then(function (b) {"
        " done([r.status, r.headers.get('content-disposition'), Array.from(new Uint8Array(b))]); }); });",
        link.get_attribute("href"))
    assert got[0] == 200 and got[1].startswith("attachment;"), got[:2]
    assert hashlib.sha256(bytes(got[2])).hexdigest() == hashlib.sha256(pdf).hexdigest()
