"""One SMB report against `impact --version`, for the start-up target: SMB report <= 2 x --version.

    startup.py RUNS IMPACT WORKSPACE OUT

Runs `impact --version` and the SMB report (md + html + json, fixed generation time) RUNS times each,
interleaved so that both see the same state of the machine, and prints the medians in milliseconds and
their ratio. Each process is timed alone, from its start to its exit as its parent sees them
(`time.perf_counter` around `subprocess.run`): a wrapper such as /usr/bin/time would add its own start-up
to both and flatter the ratio.
"""
import statistics
import subprocess
import sys
import time


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main():
    runs, impact, workspace, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    version = [impact, "--version"]
    report = [impact, "report", workspace, "--org", "fjordbyte", "--format", "md,html,json", "--out", out,
              "--generated-at", "2026-10-01T00:00:00Z"]
    timed(version)  # the binary's pages in the page cache before either is timed
    timed(report)
    versions, reports = [], []
    for _ in range(runs):
        versions.append(timed(version))
        reports.append(timed(report))
    v, r = statistics.median(versions), statistics.median(reports)
    print(f"impact --version {v:.2f} ms, SMB report {r:.2f} ms (medians of {runs}, interleaved): "
          f"{r / v:.2f} x (target <= 2)")


if __name__ == "__main__":
    main()
