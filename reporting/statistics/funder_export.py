"""Exports for funders and research (issue 19): the suppressed figures of any date
range and organisation, as CSV (in a ZIP with the method notes) and as XLSX.

Two stages of suppression, both `suppression.suppress` with the annual report's k:

1. The figures the annual report has (overview, grounds, interventions, outcomes on
   both bases) come from `annual.build_tables` over the scope's counts: every table of
   the report is built and suppressed together, exactly as publishing does, and the
   export shows the tables funders ask for. The same counts give the same marks, so the
   export of a calendar year by date received reproduces the published report.
2. The export's own figures (groups of grounds, people counselled, contacts, referrals,
   reports without an incident month) are suppressed together with their own equations.
   A group of grounds (or the people counselled, a union of intervention kinds) is
   shown only where every ground of it and the basis's total are shown in stage 1:
   otherwise the union's bounds (at least the largest part, at most their sum) could
   narrow a withheld ground down; it is then withheld as "×".
"""

import csv
import datetime
import io
import zipfile
from collections import Counter

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from reporting.statistics import annual, labels
from reporting.statistics.export import WITHHELD
from reporting.statistics.suppression import Bound, Equation, Status, suppress
from reporting.vocabulary.documentation import InterventionKind
from reporting.vocabulary.ground_groups import GROUND_GROUPS, GroundGroup
from reporting.vocabulary.taxonomy import Ground

# An export spans at most this many years: longer ranges are a typing error more often
# than a question, and would scan every case of the database.
EXPORT_MAX_YEARS = 10
ERROR_EXPORT_ORDER = gettext_lazy("The last day must not be before the first day.")
ERROR_EXPORT_RANGE = gettext_lazy("An export covers at most %(years)s years.")
ERROR_EXPORT_EARLY = gettext_lazy("The first day must be in %(first)s or later.")
ERROR_EXPORT_FUTURE = gettext_lazy("The first day must not be in the future.")
ERROR_EXPORT_ORGANISATION = gettext_lazy("Choose an organisation from the list.")


def range_errors(start: datetime.date, end: datetime.date, today: datetime.date) -> dict:
    """{field: message} for a date range no export should cover (empty: fine)."""
    from reporting.services.statistics import FIRST_YEAR

    errors = {}
    if start.year < FIRST_YEAR:
        errors["start"] = str(ERROR_EXPORT_EARLY) % {"first": FIRST_YEAR}
    elif start > today:
        errors["start"] = str(ERROR_EXPORT_FUTURE)
    if end < start:
        errors["end"] = str(ERROR_EXPORT_ORDER)
    elif (end - start).days > EXPORT_MAX_YEARS * 366:
        errors["end"] = str(ERROR_EXPORT_RANGE) % {"years": EXPORT_MAX_YEARS}
    return errors


# The annual report's tables an export shows, each on both bases.
ANNUAL_TABLES = (
    "grounds",
    "grounds-incidents",
    "interventions-reports",
    "interventions",
    "outcomes-reports",
    "outcomes",
)
OVERVIEW_ROWS = (
    annual.RECEIVED,
    annual.SPAM,
    annual.NOT_DISCRIMINATION,
    annual.INCLUDED,
    annual.CONFIRMED,
)
TOTAL, REPORTS, INCIDENTS = "_TOTAL", "_REPORTS", "_INCIDENTS"
PEOPLE = "PEOPLE"
MEMBER, EXTERNAL = "MEMBER", "EXTERNAL"
REPORTER, STAFF = "REPORTER", "STAFF"
BASIS_KEYS = {annual.REPORTS_BASIS: annual.N_KEY, annual.INCIDENTS_BASIS: annual.INCIDENTS_KEY}
CSV_COLUMNS = ("section", "section_title", "basis", "code", "label", "value", "shown", "status")

