"""Institution names as the matching compares them (issue 19).

Two caseworkers write the same institution differently: "Muster-Wohnbau GmbH",
"muster wohnbau", "MUSTER WOHNBAU G.m.b.H.". The normalised form is what gets the
keyed hash (reporting/crypto/matching.py): Unicode NFKC, casefolded, punctuation
and symbols removed, legal-form words dropped, whitespace collapsed. Only the hash is
compared; the name itself stays sealed to the case's owner.
"""

import unicodedata

INSTITUTION_NAME_MAX = 200

# Legal forms, as word sequences after punctuation is gone ("e.V." -> "ev", "e. V." ->
# "e v"). They say how an institution is registered, not which one it is.
LEGAL_FORMS = (
    ("gmbh", "co", "kg"),
    ("gmbh", "co", "kgaa"),
    ("mbh",),
    ("gmbh",),
    ("ggmbh",),
    ("ag",),
    ("kg",),
    ("kgaa",),
    ("ohg",),
    ("gbr",),
    ("ug",),
    ("haftungsbeschränkt",),
    ("ev",),
    ("e", "v"),
    ("eg",),
    ("e", "g"),
    ("aör",),
    ("kdör",),
    ("ltd",),
    ("inc",),
    ("se",),
)
_LONGEST = max(len(form) for form in LEGAL_FORMS)
_FORMS = frozenset(LEGAL_FORMS)
# Marks inside a word or abbreviation vanish ("G.m.b.H." -> "gmbh", "Kid's" -> "kids");
# every other punctuation mark or symbol separates words ("Muster-Wohnbau").
_JOINING = frozenset(".'’`´")


def normalise_institution_name(name: str) -> str:
    """The form of `name` that is hashed and compared; "" if nothing but legal forms,
    punctuation or spaces remain."""
    text = unicodedata.normalize("NFKC", name).casefold()
    # Casefolding can leave decomposed letters (e.g. "İ"); compose them again.
    text = unicodedata.normalize("NFKC", text)
    characters = []
    for character in text:
        category = unicodedata.category(character)
        if character in _JOINING:
            continue
        if category[0] in "PSZC":
            characters.append(" ")
        else:
            characters.append(character)
    words = "".join(characters).split()
    # Dropping one form can bring two words together that form another ("e GmbH v"):
    # drop until nothing changes, so that the result normalises to itself.
    while True:
        kept = _without_legal_forms(words)
        if kept == words:
            return " ".join(kept)
        words = kept


def _without_legal_forms(words: list[str]) -> list[str]:
    kept = []
    i = 0
    while i < len(words):
        for length in range(min(_LONGEST, len(words) - i), 0, -1):
            if tuple(words[i : i + length]) in _FORMS:
                i += length
                break
        else:
            kept.append(words[i])
            i += 1
    return kept
