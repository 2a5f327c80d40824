"""How a site language presents itself outside Django: the `lang` a page declares and
the `hreflang` search engines see. Both come from LANG_INFO (EXTRA_LANG_INFO in
settings), so a language Django's tag would misdescribe says so in one place."""

from django.utils.translation import get_language_info


def html_lang(code: str) -> str:
    """Leichte Sprache is read as German: its code, de-ls, would claim the German of
    Lesotho (docs/decisions.md)."""
    return get_language_info(code).get("html_lang", code)


def hreflang(code: str) -> str | None:
    """None keeps a variant out of the alternates: hreflang knows only languages and
    regions, and a second "de" would compete with the standard German page."""
    return get_language_info(code).get("hreflang", code)
