"""Steps through the public pages and the office sign-in, by name attributes only (texts
are being translated)."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.oath import totp

from tests.factories import last_month
from tests.logins import STAFF_PASSWORD

NARRATIVES = {
    "de": (
        "Der Vermieter sagte am Telefon, die Wohnung sei schon weg.\n"
        "Am nächsten Tag war sie wieder online."
    ),
    "ar": (
        "قال المؤجر على الهاتف إن الشقة قد أُجّرت.\n"
        "في اليوم التالي كانت معروضة مرة أخرى على الإنترنت."
    ),
    "kmr": (
        "Xwediyê xanî li ser telefonê got ku xanî êdî ne vala ye.\n"
        "Roja din ew dîsa li ser înternetê bû."
    ),
    "ckb": (
        "خاوەن خانووەکە لە تەلەفۆندا گوتی کە خانووەکە بەکرێ دراوە.\n"
        "ڕۆژی دواتر دووبارە لە ئینتەرنێت بوو."
    ),
    "ps": (
        "د کور خاوند په تلیفون کې وویل چې کور په کرایه ورکړل شوی.\nبله ورځ بیا په انټرنېټ کې و."
    ),
}
MESSAGES = {
    "de": "Ich habe noch eine Frage zu meiner Meldung.",
    "ar": "لدي سؤال آخر حول بلاغي.",
    "ps": "زما د راپور په اړه یوه بله پوښتنه لرم.",
}


def submit_button(page, action: str):
    """The only submit button of the form that posts to `action`."""
    return page.locator(f'form[action="{action}"] button[type=submit]')


def open_optional_parts(page) -> None:
    """Unfold every optional part of the report form (a <details>: no JavaScript needed)."""
    for part in page.locator("details.more").all():
        if part.get_attribute("open") is None:
            part.locator("summary").first.click()


def fill_report_form(page, narrative: str, *, district: str | None = "14612") -> None:
    """Answer every question of the report form, the optional ones included."""
    year, month = last_month().split("-")
    page.fill("textarea[name=narrative]", narrative)
    open_optional_parts(page)
    page.select_option("select[name=incident_month]", str(int(month)))
    page.select_option("select[name=incident_year]", year)
    if district is not None:
        page.select_option("select[name=district]", district)
    page.fill("input[name=place_detail]", "Linie 7")
    page.check("input[name=grounds][value=RACISM]")
    page.check("input[name=areas][value=HOUSING]")
    page.check("input[name=incident_forms][value=DIRECT]")
    page.check("input[name=reporter_role][value=AFFECTED]")
    page.check("input[name=reported_to_police][value=NO]")
    page.check("input[name=consent_processing]")


def submit(page, action: str):
    """Click the form's submit button; the navigation's response."""
    with page.expect_navigation() as navigation:
        submit_button(page, action).click()
    return navigation.value


def read_receipt_code(page) -> str:
    groups = page.locator(".receipt-code .group").all_inner_texts()
    assert len(groups) == 4, groups
    code = "".join(group.strip() for group in groups)
    assert re.fullmatch(r"\d{16}", code), code
    return code


def messy(code: str) -> str:
    """The code as a person might type it: groups split by dashes and spaces."""
    return f" {code[:4]}-{code[4:8]} {code[8:12]} - {code[12:]} "


def submit_report(page, base_url: str, lang: str) -> str:
    """Fill and send the report form; the receipt code shown."""
    page.goto(f"{base_url}/{lang}/report/")
    fill_report_form(page, NARRATIVES[lang])
    response = submit(page, f"/{lang}/report/")
    assert response.status == 200, response.status
    return read_receipt_code(page)


def log_in(page, base_url: str, lang: str, code: str):
    page.goto(f"{base_url}/{lang}/receipt/")
    page.fill("input[name=code]", messy(code))
    return submit(page, f"/{lang}/receipt/")


def screenshot(page, name: str) -> None:
    """Kept for a human look when MELDESTELLE_SCREENSHOT_DIR is set."""
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def path_of(page) -> str:
    return urlsplit(page.url).path


def submit_main_form(page):
    """Submit the only form in <main> (the logout form sits in the header)."""
    forms = page.locator("main form")
    assert forms.count() == 1, forms.count()
    with page.expect_navigation() as navigation:
        forms.locator("button[type=submit]").click()
    return navigation.value


def staff_log_in(page, base_url: str, user, *, lands_on: str = "/de/office/") -> None:
    """Password, then a TOTP code; ends where the role lands. A second login of the same
    user within 30 s would need one of `user.backup_codes` (a code is valid once)."""
    response = page.goto(f"{base_url}/de/office/login/")
    assert response.status == 200
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", STAFF_PASSWORD)
    assert submit_main_form(page).status == 200
    assert path_of(page) == "/de/office/login/second-factor/"

    device = user.totpdevice_set.get()
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    assert submit_main_form(page).status == 200
    assert path_of(page) == lands_on, page.content()[:2000]