SECTION_TITLES = {
    "ground_groups": gettext_lazy("Groups of grounds, each counted once"),
    "counselled": gettext_lazy("People counselled"),
    "contacts": gettext_lazy("Contacts: messages exchanged"),
    "referrals": gettext_lazy("Referrals"),
    "undated": gettext_lazy("Without a month of the incident (counted by date received)"),
}
ROW_LABELS = {
    PEOPLE: gettext_lazy("People counselled (reports with an intervention beyond documentation)"),
    REPORTER: gettext_lazy("Messages from reporters"),
    STAFF: gettext_lazy("Messages from the team"),
    MEMBER: gettext_lazy("Referrals to member organisations"),
    EXTERNAL: gettext_lazy("Referrals to bodies outside the network"),
    TOTAL: gettext_lazy("Total"),
    REPORTS: gettext_lazy("Reports"),
    INCIDENTS: gettext_lazy("Incidents"),
}
BASIS_LABELS = {
    annual.REPORTS_BASIS: gettext_lazy("Reports"),
    annual.INCIDENTS_BASIS: gettext_lazy("Incidents"),
    "": "",
}


def _group_mask(group: GroundGroup) -> int:
    grounds = list(Ground.values)
    return sum(1 << grounds.index(code) for code in GROUND_GROUPS[group])


def ground_group_counts(counts) -> Counter:
    """Reports (or incidents) naming at least one ground of each group, from the
    (district, grounds mask) counts: each counted once per group."""
    result = Counter(dict.fromkeys(GroundGroup.values, 0))
    for group in GroundGroup:
        mask = _group_mask(group)
        result[group.value] = sum(
            n for (_district, grounds), n in counts.district_grounds.items() if grounds & mask
        )
    return result


def people_counselled(counts) -> int:
    """Reports with at least one intervention other than documentation only."""
    kinds = list(InterventionKind.values)
    beyond = ((1 << len(kinds)) - 1) & ~(1 << kinds.index(InterventionKind.DOCUMENTATION_ONLY))
    return sum(n for mask, n in counts.interventions.items() if mask & beyond)


def _figure(value: int, status: Status) -> dict:
    if status is Status.PUBLISHED:
        return {"value": value, "status": status.value}
    return {"value": None, "status": status.value}


def _row_status(table: dict, code: str) -> str | None:
    return next((row["value"]["status"] for row in table["rows"] if row["code"] == code), None)


def _extra_figures(raw, body: dict, k: int) -> dict[str, dict]:
    """Stage 2: the export's own figures, suppressed (see the module docstring)."""
    counts = raw.counts
    figures: dict[str, int] = {}
    equations: list[Equation] = []
    bounds: list[Bound] = []
    for basis_counts, suffix in ((counts, ""), (counts.incidents, "-incidents")):
        for code, n in ground_group_counts(basis_counts).items():
            figures[f"ground_groups{suffix}:{code}"] = n
    figures[f"counselled:{PEOPLE}"] = people_counselled(counts)
    contacts = {REPORTER: raw.messages.get("REPORTER", 0), STAFF: raw.messages.get("STAFF", 0)}
    referrals = {MEMBER: raw.referrals.get(MEMBER, 0), EXTERNAL: raw.referrals.get(EXTERNAL, 0)}
    for section, parts in (("contacts", contacts), ("referrals", referrals)):
        keys = []
        for code, n in parts.items():
            keys.append(f"{section}:{code}")
            figures[keys[-1]] = n
        figures[f"{section}:{TOTAL}"] = sum(parts.values())
        equations.append(Equation(f"{section}:{TOTAL}", tuple(keys)))
    if raw.basis == "incident":
        figures[f"undated:{REPORTS}"] = raw.undated["reports"]
        figures[f"undated:{INCIDENTS}"] = raw.undated["incidents"]
        bounds.append(Bound(f"undated:{INCIDENTS}", f"undated:{REPORTS}"))
    status = suppress(figures, equations, k, bounds=bounds).status

    # A union is shown only beside its parts and its basis's total (module docstring).
    overview = annual.table(body, "overview")
    for basis, suffix, total in (
        (annual.REPORTS_BASIS, "", annual.INCLUDED),
        (annual.INCIDENTS_BASIS, "-incidents", annual.CONFIRMED),
    ):
        grounds = annual.table(body, "grounds" if basis == annual.REPORTS_BASIS else
                               "grounds-incidents")  # fmt: skip
        for group in GroundGroup:
            key = f"ground_groups{suffix}:{group.value}"
            parts_shown = (
                all(
                    _row_status(grounds, code) == Status.PUBLISHED.value
                    for code in GROUND_GROUPS[group]
                )
                and _row_status(overview, total) == Status.PUBLISHED.value
            )
            if status[key] is Status.PUBLISHED and figures[key] and not parts_shown:
                status[key] = Status.COMPLEMENTARY
    interventions = annual.table(body, "interventions-reports")
    parts_shown = (
        all(
            _row_status(interventions, code) == Status.PUBLISHED.value
            for code in InterventionKind.values
            if code != InterventionKind.DOCUMENTATION_ONLY
        )
        and _row_status(overview, annual.INCLUDED) == Status.PUBLISHED.value
    )
    key = f"counselled:{PEOPLE}"
    if status[key] is Status.PUBLISHED and figures[key] and not parts_shown:
        status[key] = Status.COMPLEMENTARY
    return {key: _figure(value, status[key]) for key, value in figures.items()}


