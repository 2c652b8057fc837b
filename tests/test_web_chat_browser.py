"""The web chat page in headless Chromium, talking to the real bridge, Rasa server and action server."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait


CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOT = Path("/tmp/webchat.png")
#: Headless, offline, and confined to 127.0.0.1: every other host name fails to resolve.
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-dev-shm-usage", "--window-size=1000,900",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
REPLY_SECONDS = 60
#: The list items after the shopper's last bubble with this text, or null while none or a reply is pending.
ITEMS_AFTER = """
const shown = arguments[0];
const items = Array.from(document.querySelectorAll("#messages > li"));
let last = -1;
items.forEach(function (li, i) { if (li.classList.contains("user") && li.textContent === shown) { last = i; } });
const pending = document.querySelector("#messages .typing") !== null;
return last >= 0 && !pending && last + 1 < items.length ? items.slice(last + 1) : null;
"""

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="chromium is not installed (scripts/ensure_browser.sh installs it)"),
]



@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through the system chromedriver, so Selenium Manager never downloads anything."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


@dataclass
class ChatPage:
    """The chat page as a shopper uses it: type, click, read the answer, check the console."""

    driver: webdriver.Chrome
    origin: str

    def open_as_new_shopper(self) -> "ChatPage":
        """Open the page with a new session id, so Rasa starts a new conversation, and a console of its own."""
        self.driver.get(f"{self.origin}/healthz")
        self.driver.execute_script("window.localStorage.clear()")
        self.console()
        self.driver.get(f"{self.origin}/")
        return self

    def say(self, text: str) -> list[WebElement]:
        """Type a message and press Enter; return what the assistant rendered in answer."""
        self.driver.find_element(By.ID, "message").send_keys(text, Keys.ENTER)
        return self.answer_to(text)

    def click(self, button: WebElement, shown: str) -> list[WebElement]:
        """Click a button that sends a message shown as `shown`; return what the assistant rendered in answer."""
        button.click()
        return self.answer_to(shown)

    def answer_to(self, shown: str) -> list[WebElement]:
        """Wait until the shopper's bubble is followed by the assistant's reply and nothing is pending."""

        after = WebDriverWait(self.driver, REPLY_SECONDS).until(
            lambda driver: driver.execute_script(ITEMS_AFTER, shown), f"no answer to {shown!r}"
        )
        errors = [li.text for li in after if "error" in classes(li)]
        assert not errors, errors
        return after

    def console(self) -> list[dict]:
        """Console entries since the last call."""
        return self.driver.get_log("browser")

    def console_errors(self, entries: list[dict] | None = None) -> list[dict]:
        """Console errors, except failed loads from other hosts (the catalog's image CDN is unreachable here)."""
        return [
            entry for entry in (self.console() if entries is None else entries)
            if entry["level"] == "SEVERE"
            and not (entry["source"] == "network" and not entry["message"].startswith(self.origin))
        ]

    def products_for(self, text: str) -> list[dict]:
        """The product cards `POST /chat` returns for `text`, asked as another shopper."""
        answer = requests.post(f"{self.origin}/chat", json={"sender": "browser-test-reference", "message": text},
                               timeout=REPLY_SECONDS)
        answer.raise_for_status()
        return [p for r in answer.json()["replies"] for p in (r.get("custom") or {}).get("products", [])]


@pytest.fixture
def page(demo_stack, browser) -> ChatPage:
    return ChatPage(browser, f"http://127.0.0.1:{demo_stack.ports.bridge}").open_as_new_shopper()


def classes(element: WebElement) -> set[str]:
    return set((element.get_attribute("class") or "").split())


def bot_text(items: list[WebElement]) -> str:
    return "\n".join(li.text for li in items if "bot" in classes(li))


def test_greeting_buttons_are_buttons_that_send_their_choice(page):
    answer = page.say("hi")
    assert "find products" in bot_text(answer)
    rows = [li for li in answer if "buttons" in classes(li)]
    assert rows, [li.get_attribute("outerHTML") for li in answer]
    buttons = rows[0].find_elements(By.TAG_NAME, "button")
    assert [b.text for b in buttons] == ["Find a product", "Where is my order?"]
    assert all(b.is_displayed() and b.is_enabled() for b in buttons)

    followup = page.click(buttons[0], "Find a product")
    assert "What are you looking for?" in bot_text(followup)
    assert page.console_errors() == []


def test_product_search_renders_cards_and_ask_about_answers_for_that_product(page):
    answer = page.say("show me jackets")
    cards = [card for li in answer for card in li.find_elements(By.CSS_SELECTOR, ".cards > .card")]
    products = page.products_for("show me jackets")
    assert cards and len(cards) == len(products), [li.get_attribute("outerHTML") for li in answer]
    assert any("Jacket" in p["title"] for p in products)
    listed = bot_text(answer)
    for card, product in zip(cards, products):
        title = card.find_element(By.CSS_SELECTOR, ".title")
        assert title.text == product["title"] and title.text in listed
        assert card.find_element(By.CSS_SELECTOR, ".price").text == product["price"]
        assert re.fullmatch(r"\$\d+\.\d\d", product["price"])
        if product["product_url"]:
            assert title.tag_name == "a" and title.get_attribute("href") == product["product_url"]
        else:
            assert title.tag_name == "span"
        image = card.find_element(By.CSS_SELECTOR, ".image")
        assert image.accessible_name == product["title"] and image.size["height"] > 50
        assert card.find_element(By.TAG_NAME, "button").text == "Ask about this"
    page.driver.save_screenshot(str(SCREENSHOT))
    console = page.console()
    requested = " ".join(entry["message"] for entry in console)
    assert all(p["image_url"] in requested for p in products if p["image_url"]), "card images were not requested"
    assert page.console_errors(console) == []

    about = page.click(cards[0].find_element(By.TAG_NAME, "button"), f"Tell me about {products[0]['title']}")
    assert products[0]["title"] in bot_text(about)
    assert page.console_errors() == []


def test_page_is_served_with_its_script_and_styles(page):
    assert page.driver.title == "Shop assistant"
    loaded = page.driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert {f"{page.origin}/static/chat.js", f"{page.origin}/static/chat.css"} <= set(loaded)
    assert page.console_errors() == []
