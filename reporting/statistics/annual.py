"""From raw counts of a year to the tables of an annual report, suppressed.

`build_tables(counts, k=5, ...)` returns a JSON-ready dict: the snapshot body
that publishing stores, and also what draft pages, the staff API and the
dashboard (with ``k=None``: nothing suppressed) show. It holds codes only,
never translated labels, so one snapshot serves every language.

Every number is a *figure* with a key such as ``grounds:RACISM``; a figure that
appears in two tables (the reports naming RACISM are a row of the grounds
table and a column total of district × ground) is one figure, suppressed in
both or in neither. The equations that the published figures satisfy by
construction are listed next to them and handed to `suppression.suppress`:

* single-choice tables (district, month, language, reporter role, police, channel):
  the rows add up to the number of reports;
* multi-choice tables (grounds, areas, forms): the rows add up to the number
  of *mentions*, not of reports (one report may name several grounds), so
  the mentions total is published as a figure of its own; the number of
  reports only bounds each row from above;
* the AGG split (protected by the AGG / outside it / cannot be decided, by the
  rule of reporting/vocabulary/agg.py over ground × area or as the caseworker set it) is a
  partition of the reports again;
* district × ground: for each ground the districts add up to the grounds
  table's figure (each report has one district); for each district the
  grounds add up to that district's mentions (a new figure) — not to the
  district's number of reports, which only bounds each cell;
* ground × area: each row and column adds up to its pair-mention total and
  those to the table's total; nothing links it to the grounds or areas table
  by an equation (a report naming two grounds and two areas is four pairs);
* the overview: the reports counted add up to those a caseworker classified and those
  as the reporter did, and to the incidents they are about and the further reports linked
  to one of those incidents (several witnesses of one attack; a duplicate is no report);
* every table comes on two bases: the reports counted (overview row INCLUDED) and the
  *incidents assessed as discrimination by the team* (overview row CONFIRMED, at most
  the assessed reports), so the figures can be set beside the enquiries of the ADS
  (reports) and the verified incidents of RIAS and MIA (incidents). Each table says
  which (`basis`); its twin on the other basis follows it (NATIVE_BASIS), with the same
  equations over its own figures and none linking the two. Actor, multidimensional and
  outcome are partitions, consequences and interventions multi-choice like the grounds.
"""

import datetime
from collections import Counter

from reporting.statistics.suppression import Bound, Equation, Status, suppress

# 6: linked reports (several about one incident; a duplicate counts nowhere): the overview
# says how many incidents the reports are about (INCIDENTS, LINKED_REPORTS). 5: the table
# `channels` (how reports reached the service). 4: every table on both
# counting bases (NATIVE_BASIS). 3: the forms split into forms
# (§ 3 AGG) and incident types, and the counselling documentation's tables. 2: the AGG
# split reads ground and area (table `agg_scope`); format 1 had the table `agg`, split by
# the ground alone, which ERRATA corrects.
FORMAT = 6
NONE = "_NONE"  # multi-choice: the report names no code at all
TOTAL = "_TOTAL"
MENTIONS = "_MENTIONS"
OTHER_YEAR = "OTHER_YEAR"
UNKNOWN = "UNKNOWN"
OTHER = "OTHER"

# Overview rows.
RECEIVED = "RECEIVED"
SPAM = "SPAM"
NOT_DISCRIMINATION = "NOT_DISCRIMINATION"
INCLUDED = "INCLUDED"
ASSESSED = "ASSESSED"
SELF_CLASSIFIED = "SELF_CLASSIFIED"
CONFIRMED = "CONFIRMED"
# The incidents the counted reports are about, each once, and the further reports linked
# to an incident already counted (INCLUDED = INCIDENTS + LINKED_REPORTS; since format 6).
INCIDENTS = "INCIDENTS"
LINKED_REPORTS = "LINKED_REPORTS"
N_KEY = f"overview:{INCLUDED}"
INCIDENTS_KEY = f"overview:{CONFIRMED}"
# What a table counts: reports received (less spam and not discrimination), or incidents
# the team assessed as discrimination. Since format 4 every table comes on both bases:
# with its plain id on its native basis (the one it had before: incidents for the
# counselling documentation, which reports without an assessment lack, else reports),
# and as a twin with the other basis after a hyphen (`grounds-incidents`, `actors-reports`).
REPORTS_BASIS, INCIDENTS_BASIS = "reports", "incidents"
BASES = (REPORTS_BASIS, INCIDENTS_BASIS)
NATIVE_BASIS = dict.fromkeys(
    ("actors", "multidimensional", "consequences", "interventions", "outcomes"), INCIDENTS_BASIS
)
# Rows of the multidimensional table.
YES, NO = "YES", "NO"

