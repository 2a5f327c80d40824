"""Steps through the public pages, by name attributes only (texts are being translated)."""

import re

from tests.factories import last_month

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
}
MESSAGES = {
    "de": "Ich habe noch eine Frage zu meiner Meldung.",
    "ar": "لدي سؤال آخر حول بلاغي.",
}


def submit_button(page, action: str):
    """The only submit button of the form that posts to `action`."""
    return page.locator(f'form[action="{action}"] button[type=submit]')


def fill_report_form(page, narrative: str, *, district: str | None = "14612") -> None:
    year, month = last_month().split("-")
    page.fill("textarea[name=narrative]", narrative)
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
