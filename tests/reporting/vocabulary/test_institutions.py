"""How institution names are normalised before they are hashed and compared."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.vocabulary.institutions import LEGAL_FORMS
from reporting.vocabulary.institutions import normalise_institution_name as norm


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Muster-Wohnbau GmbH", "muster wohnbau"),
        ("MUSTER WOHNBAU G.m.b.H.", "muster wohnbau"),
        ("  muster   wohnbau ", "muster wohnbau"),
        ("Sportverein Beispielstadt e. V.", "sportverein beispielstadt"),
        ("Sportverein Beispielstadt e.V.", "sportverein beispielstadt"),
        ("Beispiel Bau GmbH & Co. KG", "beispiel bau"),
        ("Beispiel gGmbH", "beispiel"),
        ("Straßenbahn AG", "strassenbahn"),  # casefold: ß is ss
        ("Ｍｕｓｔｅｒ Ｈａｕｓ", "muster haus"),  # NFKC: full-width letters
        ("Kid's Club", "kids club"),
        ("Jobcenter „Mitte“", "jobcenter mitte"),
        ("Schule Nr. 5", "schule nr 5"),
        ("GmbH", ""),
        ("...", ""),
    ],
)
def test_examples(written, normalised):
    assert norm(written) == normalised


def test_legal_forms_are_words_not_parts_of_words():
    assert norm("Agentur Egbert") == "agentur egbert"
    assert norm("Haus AG Nord") == "haus nord"


words = st.text(alphabet=string.ascii_letters + "äöüÄÖÜß0123456789", min_size=1, max_size=12)
names = st.lists(words, min_size=1, max_size=6)
separators = st.sampled_from([" ", "  ", " - ", ", ", "\t", " / ", "\u00a0"])


@given(st.text(max_size=80))
def test_normalising_twice_changes_nothing(text):
    assert norm(norm(text)) == norm(text)


@given(st.text(max_size=80))
def test_the_result_is_words_separated_by_one_space(text):
    result = norm(text)
    assert result == result.strip()
    assert "  " not in result
    assert all(word.isalnum() or not word.isascii() for word in result.split())


@given(names, separators)
def test_case_and_separators_do_not_matter(parts, separator):
    plain = " ".join(parts)
    assert norm(separator.join(p.upper() for p in parts)) == norm(plain)


@given(names, st.sampled_from(LEGAL_FORMS))
def test_a_legal_form_at_the_end_does_not_matter(parts, form):
    plain = " ".join(parts)
    assert norm(f"{plain} {' '.join(form)}") == norm(plain)