# Rows of the `agg` table of format 1 (still shown in editions published with it).
WITHIN_AGG = "WITHIN_AGG"
OUTSIDE_AGG = "OUTSIDE_AGG"
# Tables of earlier formats that published editions keep, with what was wrong in them.
AGG_BY_GROUND_ONLY = "AGG_BY_GROUND_ONLY"
ERRATA = {"agg": AGG_BY_GROUND_ONLY}

# Tables that the year-on-year comparison covers.
YEAR_ON_YEAR_TABLES = ("overview", "grounds", "areas", "forms", "districts")


def bits(codes: list[str]) -> list[tuple[int, str]]:
    return [(1 << index, code) for index, code in enumerate(codes)]


def decode(mask: int, table: list[tuple[int, str]]) -> list[str]:
    return [code for bit, code in table if mask & bit]


class _Builder:
    def __init__(self):
        self.figures: dict[str, int] = {}
        self.equations: list[Equation] = []
        self.bounds: list[Bound] = []
        self.tables: list[dict] = []

    def figure(self, key: str, value: int) -> str:
        if key in self.figures and self.figures[key] != value:
            raise ValueError(f"figure {key} built twice with different values")
        self.figures[key] = value
        return key

    def equation(self, total: str, parts: list[str]) -> None:
        self.equations.append(Equation(total, tuple(parts)))

    def one_way(
        self,
        table_id: str,
        dimension: str,
        codes: list[str],
        values: Counter,
        *,
        multi: bool,
        reports_key: str,
        none: int | None = None,
        none_key: str | None = None,
    ) -> None:
        """A one-dimensional table: one figure per code (+ "none" for multi-choice).

        Its basis follows from `reports_key`: the counted reports or the incidents."""
        extra = [code for code in values if code not in codes]
        basis = INCIDENTS_BASIS if reports_key == INCIDENTS_KEY else REPORTS_BASIS
        rows, keys = [], []
        for code in [*codes, *sorted(extra)]:
            key = self.figure(f"{table_id}:{code}", values.get(code, 0))
            rows.append({"code": code, "key": key})
            keys.append(key)
            if multi:
                self.bounds.append(Bound(key, reports_key))
        table = {
            "id": table_id,
            "kind": "multi" if multi else "single",
            "unit": "mentions" if multi else basis,
            "dimension": dimension,
            "basis": basis,
            "rows": rows,
            "reports_key": reports_key,
        }
        if multi:
            mentions = self.figure(f"{table_id}:{MENTIONS}", sum(values.values()))
            self.equation(mentions, keys)
            table["mentions_key"] = mentions
            key = none_key or self.figure(f"{table_id}:{NONE}", none or 0)
            table["none_key"] = key
        else:
            self.equation(reports_key, keys)
        self.tables.append(table)

    def cross(
        self,
        table_id: str,
        dimensions: tuple[str, str],
        row_codes: list[str],
        column_codes: list[str],
        cells: Counter,
        *,
        row_reports: dict[str, str],
        column_totals: dict[str, str] | None,
        total_key: str | None,
        column_reports: dict[str, str] | None = None,
        reports_key: str = N_KEY,
    ) -> None:
        """Rows × columns of pair counts with row totals (new figures) and column totals
        (new figures, or existing ones when the table shares that margin)."""
        rows = []
        column_keys: dict[str, list[str]] = {c: [] for c in column_codes}
        row_totals = []
        for row in row_codes:
            keys = []
            for column in column_codes:
                key = self.figure(f"{table_id}:{row}:{column}", cells.get((row, column), 0))
                keys.append(key)
                column_keys[column].append(key)
                self.bounds.append(Bound(key, row_reports[row]))
                if column_reports:
                    self.bounds.append(Bound(key, column_reports[column]))
            row_total = self.figure(
                f"{table_id}:{row}:{TOTAL}", sum(cells.get((row, c), 0) for c in column_codes)
            )
            self.equation(row_total, keys)
            row_totals.append(row_total)
            rows.append(
                {"code": row, "keys": keys, "total_key": row_total, "reports_key": row_reports[row]}
            )
        if column_totals is None:
            column_totals = {
                c: self.figure(
                    f"{table_id}:{TOTAL}:{c}", sum(cells.get((r, c), 0) for r in row_codes)
                )
                for c in column_codes
            }
        for column in column_codes:
            self.equation(column_totals[column], column_keys[column])
        if total_key is None:
            total_key = self.figure(f"{table_id}:{TOTAL}", sum(cells.values()))
        self.equation(total_key, row_totals)
        self.equation(total_key, [column_totals[c] for c in column_codes])
        self.tables.append(
            {
                "id": table_id,
                "kind": "cross",
                "unit": "mentions",
                "dimension": dimensions[0],
                "column_dimension": dimensions[1],
                "basis": INCIDENTS_BASIS if reports_key == INCIDENTS_KEY else REPORTS_BASIS,
                "columns": column_codes,
                "rows": rows,
                "column_total_keys": [column_totals[c] for c in column_codes],
                "total_key": total_key,
                "reports_key": reports_key,
            }
        )


