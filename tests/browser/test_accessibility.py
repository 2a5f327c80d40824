"""axe-core finds no serious or critical violation on the public pages, in German and Arabic
(and the start page and form in the languages added later).

axe needs JavaScript, so every check runs in its own context with JavaScript on;
the pages themselves contain no script, so they are the same pages as without.
"""

import re

import pytest

from tests.browser.helpers import MESSAGES, log_in, submit, submit_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["de", "ar"]
# Languages added later: their start page and the form, left to right and right to left.
MORE_LANGUAGES = ["kmr", "ckb"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    ["", "report/", "receipt/", "privacy/", "impressum/", "help/"],
    ids=["landing", "form", "login", "privacy", "impressum", "help"],
)
def test_public_page(axe_check, lang, path):
    axe_check(f"/{lang}/{path}")


@pytest.mark.parametrize("lang", MORE_LANGUAGES)
@pytest.mark.parametrize("path", ["", "report/"], ids=["landing", "form"])
def test_public_page_in_more_languages(axe_check, lang, path):
    axe_check(f"/{lang}/{path}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_with_validation_errors(axe_check, js_page, live_server, lang):
    js_page.goto(f"{live_server.url}/{lang}/report/")
    response = submit(js_page, f"/{lang}/report/")
    assert response.status == 400
    assert js_page.locator(".error-summary").is_visible()
    axe_check(js_page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_receipt_saved_and_status_pages(axe_check, js_page, live_server, lang):
    code = submit_report(js_page, live_server.url, lang)
    axe_check(js_page)

    # The receipt page after a wrong confirmation, with its error summary.
    js_page.fill("input[name=last_four]", "0000" if code[-4:] != "0000" else "1111")
    assert submit(js_page, f"/{lang}/report/saved/").status == 400
    axe_check(js_page)

    js_page.fill("input[name=last_four]", code[-4:])
    assert submit(js_page, f"/{lang}/report/saved/").status == 200
    axe_check(js_page)

    assert log_in(js_page, live_server.url, lang, code).status == 200
    assert js_page.url.endswith(f"/{lang}/receipt/status/")
    axe_check(js_page)

    # With a message in the thread, and with an error in the message form.
    js_page.fill("textarea[name=body]", MESSAGES[lang])
    assert submit(js_page, f"/{lang}/receipt/status/").status == 200
    assert js_page.locator(".thread .message.mine").count() == 1
    axe_check(js_page)
    assert submit(js_page, f"/{lang}/receipt/status/").status == 400
    axe_check(js_page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_receipt_login_with_wrong_code(axe_check, js_page, live_server, lang):
    response = log_in(js_page, live_server.url, lang, "1234567812345678")
    assert response.status == 400
    assert js_page.locator(".error-summary").is_visible()
    axe_check(js_page)


FOCUSABLE = {
    "/de/report/": ["a.skip-link", "textarea[name=narrative]", "select[name=district]",
                    "input[name=grounds][value=RACISM]", "main button[type=submit]"],
    "/ar/report/": ["a.skip-link", "input[name=place_detail]", "main button[type=submit]"],
    "/de/office/login/": ["a.skip-link", "a.site-name", "input[name=username]",
                          "input[name=password]", "main button[type=submit]"],
}  # fmt: skip
FOCUS_STYLE = """element => {
    const style = getComputedStyle(element);
    return {
        outline: [style.outlineStyle, style.outlineWidth, style.outlineColor],
        shadow: style.boxShadow,
        page: getComputedStyle(document.body).backgroundColor,
    };
}"""
RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")


def luminance(color: str) -> float:
    channels = [int(c) / 255 for c in RGB.match(color).groups()]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("path", list(FOCUSABLE))
def test_focus_indicator_has_contrast(js_page, live_server, path):
    """WCAG 1.4.11: the yellow outline alone is too light on white; a dark ring carries it."""
    js_page.goto(f"{live_server.url}{path}")
    for selector in FOCUSABLE[path]:
        element = js_page.locator(selector)
        element.focus()
        style = element.evaluate(FOCUS_STYLE)
        outline_style, outline_width, outline_color = style["outline"]
        assert outline_style == "solid" and float(outline_width[:-2]) >= 2, (selector, style)
        ring = RGB.search(style["shadow"])
        assert ring, (selector, style)
        ring_color = ring.group(0) + ")"
        spread = float(style["shadow"].split()[-1].removesuffix("px"))
        assert spread >= 2, (selector, style)
        assert contrast(ring_color, style["page"]) >= 3, (selector, style)
        assert contrast(ring_color, outline_color) >= 3, (selector, style)
