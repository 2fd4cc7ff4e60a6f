#!/usr/bin/env python3
"""Checks that an implementation's output agrees with impact's results.json.

Usage: agree.py RESULTS_JSON OUT_DIR NAME
Observations: every (metric, org, quarter) of results.json, the same null reason; money exactly,
every other number within 1e-9 relative. Aggregates: the same list in the same order, the same
members, n and suppression rule, sums exact for money, statistics within 1e-9 relative.
Exit 0 when all agree; 1 with the first differences otherwise.
"""
import csv
import json
import sys
from decimal import Decimal

from common import MONEY, Job, cents_text


def close(a, b):
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def main():
    results_path, out, name = sys.argv[1:4]
    with open(results_path, encoding="utf-8") as handle:
        results = json.load(handle, parse_float=Decimal, parse_int=Decimal)
    problems = []
    want = {(o["metric"], o["org"], o["quarter"]): o for o in results["observations"]}
    seen = 0
    with open(out + "/observations.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["metric"], row["org"], Job.label(int(row["q"])))
            expected = want.get(key)
            if expected is None:
                problems.append("%s: unexpected observation %s" % (name, key))
                continue
            seen += 1
            reason = row["reason"] or None
            if reason != expected.get("reason"):
                problems.append("%s: %s reason %s, impact %s" % (name, key, reason, expected.get("reason")))
            elif reason is None:
                value = expected["value"]
                if key[0] in MONEY:
                    got = Decimal(cents_text(int(row["money"])))
                    ok = got == value
                else:
                    got = float(row["number"])
                    ok = close(got, float(value))
                if not ok:
                    problems.append("%s: %s value %s, impact %s" % (name, key, got, value))
            if len(problems) > 20:
                break
    if seen != len(want) and len(problems) <= 20:
        problems.append("%s: %d observations, impact has %d" % (name, seen, len(want)))
    with open(out + "/aggregates.json", encoding="utf-8") as handle:
        got_aggregates = json.load(handle, parse_float=Decimal, parse_int=Decimal)
    expected_aggregates = results["aggregates"]
    if len(got_aggregates) != len(expected_aggregates):
        problems.append("%s: %d aggregates, impact has %d" % (name, len(got_aggregates), len(expected_aggregates)))
    for got, expected in zip(got_aggregates, expected_aggregates):
        where = "%s: aggregate %s %s %s" % (name, expected["metric"], expected["quarter"], expected["group"])
        if list(got) != list(expected):
            problems.append("%s: keys %s, impact %s" % (where, list(got), list(expected)))
            continue
        for key, value in expected.items():
            other = got[key]
            if key == "sum" and expected["metric"] in MONEY:
                ok = Decimal(other) == value
            elif isinstance(value, Decimal) and not isinstance(other, (dict, str)):
                ok = close(float(other), float(value))
            else:
                ok = other == value
            if not ok:
                problems.append("%s: %s %s, impact %s" % (where, key, other, value))
        if len(problems) > 40:
            break
    for problem in problems[:40]:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("%s agrees with impact: %d observations, %d aggregates" % (name, seen, len(expected_aggregates)))


main()