def _multi_from_masks(
    b: _Builder, table_id: str, dimension: str, codes: dict, masks: Counter, reports_key: str
) -> None:
    """A multi-choice table from {mask: count} of one dimension's codes."""
    table_bits = bits(codes[dimension])
    mentions, none = Counter(), 0
    for mask, count in masks.items():
        for code in decode(mask, table_bits):
            mentions[code] += count
        if not mask:
            none += count
    b.one_way(
        table_id,
        dimension,
        codes[dimension],
        mentions,
        multi=True,
        reports_key=reports_key,
        none=none,
    )


def _figure(value: int, status: Status) -> dict:
    if status is Status.PUBLISHED:
        return {"value": value, "status": status.value}
    return {"value": None, "status": status.value}


def _basis_tables(b: _Builder, counts, codes: dict, basis: str) -> list[dict]:
    """Every table but the overview, over `counts` on one basis (reports or incidents).

    A table keeps its plain id on its native basis (NATIVE_BASIS) and gets the basis as
    a suffix on the other, so tables published before both bases keep their ids."""
    first = len(b.tables)
    year = counts.year
    n_key = INCIDENTS_KEY if basis == INCIDENTS_BASIS else N_KEY
    grounds, areas = codes["ground"], codes["area"]
    ground_bits, area_bits = bits(grounds), bits(areas)

    def tid(base: str) -> str:
        return base if NATIVE_BASIS.get(base, REPORTS_BASIS) == basis else f"{base}-{basis}"

    # From (district, grounds): districts, grounds, district × ground.
    by_district, by_ground, dg, none_grounds = Counter(), Counter(), Counter(), 0
    for (district, mask), count in counts.district_grounds.items():
        district = district if district in codes["district"] else UNKNOWN
        by_district[district] += count
        named = decode(mask, ground_bits)
        for ground in named:
            by_ground[ground] += count
            dg[(district, ground)] += count
        if not mask:
            none_grounds += count
    # A region (districts retention coarsened) is a row of its own, where the year has any.
    district_codes = [
        code for code in codes["district"] if by_district[code] or code not in codes["region"]
    ]
    b.one_way(
        tid("grounds"),
        "ground",
        grounds,
        by_ground,
        multi=True,
        reports_key=n_key,
        none=none_grounds,
    )
    b.one_way(
        tid("agg_scope"),
        "agg_scope",
        codes["agg_scope"],
        counts.agg,
        multi=False,
        reports_key=n_key,
    )

    # From (grounds, areas): areas and ground × area.
    by_area, ga, none_areas = Counter(), Counter(), 0
    for (ground_mask, area_mask), count in counts.grounds_areas.items():
        named_areas = decode(area_mask, area_bits)
        for area in named_areas:
            by_area[area] += count
        if not area_mask:
            none_areas += count
        for ground in decode(ground_mask, ground_bits):
            for area in named_areas:
                ga[(ground, area)] += count
    b.one_way(tid("areas"), "area", areas, by_area, multi=True, reports_key=n_key, none=none_areas)

    _multi_from_masks(b, tid("forms"), "form", codes, counts.forms, n_key)
    _multi_from_masks(
        b, tid("incident_types"), "incident_type", codes, counts.incident_types, n_key
    )

    b.one_way(
        tid("districts"), "district", district_codes, by_district, multi=False, reports_key=n_key
    )

    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    by_month, by_language, by_role, by_police = Counter(), Counter(), Counter(), Counter()
    for (month, language, role, police, _assessed), count in counts.singles.items():
        if not month:
            month = UNKNOWN
        elif month not in months:
            month = OTHER_YEAR
        by_month[month] += count
        by_language[language or UNKNOWN] += count  # retention drops it only where uncounted
        by_role[role] += count
        by_police[police] += count
    b.one_way(
        tid("months"),
        "month",
        [*months, OTHER_YEAR, UNKNOWN],
        by_month,
        multi=False,
        reports_key=n_key,
    )
    b.one_way(
        tid("languages"), "language", codes["language"], by_language, multi=False, reports_key=n_key
    )
    b.one_way(
        tid("reporter_roles"),
        "reporter_role",
        codes["reporter_role"],
        by_role,
        multi=False,
        reports_key=n_key,
    )
    b.one_way(tid("police"), "police", codes["police"], by_police, multi=False, reports_key=n_key)
    b.one_way(
        tid("channels"), "channel", codes["channel"], counts.channel, multi=False, reports_key=n_key
    )

    # The counselling documentation.
    b.one_way(
        tid("actors"),
        "actor",
        [*codes["actor"], NONE],
        Counter({actor or NONE: n for actor, n in counts.actor.items()}),
        multi=False,
        reports_key=n_key,
    )
    b.one_way(
        tid("multidimensional"),
        "multidimensional",
        [YES, NO],
        Counter({(YES if flag else NO): n for flag, n in counts.multidimensional.items()}),
        multi=False,
        reports_key=n_key,
    )
    _multi_from_masks(b, tid("consequences"), "consequence", codes, counts.consequences, n_key)
    _multi_from_masks(b, tid("interventions"), "intervention", codes, counts.interventions, n_key)
    b.one_way(
        tid("outcomes"),
        "outcome",
        [*codes["outcome"], NONE],
        Counter({outcome or NONE: n for outcome, n in counts.outcome.items()}),
        multi=False,
        reports_key=n_key,
    )

    b.cross(
        tid("ground_area"),
        ("ground", "area"),
        grounds,
        areas,
        ga,
        row_reports={g: f"{tid('grounds')}:{g}" for g in grounds},
        column_reports={a: f"{tid('areas')}:{a}" for a in areas},
        column_totals=None,
        total_key=None,
        reports_key=n_key,
    )
    b.cross(
        tid("district_ground"),
        ("district", "ground"),
        district_codes,
        grounds,
        dg,
        row_reports={d: f"{tid('districts')}:{d}" for d in district_codes},
        column_totals={g: f"{tid('grounds')}:{g}" for g in grounds},
        total_key=f"{tid('grounds')}:{MENTIONS}",
        reports_key=n_key,
    )
    return b.tables[first:]


