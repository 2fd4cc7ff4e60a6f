#!/usr/bin/env python3
"""The built-in metrics and portfolio aggregates of METRICS.md in DuckDB SQL (benchmark peer).

Usage: duckdb_metrics.py WORKSPACE OUT --quarter YYYY-Qn [--window 8] [--k 5]
Writes OUT/observations.csv (metric, org, quarter ordinal, money in cents, number, reason) and
OUT/aggregates.json. See common.py for what the implementations share and assume.
"""
import os

import duckdb

from common import METRICS, MONEY, Job, disclose, write_aggregates

job = Job(__doc__)
db = duckdb.connect()
lo, hi, shift, base = job.first, job.last, job.month_shift, job.currency


def ordinal(date):
    """SQL: the fiscal quarter ordinal of a DATE expression."""
    return f"((year({date}) * 12 + month({date}) - 1 + {shift}) // 3)"


def csv(table, columns):
    spec = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
    return f"read_csv('{job.path(table)}', header = true, columns = {{{spec}}})"


def cents(amount, currency, quarter):
    """SQL: an amount as integer cents, converted at the quarter's rate (half to even) when foreign."""
    exact = f"(CAST({amount} AS DECIMAL(30,6)) * rate.rate * 100)"
    return (f"CASE WHEN {amount} IS NULL THEN NULL "
            f"WHEN {currency} IS NULL OR {currency} = '{base}' THEN CAST({amount} * 100 AS BIGINT) "
            f"WHEN {exact} - floor({exact}) > 0.5 "
            f"  OR ({exact} - floor({exact}) = 0.5 AND CAST(floor({exact}) AS BIGINT) % 2 = 1) "
            f"THEN CAST(floor({exact}) AS BIGINT) + 1 ELSE CAST(floor({exact}) AS BIGINT) END")


def run(sql):
    db.execute(sql)


fx_path = job.path("fx_rates")
if os.path.exists(fx_path):
    run(f"""CREATE TABLE fx AS SELECT currency,
        CAST(substr(period, 1, 4) AS INTEGER) * 4 + CAST(substr(period, 7, 1) AS INTEGER) - 1 AS q, rate
        FROM {csv('fx_rates', [('currency', 'VARCHAR'), ('period', 'VARCHAR'), ('rate', 'DECIMAL(18,6)')])}""")
else:
    run("CREATE TABLE fx (currency VARCHAR, q INTEGER, rate DECIMAL(18,6))")

run(f"""CREATE TABLE org AS SELECT org_id AS org, sector, region, lower(size_band) AS size_band, cohort
    FROM {csv('organizations', [('org_id', 'VARCHAR'), ('name', 'VARCHAR'), ('sector', 'VARCHAR'),
                                ('region', 'VARCHAR'), ('size_band', 'VARCHAR'), ('cohort', 'VARCHAR')])}""")
run(f"""CREATE TABLE partner AS SELECT partner_id AS partner, lower(actor_type) AS actor_type, sector
    FROM {csv('partners', [('partner_id', 'VARCHAR'), ('name', 'VARCHAR'), ('actor_type', 'VARCHAR'),
                           ('sector', 'VARCHAR'), ('region', 'VARCHAR')])}""")

# Financials: quarter rows as they are; month rows summed into complete quarters (a column is
# unknown when any of its months is); incomplete quarters are missing.
run(f"""CREATE TABLE fin_rows AS SELECT org_id AS org, length(period) = 7 AND substr(period, 6, 1) <> 'Q'
        AND substr(period, 6, 1) <> 'q' AS monthly,
      CASE WHEN length(period) = 7 AND substr(period, 6, 1) NOT IN ('Q', 'q')
           THEN (CAST(substr(period, 1, 4) AS INTEGER) * 12 + CAST(substr(period, 6, 2) AS INTEGER) - 1 + {shift}) // 3
           ELSE CAST(substr(period, 1, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1 END AS q,
      revenue, operating_costs, ecosystem_revenue, cost_savings, currency
    FROM {csv('financials', [('org_id', 'VARCHAR'), ('period', 'VARCHAR'), ('revenue', 'DECIMAL(18,6)'),
                             ('operating_costs', 'DECIMAL(18,6)'), ('ecosystem_revenue', 'DECIMAL(18,6)'),
                             ('cost_savings', 'DECIMAL(18,6)'), ('currency', 'VARCHAR')])}""")
