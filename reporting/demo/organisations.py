"""66 fictional member organisations for the demo: no real names, spread over Saxony."""

import random

from reporting.crypto import Argon2Params
from reporting.models import Organisation
from reporting.vocabulary.taxonomy import SAXON_DISTRICTS, Area, Ground

MEMBER_COUNT = 66
_KINDS = [
    *("Beratungsstelle", "Migrantenverein", "Begegnungszentrum", "Kulturverein", "Netzwerk"),
    *("Frauentreff", "Elternverein", "Jugendprojekt", "Gemeinde", "Initiative", "Treffpunkt"),
]
_WORDS = [
    *("Brücke", "Horizont", "Lindenblatt", "Mosaik", "Regenbogen", "Kompass", "Leuchtturm"),
    *("Sonnenhof", "Weitblick", "Zusammen", "Anker", "Kranich"),
]
_LANGUAGES = ["de", "en", "uk", "ru", "ar", "fa", "pl", "ro", "vi", "cs", "tr"]
# Demo only: cheap recovery-code KDF so that `make run` stays quick.
DEMO_RECOVERY_KDF = Argon2Params(iterations=1, memory_cost_kib=8 * 1024, lanes=1)


def build_member_organisations(seed: int) -> list[Organisation]:
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data
    members = []
    for number in range(1, MEMBER_COUNT + 1):
        home = SAXON_DISTRICTS[(number - 1) % len(SAXON_DISTRICTS)]
        districts = {home.value, *(d.value for d in rng.sample(SAXON_DISTRICTS, rng.randint(0, 2)))}
        languages = {"de", *rng.sample(_LANGUAGES, rng.randint(1, 3))}
        members.append(
            Organisation(
                name=f"{rng.choice(_KINDS)} {rng.choice(_WORDS)} {home.label} (Demo {number:02d})",
                kind=Organisation.Kind.MEMBER,
                contact_email=f"demo{number:02d}@example.org",
                districts=sorted(districts),
                languages=sorted(languages),
                expertise_grounds=sorted(
                    str(g) for g in rng.sample(list(Ground), rng.randint(1, 4))
                ),
                expertise_areas=sorted(str(a) for a in rng.sample(list(Area), rng.randint(1, 3))),
            )
        )
    return members
