"""Statistics bodies (codes and figures) to what templates show: labels, marks, charts.

Used for published snapshots, previews of drafts and the live staff dashboard
alike, so all three look the same; only the figures differ.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from reporting.statistics import annual, charts, headlines, labels
from reporting.statistics.suppression import Status
from reporting.vocabulary.taxonomy import Region

WITHHELD = "×"
LTR_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"
# Table id → chart kind.
CHARTS = {
    "grounds": "bars",
    "areas": "bars",
    "forms": "bars",
    "incident_types": "bars",
    "actors": "bars",
    "interventions": "bars",
    "outcomes": "bars",
    "channels": "bars",
    "months": "line",
    "districts": "map",
}
LEGEND_PRIMARY = _("fewer than %(k)s")
LEGEND_WITHHELD = _("withheld so that a small number cannot be worked out")


def fmt(value: int) -> str:
    return number_format(value, force_grouping=True)


def fmt_share(value: float) -> str:
    return f"{number_format(value, decimal_pos=1)} %"


@dataclass
class Cell:
    text: str
    sr: str = ""  # screen-reader text replacing `text` (for marks)
    css: str = ""

    @property
    def withheld(self) -> bool:
        return bool(self.css)


@dataclass
class Row:
    header: str
    cells: list[Cell]
    css: str = ""


@dataclass
class TableView:
    id: str
    title: str
    description: str
    head: list[str]
    rows: list[Row]
    foot: list[Row] = field(default_factory=list)
    chart: str = ""
    wide: bool = False
    has_withheld: bool = False
    # The map's letters with the full district names, shown under the map.
    key: list[tuple[str, str]] = field(default_factory=list)


def mark(figure: dict, k: int | None) -> Cell:
    status = figure.get("status")
    if status == Status.PRIMARY:
        return Cell(f"< {k}", sr=gettext("fewer than %(k)s") % {"k": k}, css="withheld primary")
    if status == Status.COMPLEMENTARY:
        return Cell(WITHHELD, sr=gettext("withheld"), css="withheld complementary")
    return Cell(fmt(figure["value"]))


def _share_cell(figure: dict, reports: dict) -> Cell:
    share = annual.share(figure, reports)
    return Cell("" if share is None else fmt_share(share))


def _chart_item(dimension: str, code: str, figure: dict, reports: dict, k) -> charts.Item:
    cell = mark(figure, k)
    share = annual.share(figure, reports)
    return charts.Item(
        code=code,
        label=labels.code_label(dimension, code),
        value=figure.get("value"),
        mark=cell.text,
        note="" if share is None else fmt_share(share),
    )


def _chart_desc(table: dict, k) -> str:
    shown = [
        f"{labels.code_label(table['dimension'], row['code'])}: {mark(row['value'], k).text}"
        for row in table["rows"]
    ]
    return "; ".join(shown)


def chart_for(table: dict, k, prefix: str) -> str:
    kind = CHARTS.get(table["id"])
    # Nothing to draw where the table counts nobody (no incident assessed yet, say).
    if kind is None or table["reports"].get("value") == 0:
        return ""
    rtl = get_language_bidi()
    chart_id = f"{prefix}-{table['id']}"
    title = labels.table_title(table["id"])
    desc = _chart_desc(table, k)
    if kind == "bars":
        items = [
            _chart_item(table["dimension"], row["code"], row["value"], table["reports"], k)
            for row in table["rows"]
        ]
        svg = charts.bar_chart(chart_id, items, title=title, desc=desc, rtl=rtl)
    elif kind == "line":
        rows = [row for row in table["rows"] if row["code"][:4].isdigit()]
        items = [
            _chart_item("month", row["code"], row["value"], table["reports"], k) for row in rows
        ]
        # Month numbers: twelve names do not fit a phone-wide axis in every language, and
        # cut to three letters some (Arabic) read as nothing. The table names them.
        axis = [str(int(row["code"][5:7])) for row in rows]
        svg = charts.line_chart(
            chart_id, items, title=title, desc=desc, axis_labels=axis, fmt=fmt, rtl=rtl
        )
    else:
        items = [
            _chart_item("district", row["code"], row["value"], table["reports"], k)
            for row in table["rows"]
        ]
        elsewhere = gettext("Outside Saxony, online and unknown: see the table.")
        if any(row["code"] in Region.values for row in table["rows"]):
            elsewhere += " " + gettext(
                "Regions of districts not kept after retention: see the table."
            )
        svg = charts.tile_map(
            chart_id,
            items,
            title=title,
            desc=desc + ". " + elsewhere,
            legend_range=lambda low, high: (
                pgettext("range", "%(low)s to %(high)s") % {"low": low, "high": high}
            ),
            legend_withheld=gettext("withheld"),
            legend_none=gettext("none"),
            fmt=fmt,
            rtl=rtl,
        )
    return mark_safe(svg)  # noqa: S308 - built by charts.py, every text escaped there


def _one_way(table: dict, k) -> TableView:
    dimension = table["dimension"]
    reports = table["reports"]
    multi = table["kind"] == "multi"
    incidents = table.get("basis") == annual.INCIDENTS_BASIS
    unit = gettext("Incidents") if incidents else gettext("Reports")
    rows = [
        Row(
            labels.code_label(dimension, row["code"]),
            [mark(row["value"], k), _share_cell(row["value"], reports)],
        )
        for row in table["rows"]
    ]
    foot = []
    if multi:
        foot.append(
            Row(
                gettext("None given"), [mark(table["none"], k), _share_cell(table["none"], reports)]
            )
        )
        foot.append(Row(gettext("Mentions"), [mark(table["mentions"], k), Cell("")]))
    if table["id"] != "overview":
        foot.append(Row(unit, [mark(reports, k), Cell(fmt_share(100.0))]))
    head = [
        labels.dimension_label(dimension),
        gettext("Mentions") if multi else unit,
        gettext("Share of incidents") if incidents else gettext("Share of reports"),
    ]
    if table["id"] == "overview":
        head = [gettext("Figure"), gettext("Reports")]
        rows = [Row(r.header, r.cells[:1]) for r in rows]
    return TableView(
        id=table["id"],
        title=labels.table_title(table["id"]),
        description=labels.table_description(table["id"]),
        head=head,
        rows=rows,
        foot=foot,
    )


def _cross(table: dict, k) -> TableView:
    columns = [labels.code_label(table["column_dimension"], c) for c in table["columns"]]
    rows = [
        Row(
            labels.code_label(table["dimension"], row["code"]),
            [
                *(mark(cell, k) for cell in row["cells"]),
                mark(row["total"], k),
                mark(row["reports"], k),
            ],
        )
        for row in table["rows"]
    ]
    foot = [
        Row(
            gettext("Total"),
            [*(mark(c, k) for c in table["column_totals"]), mark(table["total"], k), Cell("")],
        )
    ]
    incidents = table.get("basis") == annual.INCIDENTS_BASIS
    head = [
        labels.dimension_label(table["dimension"]),
        *columns,
        gettext("Mentions"),
        gettext("Incidents") if incidents else gettext("Reports"),
    ]
    return TableView(
        id=table["id"],
        title=labels.table_title(table["id"]),
        description=labels.table_description(table["id"]),
        head=head,
        rows=rows,
        foot=foot,
        wide=True,
    )


def present(body: dict, *, prefix: str = "chart") -> list[TableView]:
    """Every table of `body` ready for templates/statistics/_tables.html."""
    k = body.get("k")
    views = []
    for table in body["tables"]:
        view = _cross(table, k) if table["kind"] == "cross" else _one_way(table, k)
        view.chart = chart_for(table, k, prefix)
        if view.chart and CHARTS.get(table["id"]) == "map":
            view.key = charts.district_key(
                [row["code"] for row in table["rows"]],
                lambda code: labels.code_label("district", code),
            )
        view.has_withheld = any(c.withheld for r in view.rows + view.foot for c in r.cells)
        views.append(view)
    return views


def year_on_year_view(body: dict) -> TableView | None:
    change = body.get("year_on_year")
    if not change:
        return None
    k = body.get("k")
    rows = []
    for row in change["rows"]:
        dimension = next(
            (t["dimension"] for t in body["tables"] if t["id"] == row["table"]), row["table"]
        )
        label = labels.code_label(dimension, row["code"])
        if row["table"] != "overview":
            label = f"{labels.table_title(row['table'])}: {label}"
        percent = row["change_percent"]
        rows.append(
            Row(
                label,
                [
                    mark(row["current"], k),
                    mark(row["previous"], k)
                    if row["previous"].get("status") != "missing"
                    else Cell("–"),
                    Cell(
                        "–"
                        if percent is None
                        else f"{'+' if percent > 0 else ''}{fmt_share(percent)}"
                    ),
                ],
            )
        )
    year = body["year"]
    return TableView(
        id="year_on_year",
        title=gettext("Change from the year before"),
        description=gettext(
            "Compared with the published figures of %(year)s; no change is given where "
            "either figure is withheld."
        )
        % {"year": change["previous_year"]},
        head=[gettext("Figure"), str(year), str(change["previous_year"]), gettext("Change")],
        rows=rows,
    )


@dataclass
class Headline:
    label: str
    detail: str  # the ground or area a "most often named" headline is about
    value: Cell
    change: str


HEADLINE_LABELS = {
    "top_ground": _("Most often named ground"),
    "top_area": _("Most often named area of life"),
}
# The dimension of each headline's table, for the label of a "most often named" code.
HEADLINE_DIMENSIONS = {"grounds": "ground", "areas": "area"}


def _headline_change(headline: dict, previous_year: int) -> str:
    how = headline["comparison"]
    year = {"year": previous_year}
    if how == headlines.CHANGE:
        percent = headline["change_percent"]
        sign = "+" if percent > 0 else "±" if percent == 0 else ""
        # Isolated left to right, so an Arabic sentence keeps the sign before the digits.
        change = f"{LTR_ISOLATE}{sign}{fmt_share(percent)}{POP_ISOLATE}"
        return gettext("%(change)s against %(year)s (%(previous)s)") % {
            **year,
            "change": change,
            "previous": fmt(headline["previous"]["value"]),
        }
    if how == headlines.NONE_BEFORE:
        return gettext("none in %(year)s") % year
    if how == headlines.NOT_PUBLISHED:
        return gettext("no comparison: %(year)s has not been published") % year
    if how == headlines.WITHHELD:
        return gettext("no comparison: a figure is withheld to protect small numbers")
    return gettext("no comparison: not counted in %(year)s") % year


def headline_view(body: dict, previous: dict | None) -> list[Headline]:
    """The headlines of `body` against `previous` (the body of the year before, or None)."""
    k = body.get("k")
    out = []
    for headline in headlines.headlines(body, previous):
        if headline["table"] == "overview":
            label, detail = labels.code_label("overview", headline["code"]), ""
        else:
            label = str(HEADLINE_LABELS[headline["id"]])
            detail = labels.code_label(HEADLINE_DIMENSIONS[headline["table"]], headline["code"])
        out.append(
            Headline(
                label=label,
                detail=detail,
                value=mark(headline["current"], k),
                change=_headline_change(headline, body["year"] - 1),
            )
        )
    return out


def legend(k) -> dict[str, str]:
    return {
        "last": (k or 1) - 1,
        "primary": f"< {k}",
        "primary_text": str(LEGEND_PRIMARY) % {"k": k},
        "complementary": WITHHELD,
        "complementary_text": str(LEGEND_WITHHELD),
    }
