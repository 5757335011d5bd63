"""Issue 12.6 (R2.11) in a real headless Chromium on a phone-sized window: a volunteer marks two
injuries by tapping the body outlines and a third from the list without a pointer, makes a
mistake halfway (every mark comes back, drawn again), puts it right and sends; the DSL sees the
marks on the concern, each with its size, colour and the child's own words. A screenshot of each
step."""
import os

from conftest import fresh_totp
from test_browser import browser_factory, sign_in  # noqa: F401 (the fixture is used by name)


def tap(browser, element):
    """A tap in the middle of an element, scrolled into view first, as a thumb would."""
    from selenium.webdriver.common.action_chains import ActionChains
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(browser).move_to_element(element).click().perform()


def dots(browser, scope):
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' .mark-dot')).map(function (g) {"
        " return g.closest('svg').getAttribute('data-view') + ':' + g.textContent; })", scope)


def test_volunteer_marks_injuries_on_a_body_map_on_a_phone(haven_factory, browser_factory, artefacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    haven = haven_factory().start()
    phone = browser_factory(390, 844)
    sign_in(phone, haven, "volunteer@demo.haven.test")
    phone.get(haven.url + "/concerns/new")
    phone.find_element(By.ID, "child.name").send_keys("ياسمين Okafor-Brennan")
    phone.find_element(By.CSS_SELECTOR, "input[name=howItArose][value=observed]").click()
    phone.find_element(By.ID, "account").send_keys(
        "When she took her jumper off for PE I saw bruises on her left arm and marks on her back.")
    # No photographs: the form says what to do instead, and has nowhere to put one.
    summary = phone.find_element(By.XPATH, "//summary[contains(., 'body map')]")
    tap(phone, summary)
    assert "Never photograph" in phone.find_element(By.ID, "no-pictures").text
    assert not phone.find_elements(By.CSS_SELECTOR, "input[type=file]")

    # Two taps on the outlines: the child's left forearm from the front, the upper back.
    tap(phone, phone.find_element(By.CSS_SELECTOR, "svg[data-view=front] [data-part=leftForearm]"))
    assert Select(phone.find_element(By.ID, "mark1.place")).first_selected_option.get_attribute("value") == "front.leftForearm"
    assert phone.find_element(By.ID, "mark1.x").get_attribute("value") != ""
    # The page stays on the map (no keyboard pops up); the line under it says what was marked.
    assert phone.execute_script("return document.activeElement.id") != "mark1.size"
    status = phone.find_element(By.ID, "body-map-status")
    assert status.is_displayed() and "Mark 1: Front: Left forearm and wrist" in status.text, status.text
    phone.find_element(By.ID, "mark1.size").send_keys("about 3 cm")
    phone.find_element(By.ID, "mark1.colour").send_keys("purple, yellow at the edges")
    phone.find_element(By.ID, "mark1.explanation").send_keys("She said: \"I fell off the trampoline\"")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "svg[data-view=back] [data-part=upperBack]"))
    phone.find_element(By.ID, "mark2.size").send_keys("three thin lines")
    # The third without a pointer: chosen from the list, as a keyboard or screen reader would.
    third = Select(phone.find_element(By.ID, "mark3.place"))
    third.select_by_value("left.leftThigh")
    phone.find_element(By.ID, "mark3.size").send_keys("5 cm")
    assert sorted(dots(phone, "#body-map-input")) == ["back:2", "front:1", "left:3"]
    # A fourth tap, in the middle of the side of the body behind the arm, adds a row of its own.
    side = phone.find_element(By.CSS_SELECTOR, "svg[data-view=right] [data-part=rightSide]")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", side)
    from selenium.webdriver.common.action_chains import ActionChains
    box = side.rect
    ActionChains(phone).move_to_element_with_offset(side, -int(box["width"] * 0.3), 0).click().perform()
    assert phone.find_element(By.ID, "mark4.place").get_attribute("value") == "right.rightSide"
    # A near miss beside a hand still marks the hand.
    hand = phone.find_element(By.CSS_SELECTOR, "svg[data-view=front] [data-part=rightHand]")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", hand)
    ActionChains(phone).move_to_element_with_offset(hand, -int(hand.rect["width"] / 2) - 5, 0).click().perform()
    assert phone.find_element(By.ID, "mark5.place").get_attribute("value") == "front.rightHand"
    # Removing mark 2 numbers the rest again, as the DSL will read them; it can be put back.
    remove = phone.find_element(By.CSS_SELECTOR, "[data-row='2'] .remove-mark")
    tap(phone, remove)
    assert phone.find_element(By.ID, "mark2.place").get_attribute("value") == "left.leftThigh"
    assert phone.find_element(By.ID, "mark4.place").get_attribute("value") == "front.rightHand"
    assert not phone.find_elements(By.ID, "mark5.place")
    tap(phone, phone.find_element(By.ID, "undo-remove"))
    assert phone.find_element(By.ID, "mark2.size").get_attribute("value") == "three thin lines"
    assert phone.find_element(By.ID, "mark5.place").get_attribute("value") == "front.rightHand"
    for row in ("5", "4"):
        tap(phone, phone.find_element(By.CSS_SELECTOR, "[data-row='%s'] .remove-mark" % row))
    assert sorted(dots(phone, "#body-map-input")) == ["back:2", "front:1", "left:3"]
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    phone.execute_script("arguments[0].scrollIntoView({block: 'start'})", phone.find_element(By.ID, "body-map-input"))
    phone.save_screenshot(os.path.join(artefacts, "50-body-map-marked.png"))

    # A mistake halfway: every mark comes back, drawn where it was.
    more = phone.find_element(By.XPATH, "//summary[contains(., 'More about the child')]")
    tap(phone, more)
    phone.find_element(By.ID, "child.approximateAge").send_keys("nine")
    send = phone.find_element(By.ID, "submit-concern")
    tap(phone, send)
    WebDriverWait(phone, 20).until(lambda b: b.find_elements(By.ID, "form-errors"))
    assert phone.find_element(By.ID, "mark1.explanation").get_attribute("value") == "She said: \"I fell off the trampoline\""
    assert phone.find_element(By.ID, "mark3.place").get_attribute("value") == "left.leftThigh"
    assert sorted(dots(phone, "#body-map-input")) == ["back:2", "front:1", "left:3"]
    phone.execute_script("arguments[0].scrollIntoView({block: 'start'})", phone.find_element(By.ID, "body-map-input"))
    phone.save_screenshot(os.path.join(artefacts, "51-body-map-kept.png"))
    age = phone.find_element(By.ID, "child.approximateAge")
    age.clear()
    age.send_keys("9")
    tap(phone, phone.find_element(By.ID, "submit-concern"))
    WebDriverWait(phone, 20).until(lambda b: b.find_elements(By.ID, "receipt-reference"))
    reference = phone.find_element(By.ID, "receipt-reference").text

    dsl = browser_factory(390, 844)
    sign_in(dsl, haven, "dsl@demo.haven.test")
    dsl.find_element(By.ID, "code").send_keys(fresh_totp(haven.secrets["dsl@demo.haven.test"], haven.used_steps))
    dsl.find_element(By.ID, "submit-code").click()
    WebDriverWait(dsl, 15).until(lambda b: "second-factor" not in b.current_url)
    dsl.get(haven.url + "/inbox")
    dsl.find_element(By.LINK_TEXT, reference).click()
    section = dsl.find_element(By.ID, "injuries")
    assert sorted(dots(dsl, "#injuries")) == ["back:2", "front:1", "left:3"]
    text = section.text
    assert "Front: Left forearm and wrist" in text and "about 3 cm" in text and "purple, yellow at the edges" in text
    assert "I fell off the trampoline" in text and "Left side: Left thigh" in text
    assert dsl.execute_script("return document.documentElement.scrollWidth") <= 390
    dsl.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    dsl.save_screenshot(os.path.join(artefacts, "52-body-map-on-the-concern.png"))
