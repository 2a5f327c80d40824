"""Charts drawn phone-wide: long labels wrap, the map's letters get their full names."""

import re

from reporting.statistics import charts


def test_long_labels_wrap_between_words():
    label = "Nötige Anpassungen wurden verweigert (zum Beispiel bei einer Behinderung)"
    lines = charts.wrap(label)
    assert lines == ["Nötige Anpassungen wurden verweigert (zum", "Beispiel bei einer Behinderung)"]
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    assert charts.wrap("x" * 60) == ["x" * 60]  # one long word keeps its line


def test_a_wrapped_label_makes_its_row_taller_and_the_chart_stays_phone_wide():
    short = charts.Item(code="A", label="Alter", value=7, mark="7")
    long = charts.Item(code="B", label="Wort " * 20, value=9, mark="9")
    one = charts.bar_chart("c", [short], title="t", desc="d")
    two = charts.bar_chart("c", [short, long], title="t", desc="d")
    assert 'viewBox="0 0 360 ' in two
    height = lambda svg: int(re.search(r'viewBox="0 0 360 (\d+)"', svg).group(1))  # noqa: E731
    assert height(two) == height(one) + 44 + 16 * (len(charts.wrap(long.label)) - 1)


def test_the_district_key_names_every_district_on_the_map_in_full():
    names = {"14713": "Leipzig (Stadt)", "14730": "Nordsachsen", "ONLINE": "Online"}
    key = charts.district_key(["14730", "ONLINE", "14713"], names.__getitem__)
    assert key == [("L", "Leipzig (Stadt)"), ("TDO", "Nordsachsen")]  # map order


def test_a_right_to_left_line_starts_beside_the_value_axis_not_under_it():
    items = [charts.Item(code=str(m), label=str(m), value=m, mark=str(m)) for m in range(1, 13)]
    ltr = charts.line_chart("l", items, title="t", desc="d", axis_labels=["1"] * 12)
    rtl = charts.line_chart("l", items, title="t", desc="d", axis_labels=["1"] * 12, rtl=True)
    first_x = lambda svg: float(re.search(r'<circle cx="([\d.]+)"', svg).group(1))  # noqa: E731
    assert first_x(rtl) == charts.CHART_WIDTH - first_x(ltr)
