"""What the DuckDB, polars and pandas implementations of the benchmark share.

Only the parts that are not the benchmark's work live here: the command line, the workspace's
fiscal year start, the report window, the metric list, disclosure control over the finished
aggregate table (one row per metric x quarter x group, a few thousand rows at full size, done in
plain Python by all three the same way) and the output files. Reading the CSVs, every metric and
every aggregate's statistics are computed by the engine under test.

Written from ../shared/spec/METRICS.md and DATA.md for the files `impact generate` writes: periods
`YYYY-Qn` or `YYYY-MM`, dates `YYYY-MM-DD`, amounts with at most 2 decimals in the base currency
(converted amounts are rounded half to even to cents), no surrounding spaces.
"""
import argparse
import json
import os
import re

METRICS = [
    "cost.operating", "cost.savings", "cost.savings_rate", "funding.grants", "funding.investors",
    "funding.raised", "knowledge.research_collaborations", "knowledge.talent_placements",
    "partners.active", "partners.actor_type_diversity", "partners.cross_sector_share", "partners.new",
    "partners.sector_diversity", "partners.top_partner_share", "partners.value_hhi",
    "revenue.ecosystem_share", "revenue.growth_qoq", "revenue.growth_yoy", "revenue.total",
    "revenue.trailing_4q", "time_to_market.ecosystem_gain_days_4q", "time_to_market.launches",
    "time_to_market.median_days", "time_to_market.median_days_4q", "time_to_market.p85_days",
]
MONEY = {"revenue.total", "revenue.trailing_4q", "cost.operating", "cost.savings", "funding.raised",
         "funding.grants"}
ADDITIVE = MONEY | {"time_to_market.launches", "knowledge.research_collaborations",
                    "knowledge.talent_placements"}
DIMENSIONS = ["cohort", "region", "sector", "size_band"]


class Job:
    """The command line: WORKSPACE OUT --quarter YYYY-Qn [--window 8] [--k 5] [--threads N]."""

    def __init__(self, description):
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument("workspace")
        parser.add_argument("out")
        parser.add_argument("--quarter", required=True)
        parser.add_argument("--window", type=int, default=8)
        parser.add_argument("--k", type=int, default=5)
        args = parser.parse_args()
        self.root = args.workspace
        self.out = args.out
        self.k = args.k
        year, number = re.fullmatch(r"(\d{4})-Q([1-4])", args.quarter).groups()
        self.last = int(year) * 4 + int(number) - 1
        self.first = self.last - args.window + 1
        self.fiscal_start, self.currency = 1, "EUR"
        with open(os.path.join(self.root, "impact.yml"), encoding="utf-8") as handle:
            for line in handle:
                match = re.match(r"\s*(fiscal_year_start|currency)\s*:\s*(\S+)", line)
                if match and match.group(1) == "fiscal_year_start":
                    self.fiscal_start = int(match.group(2))
                elif match:
                    self.currency = match.group(2)
        # Fiscal quarter ordinal (year * 4 + quarter - 1) of a month: months are shifted so that the
        # fiscal year's first month is month 0 of the year that names it (the year it ends in).
        self.month_shift = 0 if self.fiscal_start == 1 else 12 - (self.fiscal_start - 1)
        os.makedirs(self.out, exist_ok=True)

    def path(self, table):
        return os.path.join(self.root, table + ".csv")

    @staticmethod
    def label(ordinal):
        return "%04d-Q%d" % (ordinal // 4, ordinal % 4 + 1)


def disclose(rows, k):
    """Disclosure control (METRICS.md rules 1-3) over aggregate rows.

    Each row: metric, quarter, dim ('' for the whole portfolio), value, members, n, sum_money
    (cents, money metrics), sum_number, top_two (cents, money metrics), mean, p25, median, p75.
    Returns the results.json-shaped aggregates, sorted as RESULTS.md says.
    """
    cells = {}
    for row in rows:
        cells.setdefault((row["metric"], row["quarter"]), []).append(row)
    out = []
    for (metric, quarter), group_rows in cells.items():
        money = metric in MONEY
        state = {}
        for row in group_rows:
            total = row["sum_money"] if money else row["sum_number"]
            rule = None
            if row["n"] < k:
                rule = "min_frequency"
            elif money and total != 0 and 100 * row["top_two"] > 85 * total:
                rule = "dominance"
            state[(row["dim"], row["value"])] = [row, rule, total]
        whole = state.get(("", ""))
        if whole is not None and whole[1] is None:
            for dim in DIMENSIONS:
                mine = [key for key in state if key[0] == dim]
                primary = [key for key in mine if state[key][1] is not None]
                published = [key for key in mine if state[key][1] is None]
                if len(primary) == 1 and published:
                    victim = min(published, key=lambda key: (state[key][2], key[1].encode("utf-8")))
                    state[victim][1] = "secondary"
        for (dim, value), (row, rule, total) in state.items():
            entry = {"metric": metric, "quarter": Job.label(quarter), "group": {dim: value} if dim else {},
                     "members": row["members"], "n": row["n"]}
            if rule:
                entry["suppressed"] = rule
            else:
                if metric in ADDITIVE:
                    entry["sum"] = cents_text(total) if money else total
                for key in ("mean", "p25", "median", "p75"):
                    entry[key] = row[key]
            out.append(entry)
    out.sort(key=lambda e: (e["metric"], e["quarter"], bool(e["group"]),
                            tuple((d, v.encode("utf-8")) for d, v in e["group"].items())))
    return out


def cents_text(cents):
    """An integer number of cents as the shortest exact decimal ('1500', '1500.5', '12.34')."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return sign + (str(whole) if part == 0 else ("%d.%02d" % (whole, part)).rstrip("0"))


def write_aggregates(job, aggregates):
    with open(os.path.join(job.out, "aggregates.json"), "w", encoding="utf-8") as handle:
        json.dump(aggregates, handle)