run(f"""CREATE TABLE fin_cents AS SELECT org, monthly, f.q,
      {cents('revenue', 'f.currency', 'f.q')} AS rev, {cents('operating_costs', 'f.currency', 'f.q')} AS opc,
      {cents('ecosystem_revenue', 'f.currency', 'f.q')} AS eco, {cents('cost_savings', 'f.currency', 'f.q')} AS sav
    FROM fin_rows f LEFT JOIN fx rate ON rate.currency = f.currency AND rate.q = f.q""")
run("""CREATE TABLE fin AS
    SELECT org, q, rev, opc, eco, sav FROM fin_cents WHERE NOT monthly
    UNION ALL
    SELECT org, q,
      CASE WHEN count(rev) = 3 THEN sum(rev) END, CASE WHEN count(opc) = 3 THEN sum(opc) END,
      CASE WHEN count(eco) = 3 THEN sum(eco) END, CASE WHEN count(sav) = 3 THEN sum(sav) END
    FROM fin_cents WHERE monthly GROUP BY org, q HAVING count(*) = 3""")

run(f"""CREATE TABLE eng AS SELECT e.org_id AS org, e.partner_id AS partner, lower(e.kind) AS kind,
      {ordinal('e.started_on')} AS qs, {ordinal('e.ended_on')} AS qe,
      coalesce({cents('e.value', 'e.currency', ordinal('e.started_on'))}, 0) AS v
    FROM {csv('engagements', [('engagement_id', 'VARCHAR'), ('org_id', 'VARCHAR'), ('partner_id', 'VARCHAR'),
                              ('kind', 'VARCHAR'), ('started_on', 'DATE'), ('ended_on', 'DATE'),
                              ('value', 'DECIMAL(18,6)'), ('currency', 'VARCHAR')])} e
    LEFT JOIN fx rate ON rate.currency = e.currency AND rate.q = {ordinal('e.started_on')}""")
run(f"""CREATE TABLE launch AS SELECT org_id AS org, {ordinal('launched_on')} AS q,
      CAST(launched_on - started_on AS DOUBLE) AS d,
      coalesce(lower(ecosystem_supported) IN ('true', 'yes', '1'), false) AS sup
    FROM {csv('launches', [('project_id', 'VARCHAR'), ('org_id', 'VARCHAR'), ('name', 'VARCHAR'),
                           ('started_on', 'DATE'), ('launched_on', 'DATE'), ('ecosystem_supported', 'VARCHAR')])}
    WHERE launched_on IS NOT NULL""")

# Every organisation x window quarter, with its financials and what the metrics need of them.
run(f"""CREATE TABLE cell AS SELECT o.org, o.sector AS org_sector, w.q, f.q IS NOT NULL AS reports,
      f.rev, f.opc, f.eco, f.sav, p1.rev AS rev1, p2.rev AS rev2, p3.rev AS rev3, p4.rev AS rev4,
      p1.q IS NOT NULL AS has1, p2.q IS NOT NULL AS has2, p3.q IS NOT NULL AS has3, p4.q IS NOT NULL AS has4
    FROM org o CROSS JOIN range({lo}, {hi + 1}) w(q)
    LEFT JOIN fin f ON f.org = o.org AND f.q = w.q
    LEFT JOIN fin p1 ON p1.org = o.org AND p1.q = w.q - 1
    LEFT JOIN fin p2 ON p2.org = o.org AND p2.q = w.q - 2
    LEFT JOIN fin p3 ON p3.org = o.org AND p3.q = w.q - 3
    LEFT JOIN fin p4 ON p4.org = o.org AND p4.q = w.q - 4""")

