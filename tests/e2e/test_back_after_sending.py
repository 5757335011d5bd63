"""Issue 12.4 in a real headless Chromium on a phone-sized window: Back from the receipt of a
concern just sent shows an empty form with a new key, not the child's details again (a phone
passed round a team must not show them to the next person)."""
import os

from test_browser import browser_factory, sign_in  # noqa: F401 (the fixture is used by name)


def test_back_from_a_receipt_shows_an_empty_form(haven_factory, browser_factory, artefacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    haven = haven_factory().start()
    phone = browser_factory(390, 844)
    sign_in(phone, haven, "volunteer@demo.haven.test")
    phone.get(haven.url + "/concerns/new")
    phone.find_element(By.ID, "child.name").send_keys("Noor Back-Button")
    phone.find_element(By.CSS_SELECTOR, "input[name=howItArose][value=observed]").click()
    phone.find_element(By.ID, "account").send_keys("She said she sleeps on the sofa because her room is too cold.")
    send = phone.find_element(By.CSS_SELECTOR, "#concern-form button[type=submit]")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", send)
    send.click()
    WebDriverWait(phone, 20).until(lambda b: b.find_elements(By.ID, "receipt-reference"))
    reference = phone.find_element(By.ID, "receipt-reference").text
    phone.back()
    WebDriverWait(phone, 20).until(
        lambda b: b.current_url.endswith("/concerns/new") and b.find_elements(By.ID, "child.name")
        and b.find_element(By.ID, "child.name").get_attribute("value") == "")
    phone.save_screenshot(os.path.join(artefacts, "75-back-after-sending.png"))
    assert "Noor" not in phone.find_element(By.ID, "concern-form").get_attribute("innerHTML")
    assert reference