def raw_figures(raw) -> dict[str, int]:
    """Every figure of the export before suppression (tests: network = sum of parts)."""
    counts = raw.counts
    result = {
        "overview:INCLUDED": counts.included,
        "overview:CONFIRMED": counts.confirmed,
        f"counselled:{PEOPLE}": people_counselled(counts),
    }
    for code, n in ground_group_counts(counts).items():
        result[f"ground_groups:{code}"] = n
    for code, n in ground_group_counts(counts.incidents).items():
        result[f"ground_groups-incidents:{code}"] = n
    for code in ("REPORTER", "STAFF"):
        result[f"contacts:{code}"] = raw.messages.get(code, 0)
    for code in (MEMBER, EXTERNAL):
        result[f"referrals:{code}"] = raw.referrals.get(code, 0)
    for mask_counts, suffix in ((counts, ""), (counts.incidents, "-incidents")):
        for outcome, n in mask_counts.outcome.items():
            result[f"outcomes{suffix}:{outcome or annual.NONE}"] = n
    return result


def _exported_tables(counts, *, k: int, codes: dict) -> dict:
    """Only the tables an export shows (overview, grounds, interventions, outcomes on both
    bases), built and suppressed as `annual.build_tables` builds them, in a body of the
    same shape. A few hundred figures instead of the report's 1,300: the suppression of a
    small population (one organisation, a few months) takes milliseconds, not minutes."""
    b = annual._Builder()
    n, assessed = counts.included, counts.assessed
    spam, not_discrimination = counts.excluded.get("S", 0), counts.excluded.get("X", 0)
    overview = {
        annual.RECEIVED: n + spam + not_discrimination,
        annual.SPAM: spam,
        annual.NOT_DISCRIMINATION: not_discrimination,
        annual.INCLUDED: n,
        annual.ASSESSED: assessed,
        annual.SELF_CLASSIFIED: n - assessed,
        annual.CONFIRMED: counts.confirmed,
    }
    keys = {code: b.figure(f"overview:{code}", value) for code, value in overview.items()}
    b.equation(
        keys[annual.RECEIVED],
        [keys[annual.INCLUDED], keys[annual.SPAM], keys[annual.NOT_DISCRIMINATION]],
    )
    b.equation(keys[annual.INCLUDED], [keys[annual.ASSESSED], keys[annual.SELF_CLASSIFIED]])
    b.bounds.append(Bound(keys[annual.CONFIRMED], keys[annual.ASSESSED]))  # fmt: skip
    b.tables.append(
        {
            "id": "overview",
            "kind": "summary",
            "unit": "reports",
            "dimension": "overview",
            "basis": annual.REPORTS_BASIS,
            "rows": [{"code": code, "key": keys[code]} for code in overview],
            "reports_key": annual.N_KEY,
        }
    )
    for basis, basis_counts in ((annual.REPORTS_BASIS, counts),
                                (annual.INCIDENTS_BASIS, counts.incidents)):  # fmt: skip
        n_key = BASIS_KEYS[basis]

        def tid(base: str, basis=basis) -> str:
            native = annual.NATIVE_BASIS.get(base, annual.REPORTS_BASIS)
            return base if native == basis else f"{base}-{basis}"

        grounds = Counter()
        for (_district, mask), count in basis_counts.district_grounds.items():
            grounds[mask] += count
        annual._multi_from_masks(b, tid("grounds"), "ground", codes, grounds, n_key)
        annual._multi_from_masks(
            b, tid("interventions"), "intervention", codes, basis_counts.interventions, n_key
        )
        b.one_way(
            tid("outcomes"),
            "outcome",
            [*codes["outcome"], annual.NONE],
            Counter({outcome or annual.NONE: n for outcome, n in basis_counts.outcome.items()}),
            multi=False,
            reports_key=n_key,
        )
    status = suppress(b.figures, b.equations, k, bounds=b.bounds).status
    figures = {key: _figure(value, status[key]) for key, value in b.figures.items()}
    return {"k": k, "tables": [annual._materialise(table, figures) for table in b.tables]}


