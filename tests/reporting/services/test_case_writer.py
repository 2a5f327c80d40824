"""A case's status and classification have one writer: reporting/services/cases.py's
`_case_write`, which also moves the tallies, forgets the cached counts and writes the
audit row. The kind rule (spam / not discrimination / counted) is the same in Python
and SQL for every combination."""

import ast
import itertools
from pathlib import Path

import pytest

from reporting.models import Case, CaseStatus
from reporting.selectors.statistics import cases_received
from reporting.services.reports import report_submit
from reporting.services.tallies import kind_of
from reporting.vocabulary.workflow import EXCLUDING
from tests.factories import submission

ROOT = Path(__file__).resolve().parents[3]
WRITER = "reporting/services/cases.py"
GUARDED = {"status", *Case.CLASSIFICATION, *Case.WORK_RECORD, *Case.VERDICT}
# Where a case is born or bulk-loaded: its tallies go in with the INSERT (report_submit)
# or are rebuilt by counting (seeders); `classify` is defined on the model.
BORN_HERE = {
    "reporting/services/reports.py",
    "reporting/demo/synthetic.py",
    "reporting/management/commands/seed_synthetic.py",
    "reporting/models/cases.py",
}
ONLY_THE_WRITER_CALLS = {"tallies_move", "forget_status_counts", "classify"}


def _sources(root: Path):
    for package in ("reporting", "api", "frontend", "web", "performance", "config"):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" not in relative:
                yield relative, ast.parse(path.read_text(), relative)


def _names_a_case(node) -> bool:
    return "case" in ast.unparse(node).lower()


def offences(root: Path = ROOT):
    for relative, tree in _sources(root):
        if relative == WRITER:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and target.attr in GUARDED
                        and _names_a_case(target.value)
                        and relative not in BORN_HERE
                    ):
                        yield f"{relative}:{node.lineno} assigns {ast.unparse(target)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if name == "update" and "Case.objects" in ast.unparse(node.func):
                    written = {k.arg for k in node.keywords} & GUARDED
                    if written:
                        yield f"{relative}:{node.lineno} updates {sorted(written)}"
                if (
                    name in ONLY_THE_WRITER_CALLS
                    and relative not in BORN_HERE
                    and relative != "reporting/services/tallies.py"
                    and relative != "reporting/selectors/cases.py"
                ):
                    yield f"{relative}:{node.lineno} calls {name}"


def test_only_the_writer_changes_status_or_classification():
    assert list(offences()) == []


def test_the_guard_sees_each_kind_of_offence(tmp_path):
    """The scan is not blind."""
    (tmp_path / "reporting").mkdir()
    (tmp_path / "reporting" / "probe.py").write_text(
        "def close(case):\n"
        "    case.status = 'CLOSED'\n"
        "    Case.objects.filter(pk=case.pk).update(grounds=0)\n"
        "    tallies_move(None, None)\n"
    )
    assert list(offences(tmp_path)) == [
        "reporting/probe.py:2 assigns case.status",
        "reporting/probe.py:3 updates ['grounds']",
        "reporting/probe.py:4 calls tallies_move",
    ]


@pytest.mark.django_db
def test_the_kind_rule_is_the_same_in_python_and_sql(association_keyring):
    combinations = list(itertools.product(CaseStatus.values, ["", *EXCLUDING], [True, False, None]))
    cases = [report_submit(submission=submission()).report.case for _ in combinations]
    for case, (status, excluded_as, is_discrimination) in zip(cases, combinations, strict=True):
        Case.objects.filter(pk=case.pk).update(
            status=status, excluded_as=excluded_as, is_discrimination=is_discrimination
        )
    day = cases[0].received_on
    in_sql = dict(cases_received(day, day.replace(year=day.year + 1)).values_list("pk", "kind"))
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert in_sql[case.pk] == kind_of(case), (case.status, case.is_discrimination)
