"""How a run's figures and verdicts are printed: the plain table and BENCHMARKS.md's tables."""

from bench.report import Figure, Section, markdown, text_table


def section() -> Section:
    result = Section("Submission")
    result.add("API throughput", "36.0 submissions/s", "≥ 34.0/s", True)
    result.info("Argon2id alone, time per call", "25.1 ms")
    result.add("API latency p95", "700.0 ms", "≤ 600.0 ms", False)
    result.notes.append("The API run hit its time limit.")
    return result


def test_a_figure_without_a_target_has_no_verdict():
    assert Figure("Argon2id", "25 ms").verdict == ""
    assert Figure("Errors", "0", "0", True).verdict == "PASS"
    assert Figure("Errors", "1", "0", False).verdict == "FAIL"


def test_a_section_lists_its_missed_targets():
    assert [figure.name for figure in section().failed] == ["API latency p95"]


def test_the_plain_table_has_the_pages_column_order():
    lines = text_table([section()]).splitlines()

    assert lines[0].split() == ["Figure", "Target", "Value", "Verdict"]
    assert lines[2] == "[Submission]"
    row = lines[3]
    assert row.index("≥ 34.0/s") < row.index("36.0 submissions/s") < row.index("PASS")
    assert lines[5].rstrip().endswith("FAIL")


def test_markdown_gives_the_targets_in_the_pages_columns_with_machine_and_date():
    text = markdown(
        "2026-12-07 — submission",
        [("Cores (nproc)", "2")],
        [section()],
        measured_on="AMD EPYC, 2 cores",
        date="2026-12-07",
    )

    assert "| Figure | Target | Last value | Machine | Date | Verdict |" in text
    assert (
        "| API throughput | ≥ 34.0/s | 36.0 submissions/s | AMD EPYC, 2 cores | 2026-12-07 | PASS |"
        in text
    )
    assert (
        "| API latency p95 | ≤ 600.0 ms | 700.0 ms | AMD EPYC, 2 cores | 2026-12-07 | FAIL |"
        in (text)
    )
    assert "| Argon2id alone, time per call | 25.1 ms |" in text
    assert "- Cores (nproc): 2" in text
    assert "- The API run hit its time limit." in text


def test_markdown_keeps_figures_without_a_target_out_of_the_verdict_table():
    text = markdown("run", [], [section()], measured_on="m", date="d")

    verdict_table, other_figures = text.split("| Other figures | Value |")
    assert "Argon2id" not in verdict_table
    assert "API throughput" not in other_figures


def test_markdown_escapes_pipes_in_cells():
    odd = Section("Odd")
    odd.add("a | b", "1", "< 2", True)

    text = markdown("run", [], [odd], measured_on="m", date="d")

    assert "| a \\| b | < 2 | 1 | m | d | PASS |" in text
