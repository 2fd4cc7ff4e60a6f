#!/usr/bin/env python3
"""The built-in metrics and portfolio aggregates of METRICS.md with polars (benchmark peer).

Usage: polars_metrics.py WORKSPACE OUT --quarter YYYY-Qn [--window 8] [--k 5]
Writes the same files as duckdb_metrics.py. Amounts are parsed as doubles and turned into integer
cents at once (exact for the generator's amounts: at most 2 decimals, far below 2^53 cents); rates
into integer millionths, so that a conversion is an exact integer product rounded half to even.
"""
import os

import polars as pl

from common import METRICS, MONEY, Job, disclose, write_aggregates

job = Job(__doc__)
lo, hi, shift, base = job.first, job.last, job.month_shift, job.currency
col, lit, when = pl.col, pl.lit, pl.when


def read(table, dates=(), numbers=()):
    schema = {name: pl.Date for name in dates} | {name: pl.Float64 for name in numbers}
    header = pl.read_csv(job.path(table), n_rows=0).columns
    return pl.scan_csv(job.path(table), schema={name: schema.get(name, pl.String) for name in header})


def ordinal(date):
    return (date.dt.year().cast(pl.Int64) * 12 + date.dt.month().cast(pl.Int64) - 1 + shift) // 3


def cents(amount):
    return (col(amount) * 100).round().cast(pl.Int64)


def converted(amount):
    """Integer cents in the base currency: half to even when converted at the row's rate."""
    product = cents(amount) * col("rate_micro")
    down, rest = product // 1_000_000, product % 1_000_000
    foreign = down + (rest > 500_000).cast(pl.Int64) + ((rest == 500_000) & (down % 2 == 1)).cast(pl.Int64)
    return when(col("currency").is_null() | (col("currency") == base)).then(cents(amount)).otherwise(foreign)


fx = (read("fx_rates", numbers=["rate"]).select(
    col("currency"),
    (col("period").str.slice(0, 4).cast(pl.Int64) * 4 + col("period").str.slice(6, 1).cast(pl.Int64) - 1).alias("q"),
    (col("rate") * 1_000_000).round().cast(pl.Int64).alias("rate_micro"))
      if os.path.exists(job.path("fx_rates"))
      else pl.LazyFrame(schema={"currency": pl.String, "q": pl.Int64, "rate_micro": pl.Int64}))

org = read("organizations").select(
    col("org_id").alias("org"), "sector", "region", col("size_band").str.to_lowercase(), "cohort").collect()
partner = read("partners").select(
    col("partner_id").alias("partner"), col("actor_type").str.to_lowercase(), col("sector").alias("p_sector"))

