#!/usr/bin/env python3
"""An out-of-process metric plugin for EcosystemImpact, in Python with the standard library only.

It speaks protocol 1.0 (Docs/plugin-protocol.md): one JSON object per line on stdin, one answer per line
on stdout. Two metrics:
- talent.hires_4q: internships and hires through partners (engagements of kind 'talent') that started in
  the quarter or the three before it;
- talent.training_spend: the value of training engagements that started in the quarter (money, written as
  an exact decimal string).
"""
import json
import sys
from decimal import Decimal

PROTOCOL = "1.0"
METRICS = [
    {"id": "talent.hires_4q", "title": "Hires through partners (four quarters)",
     "summary": "Internships and hires through partners that started in the quarter or the three before it.",
     "unit": "count", "direction": "higher_is_better", "additive": True},
    {"id": "talent.training_spend", "title": "Training with partners",
     "summary": "Value of training engagements with partners that started in the quarter.",
     "unit": "money", "direction": "neutral", "additive": True},
]


def quarter_of(iso_date, start_month):
    """The fiscal quarter label (YYYY-Qn, named by the year the fiscal year ends) of a YYYY-MM-DD date."""
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    into = (month - start_month) % 12
    fiscal_year = year if start_month == 1 or month < start_month else year + 1
    return "%04d-Q%d" % (fiscal_year, into // 3 + 1)


def ordinal(label):
    return int(label[:4]) * 4 + int(label[6]) - 1


def compute(request):
    start = request["fiscal_year_start_month"]
    quarters = request["quarters"]
    reporting = {(row["org_id"], row["quarter"]) for row in request["tables"]["financials"]}
    hires, training = {}, {}
    for row in request["tables"]["engagements"]:
        quarter = quarter_of(row["started_on"], start)
        key = (row["org_id"], quarter)
        if row["kind"] == "talent":
            hires[key] = hires.get(key, 0) + 1
        elif row["kind"] == "training":
            training[key] = training.get(key, Decimal(0)) + Decimal(row["value"])
    observations = []
    for org in request["organizations"]:
        for quarter in quarters:
            if (org, quarter) not in reporting:
                for metric in METRICS:
                    observations.append({"metric": metric["id"], "org": org, "quarter": quarter, "value": None,
                                         "reason": "no_data"})
                continue
            last_four = {q for q in quarters if 0 <= ordinal(quarter) - ordinal(q) <= 3}
            count = sum(n for (o, q), n in hires.items() if o == org and q in last_four)
            if len(last_four) < 4 and ordinal(quarter) - 3 < ordinal(quarters[0]):
                observations.append({"metric": "talent.hires_4q", "org": org, "quarter": quarter, "value": None,
                                     "reason": "no_data"})
            else:
                observations.append({"metric": "talent.hires_4q", "org": org, "quarter": quarter, "value": count})
            spend = training.get((org, quarter), Decimal(0))
            observations.append({"metric": "talent.training_spend", "org": org, "quarter": quarter,
                                 "value": str(spend)})
    return {"type": "observations", "request": request["request"], "observations": observations}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        kind = request.get("type")
        if kind == "describe":
            answer = {"type": "describe", "protocol": PROTOCOL, "plugin": "talent", "metrics": METRICS,
                      "tables": {"financials": ["org_id", "quarter"],
                                 "engagements": ["org_id", "kind", "started_on", "value"]}}
        elif kind == "compute":
            answer = compute(request)
        elif kind == "shutdown":
            break
        else:
            answer = {"type": "error", "error": "unknown request type %r" % kind}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