def build_tables(
    counts,
    *,
    k: int | None,
    codes: dict[str, list[str]],
    previous: dict | None = None,
    previous_edition: int | None = None,
) -> dict:
    """All tables of `counts` (a `reporting.selectors.statistics.YearCounts`).

    `codes` lists the codes per dimension in display order (`labels.codes()`): "ground",
    "area", "form", "incident_type", "district", "language", "reporter_role", "police",
    "agg_scope", "channel", "actor", "consequence", "intervention", "outcome"; "region" says which
    district codes are regions (rows only where counted). `previous` is the
    built (or published) body of the year before, for the year-on-year table.
    With ``k=None`` nothing is suppressed (staff only).
    """
    year = counts.year
    b = _Builder()
    n = counts.included
    assessed = counts.assessed
    spam = counts.excluded.get("S", 0)
    not_discrimination = counts.excluded.get("X", 0)
    overview = Counter(
        {
            RECEIVED: n + spam + not_discrimination,
            SPAM: spam,
            NOT_DISCRIMINATION: not_discrimination,
            INCLUDED: n,
            ASSESSED: assessed,
            SELF_CLASSIFIED: n - assessed,
            LINKED_REPORTS: n - counts.incidents_reported,
            INCIDENTS: counts.incidents_reported,
            CONFIRMED: counts.confirmed,
        }
    )
    keys = {code: b.figure(f"overview:{code}", value) for code, value in overview.items()}
    b.equation(keys[RECEIVED], [keys[INCLUDED], keys[SPAM], keys[NOT_DISCRIMINATION]])
    b.equation(keys[INCLUDED], [keys[ASSESSED], keys[SELF_CLASSIFIED]])
    b.equation(keys[INCLUDED], [keys[INCIDENTS], keys[LINKED_REPORTS]])
    b.bounds.append(Bound(keys[CONFIRMED], keys[ASSESSED]))
    b.tables.append(
        {
            "id": "overview",
            "kind": "summary",
            "unit": "reports",
            "dimension": "overview",
            "basis": REPORTS_BASIS,
            "rows": [{"code": code, "key": keys[code]} for code in overview],
            "reports_key": N_KEY,
        }
    )

    reports = _basis_tables(b, counts, codes, REPORTS_BASIS)
    incidents = _basis_tables(b, counts.incidents, codes, INCIDENTS_BASIS)
    # Each table beside its twin on the other basis, the native one first.
    b.tables[1:] = [
        table
        for pair in zip(reports, incidents, strict=True)
        for table in sorted(pair, key=lambda t: "-" in t["id"])
    ]

    if k is None:
        status = dict.fromkeys(b.figures, Status.PUBLISHED)
    else:
        status = suppress(b.figures, b.equations, k, bounds=b.bounds).status
    figures = {key: _figure(value, status[key]) for key, value in b.figures.items()}
    body = {
        "format": FORMAT,
        "year": year,
        "k": k,
        "computed_on": datetime.date.today().isoformat(),
        "tables": [_materialise(table, figures) for table in b.tables],
        "suppressed": {
            "primary": sum(s is Status.PRIMARY for s in status.values()),
            "complementary": sum(s is Status.COMPLEMENTARY for s in status.values()),
            "figures": len(status),
        },
    }
    body["year_on_year"] = year_on_year(body, previous, previous_edition)
    return body


