"""CSV and JSON downloads of published tables (layout documented in docs/statistics.md)."""

import csv
import io

from reporting.statistics import annual, labels
from reporting.statistics.suppression import Status

CSV_COLUMNS = (
    "table",
    "row_code",
    "row_label",
    "column_code",
    "column_label",
    "value",
    "shown",
    "status",
)
REPORTS, INCIDENTS, MENTIONS, TOTAL, NONE = "_REPORTS", "_INCIDENTS", "_MENTIONS", "_TOTAL", "_NONE"
WITHHELD = "×"


def shown(figure: dict, k) -> str:
    if figure["status"] == Status.PRIMARY:
        return f"< {k}"
    if figure["status"] == Status.COMPLEMENTARY:
        return WITHHELD
    return str(figure["value"])


def _special_label(code: str) -> str:
    return {
        REPORTS: str(labels.DIMENSIONS["overview"]),
        INCIDENTS: str(labels.INCIDENTS),
        MENTIONS: str(labels.SPECIAL_MENTIONS),
        TOTAL: str(labels.SPECIAL_TOTAL),
        NONE: str(labels.SPECIAL[annual.NONE]),
    }.get(code, code)


def table_records(table: dict, k) -> list[dict]:
    """One record per published figure of `table`, in the documented column order."""
    records = []
    dimension = table["dimension"]
    column_dimension = table.get("column_dimension")

    def add(row_code, row_label, column_code, column_label, figure):
        records.append(
            {
                "table": table["id"],
                "row_code": row_code,
                "row_label": row_label,
                "column_code": column_code,
                "column_label": column_label,
                "value": figure["value"],
                "shown": shown(figure, k),
                "status": figure["status"],
            }
        )

    if table["kind"] == "cross":
        for row in table["rows"]:
            row_label = labels.code_label(dimension, row["code"])
            for column, cell in zip(table["columns"], row["cells"], strict=True):
                add(
                    row["code"],
                    row_label,
                    column,
                    labels.code_label(column_dimension, column),
                    cell,
                )
            add(row["code"], row_label, TOTAL, _special_label(MENTIONS), row["total"])
            add(row["code"], row_label, REPORTS, _special_label(REPORTS), row["reports"])
        for column, figure in zip(table["columns"], table["column_totals"], strict=True):
            add(
                TOTAL,
                _special_label(MENTIONS),
                column,
                labels.code_label(column_dimension, column),
                figure,
            )
        add(TOTAL, _special_label(MENTIONS), TOTAL, _special_label(MENTIONS), table["total"])
        add(REPORTS, _special_label(REPORTS), "", "", table["reports"])
        return records
    for row in table["rows"]:
        add(row["code"], labels.code_label(dimension, row["code"]), "", "", row["value"])
    if table["kind"] == "multi":
        add(NONE, _special_label(NONE), "", "", table["none"])
        add(MENTIONS, _special_label(MENTIONS), "", "", table["mentions"])
    if table["id"] != "overview":
        # What the table counts (its basis); tables of formats before 3 counted reports.
        basis = INCIDENTS if table.get("basis") == annual.INCIDENTS_BASIS else REPORTS
        add(basis, _special_label(basis), "", "", table["reports"])
    return records


def table_csv(table: dict, k) -> str:
    """UTF-8 text with a byte order mark (so spreadsheet programs guess the encoding)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in table_records(table, k):
        writer.writerow({**record, "value": "" if record["value"] is None else record["value"]})
    return out.getvalue()


def table_json(snapshot: dict, table: dict) -> dict:
    """The table as stored, with its report's identity and the labels in the active language."""
    codes = [row["code"] for row in table["rows"]]
    result = {
        "year": snapshot["year"],
        "edition": snapshot.get("edition"),
        "k": snapshot["k"],
        "title": labels.table_title(table["id"]),
        "table": table,
        "labels": {
            "rows": {code: labels.code_label(table["dimension"], code) for code in codes},
        },
        "records": table_records(table, snapshot["k"]),
        "errata": [e for e in labels.errata(snapshot) if e["table"] == table["id"]],
    }
    if table.get("columns"):
        result["labels"]["columns"] = {
            code: labels.code_label(table["column_dimension"], code) for code in table["columns"]
        }
    return result
