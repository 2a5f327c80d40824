"""Figures with targets, printed as a plain table and as Markdown."""

import math
from dataclasses import dataclass, field


@dataclass
class Figure:
    name: str
    value: str
    target: str = ""
    passed: bool | None = None  # None: informational, no target

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return ""
        return "PASS" if self.passed else "FAIL"


@dataclass
class Section:
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, value: str, target: str = "", passed: bool | None = None) -> None:
        self.figures.append(Figure(name, value, target, passed))

    def info(self, name: str, value: str) -> None:
        self.add(name, value)

    @property
    def failed(self) -> list[Figure]:
        return [f for f in self.figures if f.passed is False]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KB ({size} B)"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = min(max(1, math.ceil(len(ordered) * p / 100)), len(ordered))
    return ordered[rank - 1]


def text_table(sections: list[Section]) -> str:
    """Every figure, in BENCHMARKS.md's order of columns: figure, target, value, verdict."""
    rows = [("Figure", "Target", "Value", "Verdict")]
    for section in sections:
        rows.append((f"[{section.title}]", "", "", ""))
        rows.extend((f"  {f.name}", f.target, f.value, f.verdict) for f in section.figures)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md(cell: str) -> str:
    return cell.replace("|", "\\|")


def markdown(
    title: str,
    machine: list[tuple[str, str]],
    sections: list[Section],
    *,
    measured_on: str,
    date: str,
) -> str:
    """The run as Markdown, two tables per section.

    First the figures with a target, in BENCHMARKS.md's columns (figure, target, last
    value, machine, date, verdict), ready to paste; then the other figures, which
    explain the verdicts.
    """
    out = [f"## {title}", ""]
    out += [f"- {_md(name)}: {_md(value)}" for name, value in machine]
    for section in sections:
        out += ["", f"### {section.title}"]
        judged = [f for f in section.figures if f.passed is not None]
        if judged:
            out += ["", "| Figure | Target | Last value | Machine | Date | Verdict |"]
            out.append("|---|---|---|---|---|---|")
            out += [
                f"| {_md(f.name)} | {_md(f.target)} | {_md(f.value)} | {_md(measured_on)} "
                f"| {date} | {f.verdict} |"
                for f in judged
            ]
        others = [f for f in section.figures if f.passed is None]
        if others:
            out += ["", "| Other figures | Value |", "|---|---|"]
            out += [f"| {_md(f.name)} | {_md(f.value)} |" for f in others]
        if section.notes:
            out.append("")
            out += [f"- {note}" for note in section.notes]
    return "\n".join(out) + "\n"
