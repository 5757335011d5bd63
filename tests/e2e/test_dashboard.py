"""Issue 12.7 in a real headless Chromium on a phone-sized window: the DSL's home is a dashboard
(concerns waiting by priority and how many are late, actions past their day, reviews due); the
DSL gives a line manager an action, and the line manager, who cannot read the concern, finds it
on their own home page with what they need and marks it done. A screenshot of each step."""
import datetime
import os
import zoneinfo

from test_browser import browser_factory, sign_in  # noqa: F401 (the fixture is used by name)
from test_people_browser import pass_code


def test_dsl_dashboard_and_an_action_done_by_its_owner_on_a_phone(haven_factory, browser_factory, artefacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.webdriver.support.ui import Select

    haven = haven_factory().start()
    dsl = browser_factory(390, 844)
    sign_in(dsl, haven, "dsl@demo.haven.test")
    pass_code(dsl, haven, "dsl@demo.haven.test")
    dsl.get(haven.url + "/")
    dashboard = dsl.find_element(By.ID, "dashboard")
    rows = dsl.find_elements(By.CSS_SELECTOR, "#waiting-counts tbody tr")
    waiting = sum(int(row.find_elements(By.TAG_NAME, "td")[0].text) for row in rows)
    assert dsl.execute_script("return document.documentElement.scrollWidth") <= 390
    dsl.execute_script("arguments[0].scrollIntoView({block: 'start'})", dashboard)
    dsl.save_screenshot(os.path.join(artefacts, "60-dashboard.png"))
    # The same concerns wait as the inbox lists.
    dsl.get(haven.url + "/inbox")
    assert waiting == len(dsl.find_elements(By.CSS_SELECTOR, "#inbox tbody tr")) > 0, dashboard.text

    # An action for the line manager, due today, on a concern in the inbox.
    dsl.find_element(By.CSS_SELECTOR, "#inbox tbody a[href^='/concerns/']").click()
    summary = dsl.find_element(By.XPATH, "//summary[contains(., 'Set an action')]")
    dsl.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    dsl.find_element(By.ID, "description").send_keys("Ask Tilly's grandmother to call Dana before Friday's club")
    Select(dsl.find_element(By.ID, "owner")).select_by_visible_text("Priya Venn")
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London")).date().isoformat()
    dsl.execute_script("arguments[0].value = arguments[1]", dsl.find_element(By.ID, "dueOn"), today)
    button = dsl.find_element(By.XPATH, "//button[contains(., 'Set action')]")
    dsl.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()

    manager = browser_factory(390, 844)
    sign_in(manager, haven, "manager@demo.haven.test")
    pass_code(manager, haven, "manager@demo.haven.test")
    manager.get(haven.url + "/")
    mine = manager.find_element(By.ID, "my-actions")
    assert "Ask Tilly's grandmother to call Dana before Friday's club" in mine.text, mine.text
    assert "HVN-" not in mine.text and not mine.find_elements(By.CSS_SELECTOR, "a[href^='/concerns/']")
    assert not manager.find_elements(By.ID, "dashboard")
    manager.execute_script("arguments[0].scrollIntoView({block: 'start'})", mine)
    manager.save_screenshot(os.path.join(artefacts, "61-my-actions.png"))
    done = mine.find_element(By.XPATH, ".//button[contains(., 'Mark as done')]")
    done.click()
    # The click posts and the server redirects back: wait for the page that follows.
    WebDriverWait(manager, 15).until(
        lambda b: b.current_url.endswith("/?done=action#my-actions") and not b.find_elements(By.ID, "my-actions"))
    assert "Marked as done" in manager.find_element(By.ID, "action-done").text