# Distinct (organisation, partner, window quarter) where an engagement is active.
run(f"""CREATE TABLE act AS SELECT DISTINCT org, partner, q FROM (
      SELECT org, partner, unnest(range(greatest(qs, {lo}), least(coalesce(qe, {hi}), {hi}) + 1)) AS q
      FROM eng WHERE qs <= {hi} AND coalesce(qe, {hi}) >= {lo})""")
run(f"""CREATE TABLE act_stats AS
    WITH typed AS (SELECT a.org, a.q, p.actor_type, p.sector, c.org_sector FROM act a
                   JOIN partner p USING (partner) JOIN (SELECT org, sector AS org_sector FROM org) c USING (org)),
    per_type AS (SELECT org, q, count(*) AS c FROM typed GROUP BY org, q, actor_type),
    per_sector AS (SELECT org, q, count(*) AS c FROM typed WHERE sector IS NOT NULL GROUP BY org, q, sector),
    totals AS (SELECT org, q, count(*) AS active, count(sector) AS known,
                      count(*) FILTER (WHERE sector IS NOT NULL AND sector <> org_sector) AS cross_known
               FROM typed GROUP BY org, q),
    type_d AS (SELECT org, q, exp(-sum((c / n) * ln(c / n))) AS d FROM
               (SELECT org, q, c::DOUBLE AS c, sum(c) OVER (PARTITION BY org, q)::DOUBLE AS n FROM per_type) GROUP BY org, q),
    sector_d AS (SELECT org, q, exp(-sum((c / n) * ln(c / n))) AS d FROM
               (SELECT org, q, c::DOUBLE AS c, sum(c) OVER (PARTITION BY org, q)::DOUBLE AS n FROM per_sector) GROUP BY org, q)
    SELECT t.org, t.q, t.active, t.known, t.cross_known, type_d.d AS type_d, sector_d.d AS sector_d
    FROM totals t LEFT JOIN type_d USING (org, q) LEFT JOIN sector_d USING (org, q)""")
run(f"""CREATE TABLE research AS SELECT org, q, count(*) AS n FROM (
      SELECT org, unnest(range(greatest(qs, {lo}), least(coalesce(qe, {hi}), {hi}) + 1)) AS q
      FROM eng JOIN partner USING (partner)
      WHERE kind IN ('joint_project', 'license') AND actor_type = 'research'
        AND qs <= {hi} AND coalesce(qe, {hi}) >= {lo}) GROUP BY org, q""")
run(f"""CREATE TABLE started AS SELECT org, qs AS q,
      count(*) FILTER (WHERE kind = 'talent') AS talent,
      sum(v) FILTER (WHERE kind IN ('grant', 'investment', 'loan')) AS raised,
      sum(v) FILTER (WHERE kind = 'grant') AS grants,
      count(DISTINCT partner) FILTER (WHERE kind IN ('grant', 'investment', 'loan')) AS investors
    FROM eng WHERE qs BETWEEN {lo} AND {hi} GROUP BY org, qs""")
run(f"""CREATE TABLE concentration AS SELECT org, q, sum(vj) AS total, sum(vj * vj) AS squares, max(vj) AS top
    FROM (SELECT org, qs AS q, partner, sum(v)::DOUBLE AS vj FROM eng WHERE qs BETWEEN {lo} AND {hi}
          GROUP BY org, qs, partner) GROUP BY org, q""")
run(f"""CREATE TABLE first_seen AS SELECT org, q, count(*) AS n FROM
    (SELECT org, partner, min(qs) AS q FROM eng GROUP BY org, partner) WHERE q BETWEEN {lo} AND {hi} GROUP BY org, q""")