def build_export(
    raw, *, k: int, organisation_label: str, today: datetime.date, as_published: bool = False
) -> dict:
    """The export's sections (codes, suppressed figures) and its facts, JSON-ready.

    `as_published`: the scope of an annual report (the network's calendar year by date
    received): every table of the report is built and suppressed, exactly as publishing
    does, so the export shows the report's marks; any other scope suppresses the
    exported tables alone (`_exported_tables`)."""
    if as_published:
        body = annual.build_tables(raw.counts, k=k, codes=labels.codes())
    else:
        body = _exported_tables(raw.counts, k=k, codes=labels.codes())
    sections = []
    overview = annual.table(body, "overview")
    sections.append(
        {
            "id": "overview",
            "basis": "",
            "dimension": "overview",
            "rows": [
                {"code": row["code"], "value": row["value"]}
                for row in overview["rows"]
                if row["code"] in OVERVIEW_ROWS
            ],
        }
    )
    for table_id in ANNUAL_TABLES:
        table = annual.table(body, table_id)
        rows = [{"code": row["code"], "value": row["value"]} for row in table["rows"]]
        if table["kind"] == "multi":
            rows.append({"code": annual.NONE, "value": table["none"]})
        rows.append(
            {
                "code": INCIDENTS if table["basis"] == annual.INCIDENTS_BASIS else REPORTS,
                "value": table["reports"],
            }
        )
        sections.append(
            {"id": table_id, "basis": table["basis"], "dimension": table["dimension"], "rows": rows}
        )
    extra = _extra_figures(raw, body, k)

    def section(section_id: str, basis: str, codes: list[str], dimension: str = "") -> None:
        sections.append(
            {
                "id": section_id,
                "basis": basis,
                "dimension": dimension,
                "rows": [{"code": code, "value": extra[f"{section_id}:{code}"]} for code in codes],
            }
        )

    section("ground_groups", annual.REPORTS_BASIS, list(GroundGroup.values), "ground_group")
    section("ground_groups-incidents", annual.INCIDENTS_BASIS, list(GroundGroup.values),
            "ground_group")  # fmt: skip
    section("counselled", annual.REPORTS_BASIS, [PEOPLE])
    section("contacts", annual.REPORTS_BASIS, [REPORTER, STAFF, TOTAL])
    section("referrals", annual.REPORTS_BASIS, [MEMBER, EXTERNAL, TOTAL])
    if raw.basis == "incident":
        section("undated", "", [REPORTS, INCIDENTS])
    return {
        "start": raw.start.isoformat(),
        "end": raw.end.isoformat(),
        "basis": raw.basis,
        "organisation": raw.organisation,
        "organisation_label": organisation_label,
        "k": k,
        "generated_on": today.isoformat(),
        "sections": sections,
    }


