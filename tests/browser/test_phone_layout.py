"""The form and receipt on a phone, left-to-right and right-to-left, without JavaScript.

Set MELDESTELLE_SCREENSHOT_DIR to keep full-page screenshots for a human look.
"""

import os
from pathlib import Path

import pytest
from django.utils.translation import get_language_info

from tests.browser.helpers import submit, submit_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def screenshot(page, name: str) -> None:
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def box(page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


@pytest.mark.parametrize("lang", ["de", "ar", "kmr", "ckb"])
def test_form_on_a_phone(new_context, live_server, association_keyring, lang):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/{lang}/report/")
    screenshot(page, f"form-{lang}")
    assert_no_horizontal_scroll(page)

    # Right-to-left mirrors: choices sit at the start side of the line.
    checkbox = box(page, "input[name=grounds][value=RACISM]")
    middle = PHONE["width"] / 2
    if get_language_info(lang)["bidi"]:
        assert checkbox["x"] > middle
    else:
        assert checkbox["x"] + checkbox["width"] < middle

    # With errors, month and year each keep label, message and select together.
    submit(page, f"/{lang}/report/")
    screenshot(page, f"form-errors-{lang}")
    assert_no_horizontal_scroll(page)
    for name in ("incident_month", "incident_year"):
        label, select = box(page, f"label[for=id_{name}]"), box(page, f"select[name={name}]")
        assert label["y"] + label["height"] <= select["y"], name
        overlap = min(label["x"] + label["width"], select["x"] + select["width"]) - max(
            label["x"], select["x"]
        )
        assert overlap > 0, f"label of {name} is not above its select"


@pytest.mark.parametrize("lang", ["de", "ar", "kmr", "ckb"])
def test_receipt_code_on_one_line_on_a_phone(new_context, live_server, association_keyring, lang):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    submit_report(page, live_server.url, lang)
    screenshot(page, f"receipt-{lang}")
    assert_no_horizontal_scroll(page)
    groups = page.locator(".receipt-code .group")
    tops = {round(groups.nth(i).bounding_box()["y"]) for i in range(4)}
    assert len(tops) == 1, "the receipt code breaks over lines"
    xs = [groups.nth(i).bounding_box()["x"] for i in range(4)]
    assert xs == sorted(xs), "the receipt code must read left to right in every language"