run(f"""CREATE TABLE ttm AS SELECT w.q, l.org,
      count(*) FILTER (WHERE l.q = w.q) AS launches,
      quantile_cont(l.d, 0.5) FILTER (WHERE l.q = w.q) AS median_q,
      quantile_cont(l.d, 0.85) FILTER (WHERE l.q = w.q) AS p85_q,
      quantile_cont(l.d, 0.5) AS median_4q,
      quantile_cont(l.d, 0.5) FILTER (WHERE NOT l.sup) - quantile_cont(l.d, 0.5) FILTER (WHERE l.sup) AS gain
    FROM range({lo}, {hi + 1}) w(q) JOIN launch l ON l.q BETWEEN w.q - 3 AND w.q GROUP BY w.q, l.org""")

# One SELECT per metric: (metric, org, q, money, number, reason); a non-reporting organisation is
# null with no_data before any other rule.
N = "NULL::BIGINT, NULL::DOUBLE"


def money(metric, value, null_when="FALSE", reason="'no_data'"):
    return (f"SELECT '{metric}', org, q, CASE WHEN reports AND NOT ({null_when}) THEN {value} END, NULL::DOUBLE, "
            f"CASE WHEN NOT reports THEN 'no_data' WHEN {null_when} THEN {reason} END FROM cell")


def number(metric, value, cases, table="cell"):
    """cases: [(condition, reason)] checked in order for a reporting organisation."""
    whens = " ".join(f"WHEN {condition} THEN '{reason}'" for condition, reason in cases)
    reason = f"CASE WHEN NOT reports THEN 'no_data' {whens} END"
    return f"SELECT '{metric}', org, q, NULL::BIGINT, CASE WHEN ({reason}) IS NULL THEN {value} END, {reason} FROM {table}"


def growth(metric, previous, has):
    return number(metric, f"(rev - {previous})::DOUBLE / {previous}::DOUBLE",
                  [(f"rev IS NULL OR NOT {has} OR {previous} IS NULL", "no_data"), (f"{previous} = 0", "zero_base")])


run("""CREATE TABLE wide AS SELECT c.*, coalesce(t.launches, 0) AS launches, t.median_q, t.p85_q, t.median_4q, t.gain,
      coalesce(a.active, 0) AS active, coalesce(a.known, 0) AS known, a.cross_known, a.type_d, a.sector_d,
      coalesce(r.n, 0) AS research, coalesce(s.talent, 0) AS talent, coalesce(s.raised, 0) AS raised,
      coalesce(s.grants, 0) AS grants, coalesce(s.investors, 0) AS investors,
      coalesce(k.total, 0) AS v_total, k.squares, k.top, coalesce(n.n, 0) AS new_partners
    FROM cell c LEFT JOIN ttm t USING (org, q) LEFT JOIN act_stats a USING (org, q) LEFT JOIN research r USING (org, q)
    LEFT JOIN started s USING (org, q) LEFT JOIN concentration k USING (org, q) LEFT JOIN first_seen n USING (org, q)""")