# -- labels and method notes (in the active language) --------------------------------------


def section_title(section_id: str) -> str:
    base, _sep, basis = section_id.rpartition("-")
    if base and basis in annual.BASES and base in SECTION_TITLES:
        return str(labels.BASIS_TITLES[basis]) % {"title": str(SECTION_TITLES[base])}
    if section_id in SECTION_TITLES:
        return str(SECTION_TITLES[section_id])
    return labels.table_title(section_id)


def row_label(section: dict, code: str) -> str:
    if section["dimension"] == "ground_group":
        return str(GroundGroup(code).label)
    if code in ROW_LABELS:
        return str(ROW_LABELS[code])
    return labels.code_label(section["dimension"], code)


def shown(figure: dict, k: int) -> str:
    if figure["status"] == Status.PRIMARY:
        return f"< {k}"
    if figure["status"] == Status.COMPLEMENTARY:
        return WITHHELD
    return str(figure["value"])


def records(export: dict) -> list[dict]:
    """One record per figure, in CSV_COLUMNS order (suppressed values stay empty)."""
    out = []
    for section in export["sections"]:
        title = section_title(section["id"])
        for row in section["rows"]:
            figure = row["value"]
            out.append(
                {
                    "section": section["id"],
                    "section_title": title,
                    "basis": section["basis"],
                    "code": row["code"],
                    "label": row_label(section, row["code"]),
                    "value": "" if figure["value"] is None else figure["value"],
                    "shown": shown(figure, export["k"]),
                    "status": figure["status"],
                }
            )
    return out


def basis_label(basis: str) -> str:
    return str(
        _("Date the report was received") if basis == "received" else _("Month of the incident")
    )


def method_notes(export: dict) -> list[tuple[str, str]]:
    """(heading, text) pairs: what is counted, on which basis, for when, how withheld."""
    k = export["k"]
    groups = "; ".join(
        f"{GroundGroup(code).label}: "
        + ", ".join(str(Ground(g).label) for g in Ground.values if g in GROUND_GROUPS[code])
        for code in GroundGroup.values
    )
    notes = [
        (_("Export"), _("Statistics for funders and research, Meldestelle")),
        (_("Organisation"), export["organisation_label"]),
        (_("First day"), export["start"]),
        (_("Last day"), export["end"]),
        (_("Counted by"), basis_label(export["basis"])),
    ]
    if export["basis"] == "incident":
        notes.append(
            (
                _("Month of the incident"),
                _(
                    "Every case whose incident happened from the month of the first day to "
                    "the month of the last day is counted. Reports without a month of the "
                    "incident cannot be placed: they are counted separately, by the date "
                    "they were received in the same period, and in no other figure."
                ),
            )
        )
    notes += [
        (
            _("Reports"),
            _(
                "Reports counted: reports received, less spam and reports the team assessed "
                "as not discrimination. A report marked as a duplicate of another is not "
                "counted again."
            ),
        ),
        (
            _("Incidents"),
            _(
                "Incidents: the incidents the team assessed as discrimination. Several "
                "reports of the same incident count as one incident."
            ),
        ),
        (
            _("Groups of grounds"),
            _(
                "A report or incident naming several grounds of a group is counted once in "
                "that group. The groups: %(groups)s."
            )
            % {"groups": groups},
        ),
        (
            _("People counselled"),
            _(
                "Reports with at least one intervention other than documentation only. "
                "Reports are anonymous: a person who reported twice is counted twice."
            ),
        ),
        (
            _("Interventions"),
            _("Each kind of intervention is counted once per report or incident."),
        ),
        (
            _("Contacts"),
            _("Messages exchanged between reporters and the team on the reports counted."),
        ),
        (
            _("Referrals"),
            _(
                "Referrals made on the reports counted, to member organisations and to "
                "bodies outside the network, whatever became of them."
            ),
        ),
        (
            _("Withheld numbers"),
            _(
                "The rule of the annual report, with k = %(k)s: numbers from 1 to %(below)s "
                "are shown as “< %(k)s”; “×” withholds a number that would let one of them "
                "be worked out; 0 is shown. Groups of grounds and people counselled are "
                "shown only where their grounds and interventions are. Exports of "
                "overlapping periods or organisations are suppressed each on its own: do "
                "not publish several side by side."
            )
            % {"k": k, "below": k - 1},
        ),
        (
            _("Columns"),
            _(
                "section, section_title, basis, code, label, value (empty where withheld), "
                "shown (as printed), status (published, primary: fewer than k, "
                "complementary: protects another number)."
            ),
        ),
        (_("Generated on"), export["generated_on"]),
    ]
    return [(str(heading), str(text)) for heading, text in notes]


