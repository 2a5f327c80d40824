"""docs/security.md quotes the Argon2id parameters the code uses, everywhere it names them.

The figures come from the production settings (config/settings.py as loaded, not the
test settings' cheap ones) and from the recovery-code constant; each Argon2id use has its
own memory size, which tells the test which one a sentence is about.
"""

import re
import sys
from pathlib import Path

import pytest

from reporting.services.keys import RECOVERY_KDF

DOC = (Path(__file__).resolve().parent.parent / "docs" / "security.md").read_text()
# "19 MiB, t=2, p=1" and "256 MiB, t=3" in prose.
SHORT = re.compile(r"(\d+)\s+MiB,\s+t=(\d+)(?:,\s+p=(\d+))?")
# "iterations = 2, memory = 19456 KiB, lanes = 1" in the format descriptions.
LONG = re.compile(
    r"iterations\s+=\s+(\d+),\s+memory\s+=\s+(\d+)\s+KiB(?:\s+\(\d+\s+MiB\))?,\s+lanes\s+=\s+(\d+)"
)


def _uses() -> dict[int, tuple[str, dict]]:
    production = sys.modules["config.settings"]  # imported by config.settings_test
    uses = {
        "receipt codes (RECEIPT_KDF)": production.RECEIPT_KDF,
        "staff keys (STAFF_KEY_KDF)": production.STAFF_KEY_KDF,
        "recovery codes (RECOVERY_KDF)": RECOVERY_KDF.as_dict(),
    }
    return {params["memory_cost_kib"]: (name, params) for name, params in uses.items()}


USES = _uses()
RECEIPT_KIB = sys.modules["config.settings"].RECEIPT_KDF["memory_cost_kib"]


def _quoted(match) -> str:
    return " ".join(match.group(0).split())


def test_each_argon2id_use_has_its_own_memory_size():
    assert len(USES) == 3


@pytest.mark.parametrize("match", list(SHORT.finditer(DOC)), ids=_quoted)
def test_prose_figures_match_the_code(match):
    mebibytes, iterations, lanes = match.groups()
    name, params = USES[int(mebibytes) * 1024]
    assert int(iterations) == params["iterations"], name
    assert lanes is None or int(lanes) == params["lanes"], name


@pytest.mark.parametrize("match", list(LONG.finditer(DOC)), ids=_quoted)
def test_format_figures_match_the_code(match):
    iterations, kibibytes, lanes = map(int, match.groups())
    name, params = USES[kibibytes]
    assert (iterations, lanes) == (params["iterations"], params["lanes"]), name


def test_no_figure_escapes_the_check():
    """Every "t=" and "iterations =" in the document is one the tests above read, and
    the format section describes receipt and recovery codes."""
    assert len(re.findall(r"\bt=\d", DOC)) == len(SHORT.findall(DOC))
    assert len(re.findall(r"iterations\s+=\s+\d", DOC)) == len(LONG.findall(DOC))
    described = {int(kibibytes) for _i, kibibytes, _l in LONG.findall(DOC)}
    assert {RECOVERY_KDF.memory_cost_kib, RECEIPT_KIB} <= described