selects = [
    money("revenue.total", "rev", "rev IS NULL"),
    growth("revenue.growth_qoq", "rev1", "has1"),
    growth("revenue.growth_yoy", "rev4", "has4"),
    money("revenue.trailing_4q", "rev + rev1 + rev2 + rev3",
          "rev IS NULL OR rev1 IS NULL OR rev2 IS NULL OR rev3 IS NULL"),
    number("revenue.ecosystem_share", "eco::DOUBLE / rev::DOUBLE",
           [("rev IS NULL OR eco IS NULL", "no_data"), ("rev = 0", "zero_base")]),
    money("cost.operating", "opc", "opc IS NULL"),
    money("cost.savings", "sav", "sav IS NULL"),
    number("cost.savings_rate", "sav::DOUBLE / (opc + sav)::DOUBLE",
           [("opc IS NULL OR sav IS NULL", "no_data"), ("opc + sav = 0", "zero_base")]),
    number("time_to_market.launches", "launches", []),
    number("time_to_market.median_days", "median_q", [("launches = 0", "no_launches")]),
    number("time_to_market.p85_days", "p85_q", [("launches = 0", "no_launches")]),
    number("time_to_market.median_days_4q", "median_4q", [("median_4q IS NULL", "no_launches")]),
    number("time_to_market.ecosystem_gain_days_4q", "gain", [("gain IS NULL", "no_launches")]),
    number("partners.active", "active", []),
    number("partners.new", "new_partners", []),
    number("partners.actor_type_diversity", "type_d", [("active = 0", "no_partners")]),
    number("partners.sector_diversity", "sector_d", [("active = 0", "no_partners"), ("known = 0", "no_data")]),
    number("partners.cross_sector_share", "cross_known::DOUBLE / known::DOUBLE",
           [("org_sector IS NULL", "no_data"), ("active = 0", "no_partners"), ("known = 0", "no_data")]),
    number("partners.value_hhi", "10000 * squares / (v_total * v_total)", [("v_total = 0", "zero_base")]),
    number("partners.top_partner_share", "top / v_total", [("v_total = 0", "zero_base")]),
    money("funding.raised", "raised"),
    money("funding.grants", "grants"),
    number("funding.investors", "investors", []),
    number("knowledge.research_collaborations", "research", []),
    number("knowledge.talent_placements", "talent", []),
]
assert sorted(s.split("'")[1] for s in selects) == METRICS
run("CREATE TABLE obs (metric VARCHAR, org VARCHAR, q INTEGER, money BIGINT, number DOUBLE, reason VARCHAR)")
for select in selects:
    run("INSERT INTO obs " + select.replace("FROM cell", "FROM wide"))
run(f"COPY (SELECT * FROM obs ORDER BY metric, org, q) TO '{os.path.join(job.out, 'observations.csv')}' (HEADER)")

# Aggregates: every metric x window quarter x group with at least one reporting member.
run("""CREATE TABLE member AS SELECT org, '' AS dim, '' AS value FROM org
    UNION ALL SELECT org, 'cohort', cohort FROM org WHERE cohort IS NOT NULL
    UNION ALL SELECT org, 'region', region FROM org WHERE region IS NOT NULL
    UNION ALL SELECT org, 'sector', sector FROM org WHERE sector IS NOT NULL
    UNION ALL SELECT org, 'size_band', size_band FROM org WHERE size_band IS NOT NULL""")
rows = db.execute("""
    WITH members AS (SELECT m.dim, m.value, c.q, count(*) AS members FROM member m JOIN cell c USING (org)
                     WHERE c.reports GROUP BY m.dim, m.value, c.q),
    stats AS (SELECT o.metric, m.dim, m.value, o.q, count(*) AS n, sum(o.money) AS sum_money,
                     sum(o.number) AS sum_number, list_sum(max(o.money, 2)) AS top_two,
                     avg(coalesce(o.money / 100.0, o.number)) AS mean,
                     quantile_cont(coalesce(o.money / 100.0, o.number), [0.25, 0.5, 0.75]) AS qs
              FROM obs o JOIN member m USING (org) WHERE o.reason IS NULL GROUP BY o.metric, m.dim, m.value, o.q),
    metric AS (SELECT DISTINCT metric FROM obs)
    SELECT metric.metric, members.q, members.dim, members.value, members.members, coalesce(stats.n, 0),
           stats.sum_money, stats.sum_number, stats.top_two, stats.mean, stats.qs
    FROM members CROSS JOIN metric LEFT JOIN stats USING (metric, dim, value, q)""").fetchall()
aggregates = []
for metric, q, dim, value, members, n, sum_money, sum_number, top_two, mean, qs in rows:
    if metric in MONEY and sum_money is not None:
        mean = sum_money / 100 / n  # the exact sum over n, as impact computes it
    aggregates.append({"metric": metric, "quarter": q, "dim": dim, "value": value, "members": members, "n": n,
                       "sum_money": int(sum_money or 0), "sum_number": sum_number or 0.0, "top_two": int(top_two or 0),
                       "mean": mean, "p25": qs and qs[0], "median": qs and qs[1], "p75": qs and qs[2]})
write_aggregates(job, disclose(aggregates, job.k))
