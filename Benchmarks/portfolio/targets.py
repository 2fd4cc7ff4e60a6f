"""The performance targets, each with its figure from one run of the harness and whether it is met (the
ratios nearest their limits with three decimals, so that a figure shown at the limit is not read as met).

    targets.py WORK PERCENT [PERCENT ...]

Reads the tables `run` wrote into WORK (`table-P`: one line per program, "name seconds megabytes", the
medians) and, when present, `startup` (startup.py's line), and prints a Markdown table; for reading and
growth it also shows the ratio of each round's runs (`times-P-name`). The targets are
the performance issue's: against DuckDB at each size; reading the engagements no slower than polars'
`read_csv`; growth from a size to ten times it at most 11 ×; the SMB report at most 2 × `impact
--version`; the member reports at least 20 × faster than pandoc, and at most 1.5 × the memory with ten
times the members on the same data. A target whose figures were not measured in this run is left out.
"""
import re
import statistics
import sys


def table(work, percent):
    rows = {}
    with open(f"{work}/table-{percent}") as lines:
        for line in lines:
            name, seconds, megabytes = line.split()
            rows[name] = (float(seconds), None if megabytes == "-" else float(megabytes))
    return rows


def ratio(a, b):
    return a / b if b else float("inf")


def rounds(work, percent, name):
    """The wall seconds of each timed round of `name` at `percent`, in round order (`times-P-name`: one
    line per round, "microseconds kilobytes"); empty when not measured."""
    try:
        with open(f"{work}/times-{percent}-{name}") as lines:
            return [int(line.split()[0]) / 1e6 for line in lines if line.strip()]
    except FileNotFoundError:
        return []


def by_round(a, b):
    """The ratios a ÷ b of the rounds both ran in (the harness interleaves programs and sizes, so a
    round's two runs saw the same minute), for reading beside the ratio of the medians, which the targets
    are judged on."""
    ratios = [ratio(x, y) for x, y in zip(a, b)]
    if len(ratios) < 2:
        return ""
    return f"; round by round {', '.join(f'{r:.2f}' for r in ratios)} (median {statistics.median(ratios):.3f})"


def main():
    work, sizes = sys.argv[1], [int(p) for p in sys.argv[2:]]
    tables = {p: table(work, p) for p in sizes}
    checks = []  # (target, figure, met)

    def check(target, figure, met):
        checks.append((target, figure, "yes" if met else "**no**"))

    for p, rows in tables.items():
        impact, duckdb = rows.get("impact"), rows.get("duckdb")
        if impact and duckdb:
            r = ratio(impact[0], duckdb[0])
            check(f"{p} %: wall ≤ DuckDB", f"{impact[0]:.3f} against {duckdb[0]:.3f} s, {r:.2f} ×", r <= 1)
            r = ratio(impact[1], duckdb[1])
            check(f"{p} %: peak memory ≤ DuckDB", f"{impact[1]:.0f} against {duckdb[1]:.0f} MB, {r:.2f} ×", r <= 1)
        others = [(name, rows[name][0]) for name in ("polars", "pandas") if name in rows]
        if impact and others:
            figure = ", ".join(f"{name} {seconds:.3f} s" for name, seconds in others)
            check(f"{p} %: faster than polars and pandas", f"{impact[0]:.3f} s; {figure}",
                  all(impact[0] < seconds for _, seconds in others))
        validate, polars = rows.get("impact-validate"), rows.get("polars-read-engagements")
        if validate and polars:
            r = ratio(validate[0], polars[0])
            per_round = by_round(rounds(work, p, "impact-validate"), rounds(work, p, "polars-read-engagements"))
            check(f"{p} %: reading ≤ polars `read_csv`",
                  f"`validate` {validate[0]:.3f} against {polars[0]:.3f} s, {r:.3f} ×{per_round}", r <= 1)
    for small in sizes:
        large = small * 10
        if large in tables and "impact" in tables[small] and "impact" in tables[large]:
            (s0, m0), (s1, m1) = tables[small]["impact"], tables[large]["impact"]
            t, m = ratio(s1, s0), ratio(m1, m0)
            per_round = by_round(rounds(work, large, "impact"), rounds(work, small, "impact"))
            check(f"growth {small} % → {large} % ≤ 11 ×",
                  f"time {t:.2f} × ({s0:.3f} → {s1:.3f} s), memory {m:.2f} × ({m0:.0f} → {m1:.0f} MB)"
                  f"{per_round}", t <= 11 and m <= 11)
    try:
        with open(f"{work}/startup") as startup:
            line = startup.read()
        found = re.search(r"--version ([\d.]+) ms, SMB report ([\d.]+) ms", line)
        if found:
            version, report = float(found.group(1)), float(found.group(2))
            r = ratio(report, version)
            check("SMB report ≤ 2 × `impact --version`", f"{report:.2f} against {version:.2f} ms, {r:.3f} ×", r <= 2)
    except FileNotFoundError:
        pass
    for p, rows in tables.items():
        batch, pandoc = rows.get("impact-each-org"), rows.get("pandoc-scaled")
        if batch and pandoc:
            r = ratio(pandoc[0], batch[0])
            check(f"{p} %: member reports ≥ 20 × pandoc",
                  f"{batch[0]:.1f} against {pandoc[0]:.1f} s (scaled), {r:.1f} ×", r >= 20)
        tenth = rows.get("impact-each-org-tenth")
        if batch and tenth:
            r = ratio(batch[1], tenth[1])
            check(f"{p} %: member batch memory, 10 × the members ≤ 1.5 ×",
                  f"{batch[1]:.0f} against {tenth[1]:.0f} MB, {r:.2f} ×", r <= 1.5)

    print("| target | measured | met |")
    print("| --- | --- | --- |")
    for target, figure, met in checks:
        print(f"| {target} | {figure} | {met} |")


if __name__ == "__main__":
    main()
