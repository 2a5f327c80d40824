"""docs/statistics.md maps every code to the ADS, advd and RIAS/MIA categories, so a
researcher can join the published CSV with theirs: no code may be missing or doubled."""

import re
from pathlib import Path

import pytest

from reporting.vocabulary.documentation import (
    Actor,
    Consequence,
    CounsellingOutcome,
    InterventionKind,
)
from reporting.vocabulary.taxonomy import Area, Channel, Form, Ground, IncidentType

DOC = Path(__file__).resolve().parents[2] / "docs" / "statistics.md"
MAPPINGS = {
    "Grounds": Ground,
    "Areas": Area,
    "Forms": Form,
    "Incident types": IncidentType,
    "Actors": Actor,
    "Consequences": Consequence,
    "Interventions": InterventionKind,
    "Outcomes": CounsellingOutcome,
    "Channels": Channel,
}
HEADER = "| code | ADS | advd | RIAS / MIA |"


def mapped_codes(heading: str) -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## Mapping to ADS, advd, RIAS and MIA", 1)[1]
    part = section.split(f"\n### {heading}\n", 1)[1].split("\n#", 1)[0]
    lines = [line for line in part.splitlines() if line.startswith("|")]
    assert lines[0] == HEADER, heading
    rows = lines[2:]
    for row in rows:
        assert len(row.strip("|").split("|")) == 4, row
    return [re.match(r"\| `([A-Z_]+)` \|", row).group(1) for row in rows]


@pytest.mark.parametrize("heading", list(MAPPINGS))
def test_every_code_is_mapped_once(heading):
    codes = mapped_codes(heading)
    assert sorted(codes) == sorted(MAPPINGS[heading].values)