def _materialise(table: dict, figures: dict[str, dict]) -> dict:
    out = {k: v for k, v in table.items() if not k.endswith("_key") and k != "rows"}
    out["reports"] = figures[table["reports_key"]]
    if "mentions_key" in table:
        out["mentions"] = figures[table["mentions_key"]]
    if "none_key" in table:
        out["none"] = figures[table["none_key"]]
    if table["kind"] == "cross":
        out["rows"] = [
            {
                "code": row["code"],
                "cells": [figures[key] for key in row["keys"]],
                "total": figures[row["total_key"]],
                "reports": figures[row["reports_key"]],
            }
            for row in table["rows"]
        ]
        out["column_totals"] = [figures[key] for key in table["column_total_keys"]]
        out["total"] = figures[table["total_key"]]
    else:
        out["rows"] = [{"code": row["code"], "value": figures[row["key"]]} for row in table["rows"]]
    return out


def table(body: dict, table_id: str) -> dict | None:
    return next((t for t in body.get("tables", []) if t["id"] == table_id), None)


def year_on_year(body: dict, previous: dict | None, previous_edition: int | None) -> dict | None:
    """Current against previous figures, where both are published (never recomputed:
    comparing with fresh exact figures of last year could undo last year's suppression)."""
    if previous is None:
        return None
    rows = []
    for table_id in YEAR_ON_YEAR_TABLES:
        current, before = table(body, table_id), table(previous, table_id)
        if current is None or before is None:
            continue
        earlier = {row["code"]: row["value"] for row in before["rows"]}
        for row in current["rows"]:
            if table_id == "overview" and row["code"] != INCLUDED:
                continue
            now = row["value"]
            then = earlier.get(row["code"], {"value": None, "status": "missing"})
            change = None
            if now["value"] is not None and then.get("value"):
                change = round((now["value"] - then["value"]) * 100 / then["value"], 1)
            rows.append(
                {
                    "table": table_id,
                    "code": row["code"],
                    "current": now,
                    "previous": then,
                    "change_percent": change,
                }
            )
    return {
        "previous_year": previous.get("year"),
        "previous_edition": previous_edition,
        "rows": rows,
    }


def errata(body: dict) -> list[dict]:
    """What is known to be wrong in a published body: {"code", "table"} per affected table.

    Derived from the tables it holds, never stored in it: a snapshot stays as published.
    """
    return [
        {"code": code, "table": table_id}
        for table_id, code in ERRATA.items()
        if table(body, table_id) is not None
    ]


def share(figure: dict, reports: dict) -> float | None:
    """Percent of the reports, for published figures only."""
    if figure.get("value") is None or not reports.get("value"):
        return None
    return round(figure["value"] * 100 / reports["value"], 1)


def is_suppressed(figure: dict) -> bool:
    return figure.get("status") in (Status.PRIMARY.value, Status.COMPLEMENTARY.value)
