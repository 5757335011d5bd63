"""Issue 10.2 and 10.7 in a real headless Chromium on a phone-sized window: an administrator
invites someone with a long right-to-left name and a role that gives need-to-know; it waits for
the DSL, who approves it; the new person follows their emailed link, makes a mistake, chooses
their own password and sets up their authenticator from the QR page. A screenshot of each step."""
import os
import re
import time

from conftest import fresh_totp, totp
from test_browser import browser_factory, sign_in  # noqa: F401 (the fixture is used by name)

# As long as a name may be (200 characters), right to left and Latin mixed.
NAME = "مريم بنت عبد الله Okonkwo-Łukasiewicz " + "ابن" * 54


def pass_code(browser, haven, email):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    browser.find_element(By.ID, "code").send_keys(fresh_totp(haven.secrets[email], haven.used_steps))
    browser.find_element(By.ID, "submit-code").click()
    WebDriverWait(browser, 15).until(lambda b: "second-factor" not in b.current_url)


def type_into(browser, element_id, text):
    """Types as a person does: the field scrolled into the middle of a phone's screen and tapped first."""
    from selenium.webdriver.common.by import By
    field = browser.find_element(By.ID, element_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    field.send_keys(text)


def emails_to(inbox, to, containing):
    """The emails that reached `to` over SMTP and hold `containing`, waiting up to 30 s for one
    (what waits in the outbox is sealed: it is read from the mail server, as the person would)."""
    deadline = time.time() + 30
    while True:
        found = [content for _, recipients, content in inbox.messages if to in recipients and containing in content]
        if found or time.time() > deadline:
            return found
        time.sleep(0.2)


def test_an_invited_person_waits_for_the_dsl_and_activates_their_own_account(haven_factory, smtp_server, browser_factory, artefacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    controller, inbox = smtp_server
    haven = haven_factory(HAVEN_SMTP_HOST="127.0.0.1", HAVEN_SMTP_PORT=str(controller.port),
                          HAVEN_SMTP_FROM="haven@demo.haven.test", HAVEN_OUTBOX_INTERVAL="0.5").start()

    admin = browser_factory(390, 844)
    sign_in(admin, haven, "admin@demo.haven.test")
    pass_code(admin, haven, "admin@demo.haven.test")
    assert admin.find_element(By.ID, "demo-banner").is_displayed()
    admin.get(haven.url + "/admin/people")
    admin.save_screenshot(os.path.join(artefacts, "09-admin-people.png"))
    type_into(admin, "name", NAME)
    type_into(admin, "email", "maryam@example.org")
    admin.find_element(By.CSS_SELECTOR, "form[action='/admin/people'] input[name='roles[]'][value=case_manager]").click()
    admin.find_element(By.CSS_SELECTOR, "form[action='/admin/people'] input[name='roles[]'][value=activity_lead]").click()
    admin.find_element(By.CSS_SELECTOR, "form[action='/admin/people'] button[type=submit]").click()
    WebDriverWait(admin, 15).until(lambda b: "done=" in b.current_url)
    assert "wait for a DSL" in admin.find_element(By.ID, "people-done").text
    assert "Case manager" in admin.find_element(By.ID, "people-waiting").text
    admin.save_screenshot(os.path.join(artefacts, "10-admin-invites-waiting.png"))
    # The administrator cannot make themselves DSL: there is no role form for their own row.
    assert "another administrator changes your roles" in admin.page_source

    dsl = browser_factory(390, 844)
    sign_in(dsl, haven, "dsl@demo.haven.test")
    pass_code(dsl, haven, "dsl@demo.haven.test")
    assert "waiting for a DSL" in dsl.find_element(By.ID, "approvals-waiting").text
    dsl.find_element(By.LINK_TEXT, "Review it").click()  # one change waits: the singular
    dsl.save_screenshot(os.path.join(artefacts, "11-dsl-approvals.png"))
    approve = dsl.find_element(By.CSS_SELECTOR, "#approvals-pending button.primary")
    # A double tap sends it twice: the second is refused as already decided, nothing is granted twice.
    dsl.execute_script("arguments[0].click(); arguments[0].click();", approve)
    WebDriverWait(dsl, 15).until(lambda b: b.find_elements(By.ID, "approvals-none") or b.find_elements(By.CSS_SELECTOR, ".error-summary"))
    dsl.get(haven.url + "/approvals")
    assert dsl.find_elements(By.ID, "approvals-none")
    decided = dsl.find_element(By.ID, "approvals-decided").text.replace("\u2068", "").replace("\u2069", "")
    assert decided.count("Approved by Dana Whitlock") == 1, decided
    # Back and Forward do not send it again.
    dsl.back()
    dsl.forward()
    assert dsl.find_elements(By.ID, "approvals-none")
    dsl.save_screenshot(os.path.join(artefacts, "12-dsl-approved.png"))
    assert emails_to(inbox, "dsl@demo.haven.test", "approved the request")

    # The new person's own link, from the email Haven sent them.
    body = emails_to(inbox, "maryam@example.org", "/account/activate/")[0]
    link = re.search(r"(/account/activate/[A-Za-z0-9_-]+)", body).group(1)
    person = browser_factory(390, 844)
    person.get(haven.url + link)
    assert "Welcome to Haven" in person.find_element(By.TAG_NAME, "h1").text
    type_into(person, "password", "a quiet walk by the old canal")
    type_into(person, "confirmPassword", "a quiet walk by the old canel")
    person.find_element(By.ID, "submit-password").click()
    assert "not the same" in person.find_element(By.ID, "password-errors").text
    person.save_screenshot(os.path.join(artefacts, "13-activation-mistake.png"))
    # However long their name, the greeting leaves what went wrong and the field to put it right in view.
    for shown in ("password-errors", "password"):
        bottom = person.execute_script(f"return document.getElementById('{shown}').getBoundingClientRect().bottom")
        assert bottom <= person.execute_script("return window.innerHeight"), (shown, bottom)
    # Only a very long name is cut short: one of ordinary length, in the same place, is shown whole.
    ordinary = person.execute_script(
        "const e = document.querySelector('h1 .heading-name'); const kept = e.textContent;"
        "e.textContent = 'Oluwaseun Adebayo-Whitfield Jones, María-José Fernández de Córdoba';"
        "const whole = e.scrollHeight <= e.clientHeight + 1; e.textContent = kept; return whole")
    assert ordinary
    type_into(person, "password", "a quiet walk by the old canal")
    type_into(person, "confirmPassword", "a quiet walk by the old canal")
    person.find_element(By.ID, "submit-password").click()
    WebDriverWait(person, 15).until(lambda b: b.find_elements(By.ID, "totp-qr"))
    assert person.find_element(By.CSS_SELECTOR, "#totp-qr svg").is_displayed()
    person.save_screenshot(os.path.join(artefacts, "14-enrol-qr.png"))
    secret = person.find_element(By.ID, "totp-secret").text.replace(" ", "")
    type_into(person, "code", totp(secret))
    person.find_element(By.ID, "submit-enrol").click()
    WebDriverWait(person, 15).until(lambda b: b.current_url.rstrip("/") == haven.url)
    person.save_screenshot(os.path.join(artefacts, "15-new-person-home.png"))
    # The link works once.
    person.get(haven.url + link)
    assert "no longer works" in person.find_element(By.TAG_NAME, "h1").text
