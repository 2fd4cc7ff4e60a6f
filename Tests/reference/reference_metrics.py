#!/usr/bin/env python3
"""An independent implementation of METRICS.md and DATA.md, for differential tests of `impact`.

It reads a workspace of canonical CSVs with Python's csv module, computes every built-in metric with
Python's Decimal and floats, and compares the observations and targets with a results.json written by
`impact report --format json`. It shares no code with the Swift implementation and is written from the
contract text alone. Usage:

    reference_metrics.py WORKSPACE RESULTS_JSON [--fiscal-year-start M] [--currency CODE]

Exit status 0 when every observation and target agrees (money exactly, other numbers within 1e-9
relative), 1 with a list of differences otherwise.
"""
import csv
import datetime as dt
import json
import math
import os
import sys
from decimal import Decimal, ROUND_HALF_EVEN

MINOR = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3}


def read_table(root, name):
    for path in (os.path.join(root, name + ".csv"), os.path.join(root, "data", name + ".csv")):
        if os.path.exists(path):
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
            header = [h.strip().lower() for h in rows[0]]
            out = []
            for row in rows[1:]:
                if not row:
                    continue
                out.append({h: v.strip(" \t") for h, v in zip(header, row)})
            return out
    return []


def parse_quarter(text):
    t = text.strip().upper()
    if len(t) == 7 and t[4] == "-" and t[5] == "Q":
        return int(t[:4]), int(t[6])
    if len(t) == 6 and t[4] == "Q":
        return int(t[:4]), int(t[5])
    if len(t) == 7 and t[0] == "Q" and t[2] == " ":
        return int(t[3:]), int(t[1])
    return None


def q_ord(q):
    return q[0] * 4 + q[1] - 1