# Financials: quarter rows; month rows summed into complete quarters (unknown if any month is).
money_columns = ["revenue", "operating_costs", "ecosystem_revenue", "cost_savings"]
period = col("period")
monthly = (period.str.len_chars() == 7) & ~period.str.to_uppercase().str.contains("Q")
fin_rows = (read("financials", numbers=money_columns)
            .with_columns(monthly.alias("monthly"),
                          when(monthly).then((period.str.slice(0, 4).cast(pl.Int64) * 12
                                              + period.str.slice(5, 2).cast(pl.Int64) - 1 + shift) // 3)
                          .otherwise(period.str.slice(0, 4).cast(pl.Int64) * 4
                                     + period.str.slice(-1, 1).cast(pl.Int64) - 1).alias("q"))
            .join(fx, on=["currency", "q"], how="left")
            .select(col("org_id").alias("org"), "monthly", "q",
                    *[converted(name).alias(name) for name in money_columns]))
fin = pl.concat([
    fin_rows.filter(~col("monthly")).drop("monthly"),
    fin_rows.filter(col("monthly")).group_by("org", "q").agg(
        pl.len().alias("months"),
        *[when(col(name).count() == 3).then(col(name).sum()).alias(name) for name in money_columns])
    .filter(col("months") == 3).drop("months"),
]).rename({"revenue": "rev", "operating_costs": "opc", "ecosystem_revenue": "eco", "cost_savings": "sav"}).collect()

eng = (read("engagements", dates=["started_on", "ended_on"], numbers=["value"])
       .with_columns(ordinal(col("started_on")).alias("q"))
       .join(fx, on=["currency", "q"], how="left")
       .select(col("org_id").alias("org"), col("partner_id").alias("partner"), col("kind").str.to_lowercase(),
               col("q").alias("qs"), ordinal(col("ended_on")).alias("qe"), converted("value").fill_null(0).alias("v"))
       .collect())
launch = (read("launches", dates=["started_on", "launched_on"])
          .filter(col("launched_on").is_not_null())
          .select(col("org_id").alias("org"), ordinal(col("launched_on")).alias("lq"),
                  (col("launched_on") - col("started_on")).dt.total_days().cast(pl.Float64).alias("d"),
                  col("ecosystem_supported").str.to_lowercase().is_in(["true", "yes", "1"]).fill_null(False)
                  .alias("sup")))

window = pl.LazyFrame({"q": list(range(lo, hi + 1))})
cell = org.lazy().select("org", col("sector").alias("org_sector")).join(window, how="cross")
cell = cell.join(fin.lazy(), on=["org", "q"], how="left")
reports = fin.lazy().select("org", "q", lit(True).alias("reports"))
cell = cell.join(reports, on=["org", "q"], how="left").with_columns(col("reports").fill_null(False))
for back in (1, 2, 3, 4):
    cell = cell.join(fin.lazy().select("org", (col("q") + back).alias("q"), col("rev").alias(f"rev{back}")),
                     on=["org", "q"], how="left")

in_window = (col("qs") <= hi) & (col("qe").is_null() | (col("qe") >= lo))
active_quarters = pl.int_ranges(pl.max_horizontal(col("qs"), lit(lo)),
                                pl.min_horizontal(col("qe").fill_null(hi), lit(hi)) + 1).alias("q")
act = (eng.lazy().filter(in_window).select("org", "partner", active_quarters).explode("q").unique()
       .join(partner, on="partner").join(org.lazy().select("org", col("sector").alias("org_sector")), on="org"))


def effective(frame, category):
    counts = frame.group_by("org", "q", category).agg(pl.len().cast(pl.Float64).alias("c"))
    share = col("c") / col("c").sum().over("org", "q")
    return counts.with_columns(share.alias("p")).group_by("org", "q").agg(
        (-(col("p") * col("p").log())).sum().exp().alias("d"))


act_stats = (act.group_by("org", "q").agg(
    pl.len().alias("active"), col("p_sector").count().alias("known"),
    (col("p_sector").is_not_null() & (col("p_sector") != col("org_sector"))).sum().alias("cross_known"))
    .join(effective(act, "actor_type").rename({"d": "type_d"}), on=["org", "q"], how="left")
    .join(effective(act.filter(col("p_sector").is_not_null()), "p_sector").rename({"d": "sector_d"}),
          on=["org", "q"], how="left"))
research = (eng.lazy().filter(in_window & col("kind").is_in(["joint_project", "license"]))
            .join(partner.filter(col("actor_type") == "research"), on="partner")
            .select("org", active_quarters).explode("q").group_by("org", "q").agg(pl.len().alias("research")))
funding = col("kind").is_in(["grant", "investment", "loan"])
started_frame = eng.lazy().filter((col("qs") >= lo) & (col("qs") <= hi)).rename({"qs": "q"})
started = started_frame.group_by("org", "q").agg(
    (col("kind") == "talent").sum().alias("talent"), col("v").filter(funding).sum().alias("raised"),
    col("v").filter(col("kind") == "grant").sum().alias("grants"),
    col("partner").filter(funding).n_unique().alias("investors"))
concentration = (started_frame.group_by("org", "q", "partner").agg(col("v").sum().cast(pl.Float64).alias("vj"))
                 .group_by("org", "q").agg(col("vj").sum().alias("v_total"), (col("vj") ** 2).sum().alias("squares"),
                                           col("vj").max().alias("top")))
first_seen = (eng.lazy().group_by("org", "partner").agg(col("qs").min().alias("q"))
              .filter((col("q") >= lo) & (col("q") <= hi)).group_by("org", "q").agg(pl.len().alias("new_partners")))
now = col("off") == 0
ttm = (launch.join(pl.LazyFrame({"off": [0, 1, 2, 3]}), how="cross")
       .with_columns((col("lq") + col("off")).alias("q")).filter((col("q") >= lo) & (col("q") <= hi))
       .group_by("org", "q").agg(
           now.sum().alias("launches"), col("d").filter(now).median().alias("median_q"),
           col("d").filter(now).quantile(0.85, interpolation="linear").alias("p85_q"),
           col("d").median().alias("median_4q"),
           (col("d").filter(~col("sup")).median() - col("d").filter(col("sup")).median()).alias("gain")))

wide = cell
for part in (ttm, act_stats, research, started, concentration, first_seen):
    wide = wide.join(part, on=["org", "q"], how="left")
wide = wide.with_columns(*[col(name).fill_null(0) for name in (
    "launches", "active", "known", "research", "talent", "raised", "grants", "investors", "v_total", "new_partners")])
wide = wide.collect()


def metric(name, value, cases, is_money=False):
    reason = when(~col("reports")).then(lit("no_data"))
    for condition, why in cases:
        reason = reason.when(condition).then(lit(why))
    reason = reason.otherwise(lit(None, dtype=pl.String))
    value = when(reason.is_null()).then(value)
    return wide.lazy().select(
        lit(name).alias("metric"), "org", "q",
        (value if is_money else lit(None, dtype=pl.Int64)).cast(pl.Int64).alias("money"),
        (lit(None, dtype=pl.Float64) if is_money else value).cast(pl.Float64).alias("number"),
        reason.alias("reason"))


def growth(name, previous):
    return metric(name, (col("rev") - col(previous)) / col(previous),
                  [(col("rev").is_null() | col(previous).is_null(), "no_data"), (col(previous) == 0, "zero_base")])


no_launches = [(col("launches") == 0, "no_launches")]
frames = [
    metric("revenue.total", col("rev"), [(col("rev").is_null(), "no_data")], True),
    growth("revenue.growth_qoq", "rev1"),
    growth("revenue.growth_yoy", "rev4"),
    metric("revenue.trailing_4q", col("rev") + col("rev1") + col("rev2") + col("rev3"),
           [(pl.any_horizontal(col(c).is_null() for c in ("rev", "rev1", "rev2", "rev3")), "no_data")], True),
    metric("revenue.ecosystem_share", col("eco") / col("rev"),
           [(col("rev").is_null() | col("eco").is_null(), "no_data"), (col("rev") == 0, "zero_base")]),
    metric("cost.operating", col("opc"), [(col("opc").is_null(), "no_data")], True),
    metric("cost.savings", col("sav"), [(col("sav").is_null(), "no_data")], True),
    metric("cost.savings_rate", col("sav") / (col("opc") + col("sav")),
           [(col("opc").is_null() | col("sav").is_null(), "no_data"), (col("opc") + col("sav") == 0, "zero_base")]),
    metric("time_to_market.launches", col("launches"), []),
    metric("time_to_market.median_days", col("median_q"), no_launches),
    metric("time_to_market.p85_days", col("p85_q"), no_launches),
    metric("time_to_market.median_days_4q", col("median_4q"), [(col("median_4q").is_null(), "no_launches")]),
    metric("time_to_market.ecosystem_gain_days_4q", col("gain"), [(col("gain").is_null(), "no_launches")]),
    metric("partners.active", col("active"), []),
    metric("partners.new", col("new_partners"), []),
    metric("partners.actor_type_diversity", col("type_d"), [(col("active") == 0, "no_partners")]),
    metric("partners.sector_diversity", col("sector_d"),
           [(col("active") == 0, "no_partners"), (col("known") == 0, "no_data")]),
    metric("partners.cross_sector_share", col("cross_known") / col("known"),
           [(col("org_sector").is_null(), "no_data"), (col("active") == 0, "no_partners"),
            (col("known") == 0, "no_data")]),
    metric("partners.value_hhi", 10000 * col("squares") / (col("v_total") * col("v_total")),
           [(col("v_total") == 0, "zero_base")]),
    metric("partners.top_partner_share", col("top") / col("v_total"), [(col("v_total") == 0, "zero_base")]),
    metric("funding.raised", col("raised"), [], True),
    metric("funding.grants", col("grants"), [], True),
    metric("funding.investors", col("investors"), []),
    metric("knowledge.research_collaborations", col("research"), []),
    metric("knowledge.talent_placements", col("talent"), []),
]
obs = pl.concat(frames).sort("metric", "org", "q").collect()
assert sorted(obs["metric"].unique().to_list()) == METRICS
obs.write_csv(os.path.join(job.out, "observations.csv"))

member = pl.concat([org.select("org", lit("").alias("dim"), lit("").alias("value"))] + [
    org.filter(col(dim).is_not_null()).select("org", lit(dim).alias("dim"), col(dim).alias("value"))
    for dim in ("cohort", "region", "sector", "size_band")])
members = (member.join(wide.filter(col("reports")).select("org", "q"), on="org")
           .group_by("dim", "value", "q").agg(pl.len().alias("members")))
x = pl.coalesce(col("money").cast(pl.Float64) / 100, col("number"))
stats = (obs.filter(col("reason").is_null()).join(member, on="org").group_by("metric", "dim", "value", "q").agg(
    pl.len().alias("n"), col("money").sum().alias("sum_money"), col("number").sum().alias("sum_number"),
    col("money").top_k(2).sum().alias("top_two"), x.mean().alias("mean"),
    x.quantile(0.25, interpolation="linear").alias("p25"), x.quantile(0.5, interpolation="linear").alias("median"),
    x.quantile(0.75, interpolation="linear").alias("p75")))
rows = (members.join(pl.DataFrame({"metric": METRICS}), how="cross")
        .join(stats, on=["metric", "dim", "value", "q"], how="left").with_columns(col("n").fill_null(0)))
aggregates = []
for row in rows.iter_rows(named=True):
    if row["metric"] in MONEY and row["n"]:
        row["mean"] = row["sum_money"] / 100 / row["n"]
    aggregates.append(row | {"quarter": row["q"], "sum_money": row["sum_money"] or 0,
                             "sum_number": row["sum_number"] or 0.0, "top_two": row["top_two"] or 0})
write_aggregates(job, disclose(aggregates, job.k))
