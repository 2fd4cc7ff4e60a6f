#!/usr/bin/env python3
"""A test plugin that behaves well or, by MODE, in one particular bad way. It appends its process id to
the file named by STARTS (when set), so that tests can count how often it was started, and "shutdown" and
its process id when it is told to shut down."""
import json
import os
import sys
import time

MODE = os.environ.get("MODE", "good")
if os.environ.get("STARTS"):
    with open(os.environ["STARTS"], "a") as handle:
        handle.write("%d\n" % os.getpid())

METRICS = [{"id": "probe.count", "title": "Probe", "summary": "Rows.", "unit": "count", "direction": "neutral"},
           {"id": "probe.amount", "title": "Amount", "summary": "Money.", "unit": "money", "direction": "neutral"}]

for line in sys.stdin:
    request = json.loads(line)
    if request["type"] == "describe":
        version = "2.0" if MODE == "wrong_version" else "1.7" if MODE == "newer_minor" else "1.0"
        answer = {"type": "describe", "protocol": version, "plugin": "probe", "metrics": METRICS,
                  "tables": {"organizations": ["org_id"]}}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        continue
    if request["type"] == "shutdown":
        if os.environ.get("STARTS"):
            with open(os.environ["STARTS"], "a") as handle:
                handle.write("shutdown %d\n" % os.getpid())
        if MODE == "linger":
            time.sleep(30)  # does not end when told to, nor when its input closes
        break
    print("computing request %d for %d organisations" % (request["request"], len(request["organizations"])),
          file=sys.stderr, flush=True)
    if MODE == "crash":
        print("Traceback: something broke inside the plugin", file=sys.stderr, flush=True)
        sys.exit(3)
    if MODE == "timeout":
        time.sleep(30)
    if MODE == "garbage":
        sys.stdout.write("this is not json\n")
        sys.stdout.flush()
        continue
    observations = []
    for org in request["organizations"]:
        for quarter in request["quarters"]:
            count = float("nan") if MODE == "nan" else 1
            observations.append({"metric": "probe.count", "org": org, "quarter": quarter, "value": count})
            amount = 12.5 if MODE == "wrong_unit" else "12.50"
            observations.append({"metric": "probe.amount", "org": org, "quarter": quarter, "value": amount})
            if MODE == "unknown_metric":
                observations.append({"metric": "probe.other", "org": org, "quarter": quarter, "value": 1})
    sys.stdout.write(json.dumps({"type": "observations", "request": request["request"],
                                 "observations": observations}) + "\n")
    sys.stdout.flush()
