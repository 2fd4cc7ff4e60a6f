#!/usr/bin/env python3
"""The built-in metrics and portfolio aggregates of METRICS.md with pandas (benchmark peer).

Usage: pandas_metrics.py WORKSPACE OUT --quarter YYYY-Qn [--window 8] [--k 5]
Writes the same files as duckdb_metrics.py; amounts as in polars_metrics.py (integer cents,
rates in integer millionths, conversions rounded half to even in integers).
"""
import os

import numpy as np
import pandas as pd

from common import METRICS, MONEY, Job, disclose, write_aggregates

job = Job(__doc__)
lo, hi, shift, base = job.first, job.last, job.month_shift, job.currency
KEY = ["org", "q"]


def read(table, dates=(), numbers=()):
    header = pd.read_csv(job.path(table), nrows=0).columns
    dtype = {name: ("float64" if name in numbers else "str") for name in header if name not in dates}
    frame = pd.read_csv(job.path(table), dtype=dtype, keep_default_na=False, na_values=[""])
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
    return frame


def ordinal(dates):
    return ((dates.dt.year * 12 + dates.dt.month - 1 + shift) // 3).astype("Int64")


def cents(values):
    return (values * 100).round().astype("Int64")


def converted(frame, amount):
    """Integer cents in the base currency: half to even when converted at the row's rate."""
    own = cents(frame[amount])
    product = own * frame["rate_micro"]
    down, rest = product // 1_000_000, product % 1_000_000
    foreign = down + (rest > 500_000).astype("Int64") + ((rest == 500_000) & (down % 2 == 1)).astype("Int64")
    domestic = frame["currency"].isna() | (frame["currency"] == base)
    return own.where(domestic, foreign)


if os.path.exists(job.path("fx_rates")):
    fx = read("fx_rates", numbers=["rate"])
    fx = pd.DataFrame({"currency": fx["currency"],
                       "q": fx["period"].str[:4].astype(int) * 4 + fx["period"].str[6].astype(int) - 1,
                       "rate_micro": (fx["rate"] * 1_000_000).round().astype("Int64")})
else:
    fx = pd.DataFrame({"currency": pd.Series(dtype="str"), "q": pd.Series(dtype="Int64"),
                       "rate_micro": pd.Series(dtype="Int64")})
fx["q"] = fx["q"].astype("Int64")

org = read("organizations").rename(columns={"org_id": "org"})
org["size_band"] = org["size_band"].str.lower()
partner = read("partners").rename(columns={"partner_id": "partner", "sector": "p_sector"})[
    ["partner", "actor_type", "p_sector"]]
partner["actor_type"] = partner["actor_type"].str.lower()

money_columns = ["revenue", "operating_costs", "ecosystem_revenue", "cost_savings"]
fin_rows = read("financials", numbers=money_columns)
period = fin_rows["period"]
monthly = (period.str.len() == 7) & ~period.str.upper().str.contains("Q")
month_q = (period.str[:4].astype(int) * 12 + pd.to_numeric(period.str[5:7], errors="coerce") - 1 + shift) // 3
quarter_q = period.str[:4].astype(int) * 4 + pd.to_numeric(period.str[-1], errors="coerce") - 1
fin_rows["q"] = month_q.where(monthly, quarter_q).astype("Int64")
fin_rows["monthly"] = monthly
fin_rows = fin_rows.merge(fx, on=["currency", "q"], how="left")
for name in money_columns:
    fin_rows[name] = converted(fin_rows, name)
fin_rows = fin_rows.rename(columns={"org_id": "org"})
quarters = fin_rows.loc[~fin_rows["monthly"], ["org", "q"] + money_columns]
months = fin_rows.loc[fin_rows["monthly"]].groupby(KEY)
summed = months[money_columns].sum(min_count=1)
known = months[money_columns].count()
summed = summed.where(known == 3)
summed = summed[months.size() == 3].reset_index()
fin = pd.concat([quarters, summed], ignore_index=True).rename(
    columns={"revenue": "rev", "operating_costs": "opc", "ecosystem_revenue": "eco", "cost_savings": "sav"})
fin[["rev", "opc", "eco", "sav"]] = fin[["rev", "opc", "eco", "sav"]].astype("Int64")

raw = read("engagements", dates=["started_on", "ended_on"], numbers=["value"])
raw["q"] = ordinal(raw["started_on"])
raw = raw.merge(fx, on=["currency", "q"], how="left")
eng = pd.DataFrame({"org": raw["org_id"], "partner": raw["partner_id"], "kind": raw["kind"].str.lower(),
                    "qs": raw["q"].astype("int64"), "qe": ordinal(raw["ended_on"]),
                    "v": converted(raw, "value").fillna(0).astype("int64")})
del raw
launch = read("launches", dates=["started_on", "launched_on"])
launch = launch[launch["launched_on"].notna()]
launch = pd.DataFrame({"org": launch["org_id"], "lq": ordinal(launch["launched_on"]).astype("int64"),
                       "d": (launch["launched_on"] - launch["started_on"]).dt.days.astype(float),
                       "sup": launch["ecosystem_supported"].str.lower().isin(["true", "yes", "1"])})

cell = org[["org", "sector"]].rename(columns={"sector": "org_sector"}).merge(
    pd.DataFrame({"q": np.arange(lo, hi + 1, dtype="int64")}), how="cross")
fin["q"] = fin["q"].astype("int64")
cell = cell.merge(fin, on=KEY, how="left")
cell["reports"] = cell.merge(fin[KEY].assign(hit=True), on=KEY, how="left")["hit"].notna().to_numpy()
for back in (1, 2, 3, 4):
    previous = fin[["org", "q", "rev"]].assign(q=fin["q"] + back).rename(columns={"rev": f"rev{back}"})
    cell = cell.merge(previous, on=KEY, how="left")


def expand(frame):
    """One row per engagement and window quarter in which it is active."""
    ends = frame["qe"].fillna(hi).astype("int64")
    keep = (frame["qs"] <= hi) & (ends >= lo)
    frame, ends = frame[keep], ends[keep]
    first = np.maximum(frame["qs"].to_numpy(), lo)
    last = np.minimum(ends.to_numpy(), hi)
    counts = last - first + 1
    rows = np.repeat(np.arange(len(frame)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    out = frame.iloc[rows].reset_index(drop=True)
    out["q"] = np.repeat(first, counts) + offsets
    return out


act = expand(eng[["org", "partner", "qs", "qe"]])[["org", "partner", "q"]].drop_duplicates()
act = act.merge(partner, on="partner").merge(org[["org", "sector"]].rename(columns={"sector": "org_sector"}), on="org")


def effective(frame, category, name):
    counts = frame.groupby(KEY + [category]).size().rename("c").reset_index()
    share = counts["c"] / counts.groupby(KEY)["c"].transform("sum")
    counts["t"] = -(share * np.log(share))
    return np.exp(counts.groupby(KEY)["t"].sum()).rename(name)


act["known_sector"] = act["p_sector"].notna()
act["cross"] = act["known_sector"] & (act["p_sector"] != act["org_sector"])
grouped = act.groupby(KEY)
act_stats = pd.concat([grouped.size().rename("active"), grouped["known_sector"].sum().rename("known"),
                       grouped["cross"].sum().rename("cross_known"), effective(act, "actor_type", "type_d"),
                       effective(act[act["known_sector"]], "p_sector", "sector_d")], axis=1)
research_rows = eng[eng["kind"].isin(["joint_project", "license"])].merge(
    partner[partner["actor_type"] == "research"][["partner"]], on="partner")
research = expand(research_rows[["org", "qs", "qe"]]).groupby(KEY).size().rename("research")
started = eng[(eng["qs"] >= lo) & (eng["qs"] <= hi)].rename(columns={"qs": "q"})
is_funding = started["kind"].isin(["grant", "investment", "loan"])
started_stats = pd.concat([
    started[started["kind"] == "talent"].groupby(KEY).size().rename("talent"),
    started[is_funding].groupby(KEY)["v"].sum().rename("raised"),
    started[started["kind"] == "grant"].groupby(KEY)["v"].sum().rename("grants"),
    started[is_funding].groupby(KEY)["partner"].nunique().rename("investors")], axis=1)
per_partner = started.groupby(KEY + ["partner"])["v"].sum().astype(float).rename("vj").reset_index()
per_partner["vj2"] = per_partner["vj"] ** 2
by_cell = per_partner.groupby(KEY)
concentration = pd.concat([by_cell["vj"].sum().rename("v_total"), by_cell["vj2"].sum().rename("squares"),
                           by_cell["vj"].max().rename("top")], axis=1)
first = eng.groupby(["org", "partner"])["qs"].min().rename("q").reset_index()
first_seen = first[(first["q"] >= lo) & (first["q"] <= hi)].groupby(KEY).size().rename("new_partners")

spread = launch.merge(pd.DataFrame({"off": [0, 1, 2, 3]}), how="cross")
spread["q"] = spread["lq"] + spread["off"]
spread = spread[(spread["q"] >= lo) & (spread["q"] <= hi)]
now = spread[spread["off"] == 0].groupby(KEY)["d"]
four = spread.groupby(KEY)["d"]
ttm = pd.concat([now.size().rename("launches"), now.median().rename("median_q"),
                 now.quantile(0.85).rename("p85_q"), four.median().rename("median_4q"),
                 (spread[~spread["sup"]].groupby(KEY)["d"].median()
                  - spread[spread["sup"]].groupby(KEY)["d"].median()).rename("gain")], axis=1)

wide = cell.set_index(KEY).join([ttm, act_stats, research, started_stats, concentration, first_seen]).reset_index()
for name in ("launches", "active", "known", "research", "talent", "raised", "grants", "investors", "v_total",
             "new_partners"):
    wide[name] = wide[name].fillna(0)
w = wide
frames = []


def metric(name, value, cases, is_money=False):
    reason = pd.Series(pd.NA, index=w.index, dtype="str")
    undecided = pd.Series(True, index=w.index)
    for condition, why in [(~w["reports"], "no_data")] + cases:
        hit = undecided & condition.fillna(False).astype(bool)
        reason[hit] = why
        undecided &= ~hit
    value = pd.Series(value, index=w.index).where(undecided)
    frames.append(pd.DataFrame({
        "metric": name, "org": w["org"], "q": w["q"],
        "money": value.astype("Int64") if is_money else pd.Series(pd.NA, index=w.index, dtype="Int64"),
        "number": pd.Series(np.nan, index=w.index) if is_money else value.astype(float), "reason": reason}))


def growth(name, previous):
    metric(name, (w["rev"] - w[previous]).astype(float) / w[previous].astype(float),
           [(w["rev"].isna() | w[previous].isna(), "no_data"), (w[previous] == 0, "zero_base")])


no_launches = [(w["launches"] == 0, "no_launches")]
metric("revenue.total", w["rev"], [(w["rev"].isna(), "no_data")], True)
growth("revenue.growth_qoq", "rev1")
growth("revenue.growth_yoy", "rev4")
metric("revenue.trailing_4q", w["rev"] + w["rev1"] + w["rev2"] + w["rev3"],
       [(w[["rev", "rev1", "rev2", "rev3"]].isna().any(axis=1), "no_data")], True)
metric("revenue.ecosystem_share", w["eco"].astype(float) / w["rev"].astype(float),
       [(w["rev"].isna() | w["eco"].isna(), "no_data"), (w["rev"] == 0, "zero_base")])
metric("cost.operating", w["opc"], [(w["opc"].isna(), "no_data")], True)
metric("cost.savings", w["sav"], [(w["sav"].isna(), "no_data")], True)
metric("cost.savings_rate", w["sav"].astype(float) / (w["opc"] + w["sav"]).astype(float),
       [(w["opc"].isna() | w["sav"].isna(), "no_data"), (w["opc"] + w["sav"] == 0, "zero_base")])
metric("time_to_market.launches", w["launches"], [])
metric("time_to_market.median_days", w["median_q"], no_launches)
metric("time_to_market.p85_days", w["p85_q"], no_launches)
metric("time_to_market.median_days_4q", w["median_4q"], [(w["median_4q"].isna(), "no_launches")])
metric("time_to_market.ecosystem_gain_days_4q", w["gain"], [(w["gain"].isna(), "no_launches")])
metric("partners.active", w["active"], [])
metric("partners.new", w["new_partners"], [])
metric("partners.actor_type_diversity", w["type_d"], [(w["active"] == 0, "no_partners")])
metric("partners.sector_diversity", w["sector_d"], [(w["active"] == 0, "no_partners"), (w["known"] == 0, "no_data")])
metric("partners.cross_sector_share", w["cross_known"] / w["known"],
       [(w["org_sector"].isna(), "no_data"), (w["active"] == 0, "no_partners"), (w["known"] == 0, "no_data")])
metric("partners.value_hhi", 10000 * w["squares"] / (w["v_total"] * w["v_total"]), [(w["v_total"] == 0, "zero_base")])
metric("partners.top_partner_share", w["top"] / w["v_total"], [(w["v_total"] == 0, "zero_base")])
metric("funding.raised", w["raised"], [], True)
metric("funding.grants", w["grants"], [], True)
metric("funding.investors", w["investors"], [])
metric("knowledge.research_collaborations", w["research"], [])
metric("knowledge.talent_placements", w["talent"], [])
obs = pd.concat(frames, ignore_index=True).sort_values(["metric", "org", "q"], kind="stable")
assert sorted(obs["metric"].unique()) == METRICS
obs.to_csv(os.path.join(job.out, "observations.csv"), index=False)

member = pd.concat([org[["org"]].assign(dim="", value="")] + [
    org.loc[org[dim].notna(), ["org", dim]].rename(columns={dim: "value"}).assign(dim=dim)
    for dim in ("cohort", "region", "sector", "size_band")], ignore_index=True)
members = member.merge(wide.loc[wide["reports"], ["org", "q"]], on="org").groupby(
    ["dim", "value", "q"]).size().rename("members").reset_index()
present = obs[obs["reason"].isna()].merge(member, on="org")
present["x"] = (present["money"].astype(float) / 100).fillna(present["number"])
groups = present.groupby(["metric", "dim", "value", "q"])
stats = pd.concat([
    groups.size().rename("n"), groups["money"].sum().rename("sum_money"), groups["number"].sum().rename("sum_number"),
    present.sort_values("money", ascending=False).groupby(["metric", "dim", "value", "q"]).head(2).groupby(
        ["metric", "dim", "value", "q"])["money"].sum().rename("top_two"), groups["x"].mean().rename("mean"),
    groups["x"].quantile(0.25).rename("p25"), groups["x"].median().rename("median"),
    groups["x"].quantile(0.75).rename("p75")], axis=1).reset_index()
rows = members.merge(pd.DataFrame({"metric": METRICS}), how="cross").merge(
    stats, on=["metric", "dim", "value", "q"], how="left")
rows["n"] = rows["n"].fillna(0).astype(int)
aggregates = []
for row in rows.to_dict("records"):
    clean = {key: (None if pd.isna(value) else value) for key, value in row.items()}
    if clean["metric"] in MONEY and clean["n"]:
        clean["mean"] = int(clean["sum_money"]) / 100 / clean["n"]
    aggregates.append(clean | {"quarter": int(clean["q"]), "members": int(clean["members"]), "n": int(clean["n"]),
                               "sum_money": int(clean["sum_money"] or 0),
                               "sum_number": float(clean["sum_number"] or 0.0),
                               "top_two": int(clean["top_two"] or 0)})
write_aggregates(job, disclose(aggregates, job.k))
