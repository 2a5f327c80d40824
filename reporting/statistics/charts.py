"""Server-rendered SVG charts: readable without JavaScript, no inline style.

Drawn about as wide as a phone (CHART_WIDTH units) and scaled by the stylesheet through
the viewBox: on a 360 px screen the text stays near its size instead of shrinking to
half, and on a wide screen the chart grows to a readable maximum.

Each chart is one <svg role="img"> with <title> and <desc>; the page puts the
data table next to it. Colours are presentation attributes (allowed by the
Content-Security-Policy, which forbids `style` attributes and elements) and
classes that statistics.css may refine (print: black and white).

A withheld figure is never drawn as a length: it gets a hatched marker and
its mark ("< 5" or "×") instead of a bar, a gap in the line, or a hatched tile.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

BAR_FILL = "#2d2a8c"
INK = "#1b1b1f"
MUTED = "#4a4a55"
GRID = "#c8c8d0"
# Sequential palette (ColorBrewer "Purples", 5 classes), light to dark; text colour per class.
TILE_FILLS = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
TILE_INK = (INK, INK, INK, "#ffffff", "#ffffff")
CHART_WIDTH = 360
# Characters of a label per line: 13-unit text averages about 7 units a character.
LABEL_CHARS = 48
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif"


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    value: int | None  # None: withheld
    mark: str  # what the table shows: "1 234", "< 5", "×"
    note: str = ""  # e.g. the share "12.3 %"


def _attrs(**attributes) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"'
        for name, value in attributes.items()
        if value is not None
    )


def _el(tag: str, text: str | None = None, /, **attributes) -> str:
    """One SVG element; `text` is escaped."""
    if text is None:
        return f"<{tag} {_attrs(**attributes)}/>"
    return f"<{tag} {_attrs(**attributes)}>{escape(text)}</{tag}>"


def _svg_open(chart_id: str, width: int, height: int, title: str, desc: str, rtl: bool) -> str:
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {_attrs(viewBox=f"0 0 {width} {height}")} '
        f"{_attrs(width=width, height=height, role='img', class_='chart-svg')} "
        f'aria-labelledby="{chart_id}-title {chart_id}-desc"{direction} '
        f"{_attrs(font_family=FONT, font_size=13)}>"
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f'<defs><pattern id="{chart_id}-hatch" patternUnits="userSpaceOnUse" width="6" '
        f'height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MUTED}" stroke-width="2"/></pattern></defs>'
    )


def nice_max(value: float) -> float:
    """A round upper end for an axis (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * 10**exponent
        if top >= value:
            return top
    return 10 ** (exponent + 1)


def integer_axis(value: float, ticks: int = 4) -> tuple[int, int]:
    """(top, step) of an axis of whole numbers: step 1, 2 or 5 × 10^n, top a multiple."""
    value = max(value, ticks)
    rough = value / ticks
    exponent = max(0, math.floor(math.log10(rough)))
    for base in (1, 2, 5, 10):
        step = base * 10**exponent
        if step * ticks >= value:
            break
    return step * math.ceil(value / step), step


def wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words (a longer
    word keeps its own line): SVG text does not wrap by itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(
    chart_id: str, items: Sequence[Item], *, title: str, desc: str, rtl: bool = False
) -> str:
    """Horizontal bars, each with its label above it (labels may be long)."""
    width, left, right, row, line = CHART_WIDTH, 8, 110, 44, 16
    labels = [wrap(item.label) for item in items]
    height = row * len(items) + line * sum(len(lines) - 1 for lines in labels) + 8
    top_value = max((i.value for i in items if i.value), default=0)
    scale = (width - left - right) / nice_max(top_value) if top_value else 0
    parts = [_svg_open(chart_id, width, height, title, desc, rtl)]
    y = 4
    for item, lines in zip(items, labels, strict=True):
        label_x = width - left if rtl else left
        # text-anchor follows the text direction: "start" is the right edge in RTL.
        anchor = "start"
        for number, text in enumerate(lines):
            text_y = y + 14 + number * line
            parts.append(
                f"<text {_attrs(x=label_x, y=text_y, text_anchor=anchor, fill=INK)}>"
                f"{escape(text)}</text>"
            )
        y += (len(lines) - 1) * line
        bar_y, bar_h = y + 20, 16
        if item.value is None:
            length = 28
            fill = f"url(#{chart_id}-hatch)"
            stroke = MUTED
        else:
            length = item.value * scale
            fill, stroke = BAR_FILL, None
        x = width - left - length if rtl else left
        if length:
            parts.append(
                f'<rect class="bar{" withheld" if item.value is None else ""}" '
                f"{_attrs(x=round(x, 1), y=bar_y, width=round(length, 1), height=bar_h)} "
                f"{_attrs(fill=fill, stroke=stroke)}/>"
            )
        text = item.mark + (f" ({item.note})" if item.note else "")
        value_x = (x - 6) if rtl else (x + length + 6)
        parts.append(
            f"<text {_attrs(x=round(value_x, 1), y=bar_y + 13, text_anchor=anchor, fill=INK)}>"
            f"{escape(text)}</text>"
        )
        y += row
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    chart_id: str,
    items: Sequence[Item],
    *,
    title: str,
    desc: str,
    axis_labels: Sequence[str],
    fmt: Callable[[int], str] = str,
    rtl: bool = False,
) -> str:
    """One line over the months; withheld months are gaps with a hatched marker."""
    width, height = CHART_WIDTH, 240
    left, right, top, bottom = 44, 12, 16, 40
    axis_side = left  # the value axis's margin, before mirroring
    if rtl:
        left, right = right, left
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, tick = integer_axis(max((i.value for i in items if i.value is not None), default=0))
    step = plot_w / max(len(items) - 1, 1)

    def x_of(index: int) -> float:
        # Mirrored from the left-to-right position, so the first month sits next to
        # the value axis (on the right) instead of under its labels.
        x = axis_side + index * step
        return width - x if rtl else x

    def y_of(value: float) -> float:
        return top + plot_h - value * plot_h / top_value

    parts = [_svg_open(chart_id, width, height, title, desc, rtl)]
    for value in range(0, top_value + 1, tick):
        y = y_of(value)
        parts.append(
            f"<line {_attrs(x1=left, x2=width - right, y1=round(y, 1), y2=round(y, 1))} "
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        label = fmt(value)
        tick_x = width - right + 6 if rtl else left - 6
        parts.append(
            _el(
                "text",
                label,
                x=tick_x,
                y=round(y + 4, 1),
                text_anchor="end",  # the left edge in RTL
                fill=MUTED,
            )
        )
    for index, label in enumerate(axis_labels):
        parts.append(
            _el(
                "text",
                label,
                x=round(x_of(index), 1),
                y=height - bottom + 18,
                text_anchor="middle",
                fill=MUTED,
            )
        )
    segment: list[str] = []
    segments = []
    for index, item in enumerate(items):
        if item.value is None:
            if segment:
                segments.append(segment)
            segment = []
            x = x_of(index)
            parts.append(
                _el(
                    "rect",
                    class_="withheld",
                    x=round(x - 7, 1),
                    y=top + plot_h - 14,
                    width=14,
                    height=14,
                    fill=f"url(#{chart_id}-hatch)",
                    stroke=MUTED,
                )
            )
            parts.append(
                _el(
                    "text",
                    item.mark,
                    x=round(x, 1),
                    y=top + plot_h - 20,
                    text_anchor="middle",
                    fill=INK,
                )
            )
            continue
        segment.append(f"{round(x_of(index), 1)},{round(y_of(item.value), 1)}")
    if segment:
        segments.append(segment)
    for points in segments:
        parts.append(
            f'<polyline class="line" points="{" ".join(points)}" fill="none" '
            f'stroke="{BAR_FILL}" stroke-width="2.5"/>'
        )
        for point in points:
            cx, cy = point.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3.5" fill="{BAR_FILL}"/>')
    parts.append("</svg>")
    return "".join(parts)


# Saxony's 13 districts on a grid, roughly where they lie (west to east, north to south),
# with their vehicle registration letters as short, language-neutral names.
TILES = {
    "14713": (1, 0, "L"),
    "14730": (2, 0, "TDO"),
    "14627": (3, 0, "MEI"),
    "14625": (4, 0, "BZ"),
    "14626": (5, 0, "GR"),
    "14729": (1, 1, "BNA"),
    "14522": (2, 1, "FG"),
    "14612": (3, 1, "DD"),
    "14628": (4, 1, "PIR"),
    "14523": (0, 2, "V"),
    "14524": (1, 2, "Z"),
    "14511": (2, 2, "C"),
    "14521": (3, 2, "ERZ"),
}


def district_key(codes: Sequence[str], label: Callable[[str], str]) -> list[tuple[str, str]]:
    """(registration letters, full name) of the districts among `codes`, in map order."""
    present = set(codes)
    return [(short, label(code)) for code, (_c, _r, short) in TILES.items() if code in present]


def classes(values: Sequence[int], count: int = len(TILE_FILLS)) -> list[float]:
    """Upper limits of equal-width classes from 0 to the largest value."""
    top = max(values, default=0) or 1
    return [top * (i + 1) / count for i in range(count)]


def tile_map(
    chart_id: str,
    items: Sequence[Item],
    *,
    title: str,
    desc: str,
    legend_range: Callable[[str, str], str],
    legend_withheld: str,
    legend_none: str,
    fmt: Callable[[int], str] = str,
    rtl: bool = False,
) -> str:
    """Tile map of the 13 districts; shade by count, hatched where withheld. Tiles carry the
    districts' registration letters; the page lists them with the full names
    (`district_key`), and each tile's title and the description name them in full."""
    size, gap, pad = 54, 4, 8
    cols, rows = 6, 3
    width = pad * 2 + cols * size + (cols - 1) * gap
    map_height = pad * 2 + rows * size + (rows - 1) * gap
    legend_top = map_height + 8
    height = legend_top + 24 * (len(TILE_FILLS) + 2) + 8
    by_code = {item.code: item for item in items}
    published = [i.value for i in items if i.code in TILES and i.value]
    limits = classes(published)
    parts = [_svg_open(chart_id, width, height, title, desc, rtl)]
    for code, (col, row, short) in TILES.items():
        item = by_code.get(code)
        if item is None:
            continue
        # A map is not mirrored for right-to-left languages: west stays left.
        x, y = pad + col * (size + gap), pad + row * (size + gap)
        if item.value is None:
            fill, ink = f"url(#{chart_id}-hatch)", INK
        elif item.value == 0:
            fill, ink = "#ffffff", INK
        else:
            level = next(i for i, limit in enumerate(limits) if item.value <= limit + 1e-9)
            fill, ink = TILE_FILLS[level], TILE_INK[level]
        parts.append(
            f'<g class="tile"><title>{escape(item.label)}: {escape(item.mark)}</title>'
            + _el("rect", x=x, y=y, width=size, height=size, rx=6, fill=fill, stroke=INK)
            + _el(
                "text",
                short,
                x=x + size / 2,
                y=y + 23,
                text_anchor="middle",
                fill=ink,
                font_weight=700,
                font_size=15,
            )
        )
        if item.value is None:
            # A white plate behind the mark keeps it readable on the hatching.
            parts.append(
                f"<rect {_attrs(x=x + 5, y=y + 29, width=size - 10, height=19, fill='#ffffff')}/>"
            )
        parts.append(
            f"<text {_attrs(x=x + size / 2, y=y + 43, text_anchor='middle', fill=ink)}>"
            f"{escape(item.mark)}</text></g>"
        )
    # Legend: classes (only if any count is shown), withheld, none.
    low = 1
    entries = []
    for index, limit in enumerate(limits if published else []):
        high = math.floor(limit)
        if high >= low:
            entries.append((TILE_FILLS[index], legend_range(fmt(low), fmt(high))))
        low = max(low, high + 1)
    entries.append((f"url(#{chart_id}-hatch)", legend_withheld))
    entries.append(("#ffffff", legend_none))
    for index, (fill, text) in enumerate(entries):
        y = legend_top + index * 24
        box_x = width - pad - 18 if rtl else pad
        text_x = width - pad - 26 if rtl else pad + 26
        parts.append(
            f"<rect {_attrs(x=box_x, y=y, width=18, height=18, fill=fill, stroke=INK)}/>"
            f"<text {_attrs(x=text_x, y=y + 14, text_anchor='start', fill=INK)}>"
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