def q_from(o):
    return (o // 4, o % 4 + 1)


def q_label(q):
    return "%04d-Q%d" % q


class Calendar:
    def __init__(self, start):
        self.start = start

    def quarter_of_month(self, year, month):
        into = (month - self.start) % 12
        fy = year if self.start == 1 or month < self.start else year + 1
        return (fy, into // 3 + 1)

    def quarter_of_date(self, d):
        return self.quarter_of_month(d.year, d.month)

    def bounds(self, q):
        fy, n = q
        start_year = fy if self.start == 1 else fy - 1
        m0 = (start_year * 12 + self.start - 1) + 3 * (n - 1)
        first = dt.date(m0 // 12, m0 % 12 + 1, 1)
        m2 = m0 + 2
        nxt = m2 + 1
        last = dt.date(nxt // 12, nxt % 12 + 1, 1) - dt.timedelta(days=1)
        return first, last


def dec(text):
    return Decimal(text) if text != "" else None


def date(text):
    return dt.date.fromisoformat(text) if text else None


def median(values):
    v = sorted(values)
    n = len(v)
    if n == 0:
        return None
    if n % 2:
        return float(v[n // 2])
    return (v[n // 2 - 1] + v[n // 2]) / 2


def quantile7(values, p):
    v = sorted(values)
    if not v:
        return None
    h = (len(v) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def effective_number(categories):
    if not categories:
        return None
    counts = {}
    for c in categories:
        counts[c] = counts.get(c, 0) + 1
    n = len(categories)
    h = -sum((k / n) * math.log(k / n) for k in sorted(counts.values()))
    return math.exp(h)


def compute(root, fy_start, base):
    cal = Calendar(fy_start)
    digits = MINOR.get(base, 2)
    quantum = Decimal(1).scaleb(-digits)
    rates = {}
    for r in read_table(root, "fx_rates"):
        rates[(r["currency"].upper(), parse_quarter(r["period"]))] = Decimal(r["rate"])

    def convert(amount, currency, q):
        if amount is None:
            return None
        cur = (currency or base).upper()
        if cur == base:
            return amount
        return (amount * rates[(cur, q)]).quantize(quantum, rounding=ROUND_HALF_EVEN)

    orgs = {r["org_id"]: r for r in read_table(root, "organizations")}
    partners = {r["partner_id"]: r for r in read_table(root, "partners")}
    cols = ["revenue", "operating_costs", "ecosystem_revenue", "cost_savings"]
    quarter_rows = {}
    month_rows = {}
    for r in read_table(root, "financials"):
        p = r["period"]
        q = parse_quarter(p)
        if q is not None:
            quarter_rows[(r["org_id"], q)] = {c: convert(dec(r.get(c, "")), r.get("currency", ""), q) for c in cols}
        else:
            y, m = int(p[:4]), int(p[5:7])
            q = cal.quarter_of_month(y, m)
            month_rows.setdefault((r["org_id"], q), []).append(
                {c: convert(dec(r.get(c, "")), r.get("currency", ""), q) for c in cols})
    fin = dict(quarter_rows)
    for key, months in month_rows.items():
        if len(months) == 3:
            fin[key] = {c: (None if any(m[c] is None for m in months) else sum(m[c] for m in months)) for c in cols}

    engagements = {}
    for r in read_table(root, "engagements"):
        start = date(r["started_on"])
        value = dec(r.get("value", "")) or Decimal(0)
        if r.get("value", "") != "":
            value = convert(value, r.get("currency", ""), cal.quarter_of_date(start))
        engagements.setdefault(r["org_id"], []).append(
            dict(partner=r["partner_id"], kind=r["kind"].lower(), start=start, end=date(r.get("ended_on", "")),
                 value=value))
    launches = {}
    for r in read_table(root, "launches"):
        if r.get("launched_on", ""):
            launches.setdefault(r["org_id"], []).append(
                dict(start=date(r["started_on"]), launched=date(r["launched_on"]),
                     supported=r.get("ecosystem_supported", "").lower() in ("true", "yes", "1")))
    return cal, orgs, partners, fin, engagements, launches


def metric_values(org, q, ctx):
    cal, orgs, partners, fin, engagements, launches = ctx
    o = org
    f = fin.get((o, q))
    out = {}

    def R(qq):
        row = fin.get((o, qq))
        return None if row is None else row["revenue"]

    qo = q_ord(q)
    rev = R(q)
    out["revenue.total"] = ("money", rev) if rev is not None else ("null", "no_data")
    for name, lag in (("revenue.growth_qoq", 1), ("revenue.growth_yoy", 4)):
        base = R(q_from(qo - lag))
        if rev is None or base is None:
            out[name] = ("null", "no_data")
        elif base == 0:
            out[name] = ("null", "zero_base")
        else:
            out[name] = ("num", float(rev - base) / float(base))
    four = [R(q_from(qo - k)) for k in range(4)]
    out["revenue.trailing_4q"] = ("null", "no_data") if any(x is None for x in four) else ("money", sum(four))
    eco = f["ecosystem_revenue"]
    if rev is None or eco is None:
        out["revenue.ecosystem_share"] = ("null", "no_data")
    elif rev == 0:
        out["revenue.ecosystem_share"] = ("null", "zero_base")
    else:
        out["revenue.ecosystem_share"] = ("num", float(eco) / float(rev))

    costs, savings = f["operating_costs"], f["cost_savings"]
    out["cost.operating"] = ("money", costs) if costs is not None else ("null", "no_data")
    out["cost.savings"] = ("money", savings) if savings is not None else ("null", "no_data")
    if costs is None or savings is None:
        out["cost.savings_rate"] = ("null", "no_data")
    elif costs + savings == 0:
        out["cost.savings_rate"] = ("null", "zero_base")
    else:
        out["cost.savings_rate"] = ("num", float(savings) / float(costs + savings))

    first, last = cal.bounds(q)
    first4, _ = cal.bounds(q_from(qo - 3))
    ls = launches.get(o, [])
    in_q = [(l["launched"] - l["start"]).days for l in ls if first <= l["launched"] <= last]
    in_4q = [l for l in ls if first4 <= l["launched"] <= last]
    out["time_to_market.launches"] = ("num", float(len(in_q)))
    out["time_to_market.median_days"] = ("num", median(in_q)) if in_q else ("null", "no_launches")
    out["time_to_market.p85_days"] = ("num", quantile7(in_q, 0.85)) if in_q else ("null", "no_launches")
    d4 = [(l["launched"] - l["start"]).days for l in in_4q]
    out["time_to_market.median_days_4q"] = ("num", median(d4)) if d4 else ("null", "no_launches")
    sup = [(l["launched"] - l["start"]).days for l in in_4q if l["supported"]]
    uns = [(l["launched"] - l["start"]).days for l in in_4q if not l["supported"]]
    out["time_to_market.ecosystem_gain_days_4q"] = (
        ("num", median(uns) - median(sup)) if sup and uns else ("null", "no_launches"))

    es = engagements.get(o, [])
    active = [e for e in es if e["start"] <= last and (e["end"] is None or e["end"] >= first)]
    starting = [e for e in es if first <= e["start"] <= last]
    P = sorted(set(e["partner"] for e in active))
    out["partners.active"] = ("num", float(len(P)))
    earliest = {}
    for e in es:
        if e["partner"] not in earliest or e["start"] < earliest[e["partner"]]:
            earliest[e["partner"]] = e["start"]
    out["partners.new"] = ("num", float(sum(1 for d in earliest.values() if first <= d <= last)))
    if not P:
        out["partners.actor_type_diversity"] = ("null", "no_partners")
        out["partners.sector_diversity"] = ("null", "no_partners")
    else:
        out["partners.actor_type_diversity"] = ("num", effective_number([partners[p]["actor_type"].lower() for p in P]))
        known = [partners[p].get("sector", "") for p in P if partners[p].get("sector", "")]
        out["partners.sector_diversity"] = ("num", effective_number(known)) if known else ("null", "no_data")
    own = orgs[o].get("sector", "")
    known = [partners[p].get("sector", "") for p in P if partners[p].get("sector", "")]
    if not own:
        out["partners.cross_sector_share"] = ("null", "no_data")
    elif not P:
        out["partners.cross_sector_share"] = ("null", "no_partners")
    elif not known:
        out["partners.cross_sector_share"] = ("null", "no_data")
    else:
        out["partners.cross_sector_share"] = ("num", sum(1 for s in known if s != own) / len(known))
    v = {}
    for e in starting:
        v[e["partner"]] = v.get(e["partner"], Decimal(0)) + e["value"]
    V = sum(v.values(), Decimal(0))
    if V == 0:
        out["partners.value_hhi"] = ("null", "zero_base")
        out["partners.top_partner_share"] = ("null", "zero_base")
    else:
        out["partners.value_hhi"] = ("num", 10000 * sum((float(x) / float(V)) ** 2 for x in sorted(v.values())))
        out["partners.top_partner_share"] = ("num", float(max(v.values())) / float(V))
    funding = [e for e in starting if e["kind"] in ("grant", "investment", "loan")]
    out["funding.raised"] = ("money", sum((e["value"] for e in funding), Decimal(0)))
    out["funding.grants"] = ("money", sum((e["value"] for e in funding if e["kind"] == "grant"), Decimal(0)))
    out["funding.investors"] = ("num", float(len(set(e["partner"] for e in funding))))
    out["knowledge.research_collaborations"] = ("num", float(sum(
        1 for e in active if e["kind"] in ("joint_project", "license")
        and partners[e["partner"]]["actor_type"].lower() == "research")))
    out["knowledge.talent_placements"] = ("num", float(sum(1 for e in starting if e["kind"] == "talent")))
    return out


ADDITIVE = {"revenue.total", "revenue.trailing_4q", "cost.operating", "cost.savings", "funding.raised", "funding.grants",
            "time_to_market.launches", "knowledge.research_collaborations", "knowledge.talent_placements"}
MONEY = {"revenue.total", "revenue.trailing_4q", "cost.operating", "cost.savings", "funding.raised", "funding.grants"}
DIMENSIONS = ["cohort", "region", "sector", "size_band"]


def groups_of(org):
    groups = [()]
    for dim in DIMENSIONS:
        value = org.get(dim, "")
        if dim == "size_band":
            value = value.lower()
        if value:
            groups.append((dim, value))
    return groups


def group_sort_key(group):
    if not group:
        return (0, "", b"")
    return (1, group[0], group[1].encode("utf-8"))


def expected_aggregates(expected, ctx, quarters, metrics, k):
    """METRICS.md 'Portfolio aggregation' and disclosure rules 1-3, written independently."""
    orgs, fin = ctx[1], ctx[3]
    out = []
    for metric in sorted(metrics, key=lambda m: m.encode()):
        for q in quarters:
            label = q_label(q)
            members, values = {}, {}
            for o, row in orgs.items():
                for g in groups_of(row):
                    if (o, q) in fin:
                        members[g] = members.get(g, 0) + 1
                    kind, val = expected[(metric, o, label)]
                    if kind != "null":
                        values.setdefault(g, []).append(val)
            level = {}
            for g in members:
                xs = values.get(g, [])
                n = len(xs)
                agg = {"metric": metric, "quarter": label, "group": dict([g]) if g else {}, "members": members[g], "n": n}
                total = sum(xs, Decimal(0)) if metric in MONEY else sum(float(x) for x in xs)
                rule = None
                if n < k:
                    rule = "min_frequency"
                elif metric in MONEY:
                    top = sorted(xs, reverse=True)
                    if total != 0 and top[0] + top[1] > Decimal("0.85") * total:
                        rule = "dominance"
                if rule:
                    agg["suppressed"] = rule
                else:
                    fs = sorted(float(x) for x in xs)
                    if metric in ADDITIVE:
                        agg["sum"] = total
                    agg["mean"] = float(total) / n
                    agg["p25"] = quantile7(fs, 0.25)
                    agg["median"] = quantile7(fs, 0.5)
                    agg["p75"] = quantile7(fs, 0.75)
                level[g] = (agg, total)
            if () in level and "suppressed" not in level[()][0]:
                for dim in DIMENSIONS:
                    gs = [g for g in level if g and g[0] == dim]
                    primary = [g for g in gs if "suppressed" in level[g][0]]
                    if len(primary) != 1:
                        continue
                    published = [g for g in gs if "suppressed" not in level[g][0]]
                    if not published:
                        continue
                    victim = min(published, key=lambda g: (level[g][1], g[1].encode("utf-8")))
                    agg = level[victim][0]
                    level[victim] = ({key: agg[key] for key in ("metric", "quarter", "group", "members", "n")}
                                     | {"suppressed": "secondary"}, level[victim][1])
            for g in sorted(level, key=group_sort_key):
                out.append(level[g][0])
    return out


def compare_aggregates(want, got, problems):
    if len(want) != len(got):
        problems.append("expected %d aggregates, got %d" % (len(want), len(got)))
    for w, g in zip(want, got):
        if list(g.keys()) != list(w.keys()):
            problems.append("aggregate %s %s %s: keys %s, expected %s" % (w["metric"], w["quarter"], w["group"],
                                                                         list(g.keys()), list(w.keys())))
            continue
        for key, value in w.items():
            other = g[key]
            if isinstance(value, float):
                if other is None or not close(float(other), value):
                    problems.append("aggregate %s %s %s: %s %s, expected %r" % (w["metric"], w["quarter"], w["group"],
                                                                               key, other, value))
            elif isinstance(value, Decimal) and w["metric"] not in MONEY:
                if not close(float(other), float(value)):
                    problems.append("aggregate %s: %s %s, expected %s" % (w, key, other, value))
            elif other != value:
                problems.append("aggregate %s %s %s: %s %s, expected %s" % (w["metric"], w["quarter"], w["group"], key,
                                                                           other, value))


def metric_values_ids():
    return ["revenue.total", "revenue.growth_qoq", "revenue.growth_yoy", "revenue.trailing_4q",
            "revenue.ecosystem_share", "cost.operating", "cost.savings", "cost.savings_rate",
            "time_to_market.launches", "time_to_market.median_days", "time_to_market.p85_days",
            "time_to_market.median_days_4q", "time_to_market.ecosystem_gain_days_4q", "partners.active",
            "partners.new", "partners.actor_type_diversity", "partners.sector_diversity",
            "partners.cross_sector_share", "partners.value_hhi", "partners.top_partner_share", "funding.raised",
            "funding.grants", "funding.investors", "knowledge.research_collaborations",
            "knowledge.talent_placements"]


DIRECTIONS = {"cost.operating": -1, "partners.top_partner_share": -1, "partners.value_hhi": -1,
              "time_to_market.median_days": -1, "time_to_market.median_days_4q": -1, "time_to_market.p85_days": -1}


def close(a, b):
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def main():
    args = sys.argv[1:]
    root, results_path = args[0], args[1]
    fy = int(args[args.index("--fiscal-year-start") + 1]) if "--fiscal-year-start" in args else 1
    base = args[args.index("--currency") + 1] if "--currency" in args else "EUR"
    ctx = compute(root, fy, base)
    with open(results_path) as handle:
        results = json.load(handle, parse_float=Decimal, parse_int=Decimal)
    quarters = [parse_quarter(q) for q in results["quarters"]]
    problems = []
    expected = {}
    org_ids = sorted(ctx[1].keys(), key=lambda s: s.encode("utf-8"))
    scope = args[args.index("--org") + 1] if "--org" in args else None
    for o in org_ids:
        for q in quarters:
            if (o, q) not in ctx[3]:
                values = None
            else:
                values = metric_values(o, q, ctx)
            for metric in [m["id"] for m in results["metrics"] if m["id"] in metric_values_ids()]:
                expected[(metric, o, q_label(q))] = ("null", "no_data") if values is None else values[metric]
    # Only the built-in metrics are defined in METRICS.md; plugin metrics are left to their own tests.
    builtin = set(metric_values_ids())
    results["metrics"] = [m for m in results["metrics"] if m["id"] in builtin]
    results["observations"] = [o for o in results["observations"] if o["metric"] in builtin]
    results["aggregates"] = [a for a in results["aggregates"] if a["metric"] in builtin]
    results["benchmarks"] = [b for b in results["benchmarks"] if b["metric"] in builtin]
    results["targets"] = [t for t in results["targets"] if t["metric"] in builtin]
    expected = {key: value for key, value in expected.items() if key[0] in builtin}
    seen = set()
    for ob in results["observations"]:
        key = (ob["metric"], ob["org"], ob["quarter"])
        seen.add(key)
        want = expected.get(key)
        if want is None:
            problems.append("unexpected observation %s" % (key,))
            continue
        kind, val = want
        got = ob["value"]
        if kind == "null":
            if got is not None or ob.get("reason") != val:
                problems.append("%s: expected null (%s), got %s (%s)" % (key, val, got, ob.get("reason")))
        elif kind == "money":
            if got is None or Decimal(got) != val:
                problems.append("%s: expected money %s, got %s" % (key, val, got))
        else:
            if got is None or not close(float(got), val):
                problems.append("%s: expected %r, got %s" % (key, val, got))
    for key in expected:
        if scope is not None and key[1] != scope:
            continue
        if key not in seen:
            problems.append("missing observation %s" % (key,))
    # Order of observations: metric, org (code point), quarter.
    keys = [(o["metric"], o["org"].encode("utf-8"), parse_quarter(o["quarter"])) for o in results["observations"]]
    if keys != sorted(keys):
        problems.append("observations are not sorted by metric, org, quarter")

    # Targets.
    targets = {}
    window = set(results["quarters"])
    rows = read_table(root, "targets")
    for r in rows:
        if not r.get("org_id"):
            for o in org_ids:
                targets.setdefault((r["metric"], o, q_label(parse_quarter(r["period"]))), Decimal(r["target"]))
    for r in rows:
        if r.get("org_id"):
            targets[(r["metric"], r["org_id"], q_label(parse_quarter(r["period"])))] = Decimal(r["target"])
    want_targets = []
    for (metric, o, q), t in sorted(targets.items(), key=lambda kv: (kv[0][0], kv[0][1].encode(), kv[0][2])):
        if q not in window or (scope is not None and o != scope):
            continue
        kind, val = expected[(metric, o, q)]
        if kind == "null":
            met = None
            val = None
        else:
            sign = DIRECTIONS.get(metric, 1)
            cmp_val = val if kind == "money" else val
            cmp_t = t if kind == "money" else float(t)
            met = cmp_val >= cmp_t if sign > 0 else cmp_val <= cmp_t
        want_targets.append((metric, o, q, t, val, met))
    got_targets = results["targets"]
    if len(got_targets) != len(want_targets):
        problems.append("expected %d targets, got %d" % (len(want_targets), len(got_targets)))
    for want, got in zip(want_targets, got_targets):
        metric, o, q, t, val, met = want
        if (got["metric"], got["org"], got["quarter"]) != (metric, o, q) or Decimal(got["target"]) != t \
                or got["met"] != met:
            problems.append("target %s: expected target %s met %s, got %s" % ((metric, o, q), t, met, got))
    k = int(args[args.index("--k") + 1]) if "--k" in args else 5
    metric_ids = [m["id"] for m in results["metrics"]]
    if len(ctx[1]) > 1 and results.get("benchmarks") == [] and "--org" not in args:
        compare_aggregates(expected_aggregates(expected, ctx, quarters, metric_ids, k), results["aggregates"], problems)
    if "--org" in args:
        org = scope

        def as_tuple(group):
            return tuple(group.items())[0] if group else ()

        everything = expected_aggregates(expected, ctx, quarters, metric_ids, k)
        mine = groups_of(ctx[1][org])
        published = [a for a in everything if "suppressed" not in a and as_tuple(a["group"]) in mine]
        compare_aggregates(published, results["aggregates"], problems)
        want_bench = []
        for a in published:
            kind, val = expected[(a["metric"], org, a["quarter"])]
            if kind == "null":
                continue
            group = as_tuple(a["group"])
            values = []
            for o, row in ctx[1].items():
                if group in groups_of(row):
                    other_kind, other = expected[(a["metric"], o, a["quarter"])]
                    if other_kind != "null":
                        values.append(other)
            tolerance = abs(val) * Decimal("1e-12") if isinstance(val, Decimal) else abs(val) * 1e-12
            if isinstance(val, Decimal):
                tolerance = 0
            below = sum(1 for v in values if v < val - tolerance)
            equal = sum(1 for v in values if val - tolerance <= v <= val + tolerance)
            want_bench.append({"metric": a["metric"], "quarter": a["quarter"], "group": a["group"], "n": a["n"],
                               "median": a["median"], "percentile_rank": 100 * (below + 0.5 * equal) / len(values)})
        compare_aggregates(want_bench, results["benchmarks"], problems)
    if problems:
        print("\n".join(problems[:50]))
        print("%d differences" % len(problems))
        sys.exit(1)
    print("agree: %d observations, %d targets, %d aggregates, %d benchmarks" % (
        len(results["observations"]), len(got_targets), len(results["aggregates"]), len(results["benchmarks"])))


if __name__ == "__main__":
    main()