# -- files -----------------------------------------------------------------------------------


def export_csv(export: dict) -> str:
    """The figures as CSV (UTF-8 with a byte order mark, CRLF, one header row)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records(export))
    return out.getvalue()


def export_zip(export: dict) -> bytes:
    """The CSV and the method notes in one ZIP: the CSV stays plain data any program reads."""
    method = "\r\n".join(f"{heading}: {text}" for heading, text in method_notes(export))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{file_stem(export)}.csv", export_csv(export).encode())
        method_name = slugify(pgettext("export file name", "method"), allow_unicode=True)
        archive.writestr(f"{method_name}.txt", ("\ufeff" + method + "\r\n").encode())
    return buffer.getvalue()


def export_xlsx(export: dict) -> bytes:
    """A workbook with the sheets "Figures" and "Method" (titles in the active language)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    figures = workbook.active
    figures.title = sheet_title(_("Figures"))
    figures.append(list(CSV_COLUMNS))
    for cell in figures[1]:
        cell.font = Font(bold=True)
    for record in records(export):
        figures.append([record[column] for column in CSV_COLUMNS])
    for column, width in zip("ABCDEFGH", (24, 48, 10, 24, 48, 10, 10, 14), strict=True):
        figures.column_dimensions[column].width = width
    figures.freeze_panes = "A2"
    method = workbook.create_sheet(sheet_title(_("Method")))
    for heading, text in method_notes(export):
        method.append([heading, text])
    method.column_dimensions["A"].width = 28
    method.column_dimensions["B"].width = 100
    for row in method.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31]


def file_stem(export: dict) -> str:
    """The download's name in the active language: range, basis and scope, no codes (a
    member organisation by its name)."""
    if export["basis"] == "received":
        basis = pgettext("export file name", "by date received")
    else:
        basis = pgettext("export file name", "by incident month")
    scope = {
        "network": pgettext("export file name", "network"),
        "association": pgettext("export file name", "association"),
    }.get(export["organisation"], export["organisation_label"])
    return slugify(
        f"meldestelle {export['start']} {export['end']} {basis} {scope}", allow_unicode=True
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_file(export: dict, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the export as "xlsx" or "csv" (a ZIP)."""
    if file_format == "xlsx":
        return export_xlsx(export), XLSX_TYPE, f"{file_stem(export)}.xlsx"
    return export_zip(export), "application/zip", f"{file_stem(export)}.zip"


def labelled(export: dict) -> dict:
    """The export with titles and labels in the active language and its method notes."""
    return {
        **export,
        "sections": [
            {
                **section,
                "title": section_title(section["id"]),
                "rows": [
                    {**row, "label": row_label(section, row["code"])} for row in section["rows"]
                ],
            }
            for section in export["sections"]
        ],
        "method": [{"heading": h, "text": t} for h, t in method_notes(export)],
    }
