#!/usr/bin/env python3
"""Opens a report's HTML in headless Chromium, prints it to PDF and takes a PNG screenshot, and fails on
a blank page, a console error or any attempt to fetch something from the network.

    check_html.py REPORT.html [OUT_DIR]      check one report (exit 0 = fine)
    check_html.py --self-test                 show that the check catches a page that fetches, logs an
                                              error or is blank

Every host name resolves to nothing while the page loads, so a fetch fails loudly and shows up as a
console error. Uses only the standard library; Chromium comes from Debian's `chromium` package.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


def browser():
    configured = os.environ.get("IMPACT_CHROMIUM")
    if configured:
        return configured
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


# The browser's own background requests (updates, accounts, dictionaries), never the page's.
BROWSER_HOSTS = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com", "chromium.org", "googleusercontent.com")


def run_chromium(html_path, out_dir, action):
    """Runs Chromium once; returns (result, URLs the page asked for over the network)."""
    profile = tempfile.mkdtemp(prefix="impact-chromium-")
    net_log = os.path.join(profile, "net-log.json")
    args = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
            "--log-net-log=" + net_log, "--user-data-dir=" + profile, "--window-size=1200,2400"] + action + [
            "file://" + os.path.abspath(html_path)]
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=120)
        fetched = []
        if os.path.exists(net_log):
            with open(net_log, errors="replace") as handle:
                for url in sorted(set(re.findall(r'"url":"([^"]*)"', handle.read()))):
                    host = re.sub(r"^[a-z]+://([^/:]*).*$", r"\1", url)
                    if not url.startswith(("file:", "data:", "chrome")) and not host.endswith(BROWSER_HOSTS):
                        fetched.append(url)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return result, fetched


def console_problems(stderr):
    problems = []
    for line in stderr.splitlines():
        if "CONSOLE" in line or "net::ERR" in line or "Failed to load resource" in line or "Uncaught" in line:
            problems.append(line.strip())
    return problems


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) into rows of pixels."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, idat, width, height, channels = 8, b"", 0, 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0 or color not in (2, 6):
                raise ValueError("unsupported PNG layout")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def blank(path):
    width, height, channels, rows = png_pixels(path)
    background = rows[0][:3]
    differing = 0
    colours = set()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if pixel != background:
                differing += 1
    sampled = (height // 4 + 1) * (width // 4 + 1)
    return differing < sampled * 0.005 or len(colours) < 8


def check(html_path, out_dir):
    if browser() is None:
        print("check_html: no Chromium found; install it with 'apt-get install chromium'")
        return 2
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.splitext(os.path.basename(html_path))[0]
    pdf = os.path.join(out_dir, base + ".pdf")
    png = os.path.join(out_dir, base + ".png")
    failures = []
    printed, fetched = run_chromium(html_path, out_dir, ["--no-pdf-header-footer", "--print-to-pdf=" + pdf])
    failures += console_problems(printed.stderr)
    failures += ["the page fetched " + url for url in fetched]
    if printed.returncode != 0 or not os.path.exists(pdf):
        failures.append("printing to PDF failed (exit %d)" % printed.returncode)
    else:
        with open(pdf, "rb") as handle:
            content = handle.read()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", content))
        if not content.startswith(b"%PDF") or pages < 1:
            failures.append("the PDF has no pages")
        print("check_html: %s: PDF of %d page(s), %d bytes" % (html_path, pages, len(content)))
    shot, _ = run_chromium(html_path, out_dir, ["--screenshot=" + png])
    failures += console_problems(shot.stderr)
    if shot.returncode != 0 or not os.path.exists(png):
        failures.append("the screenshot failed (exit %d)" % shot.returncode)
    elif blank(png):
        failures.append("the page is blank")
    else:
        print("check_html: %s: screenshot %s is not blank" % (html_path, png))
    for failure in failures:
        print("check_html: FAIL: " + failure)
    return 1 if failures else 0


def self_test():
    folder = tempfile.mkdtemp(prefix="impact-check-")
    cases = {
        "fetch": '<!DOCTYPE html><html><body><h1>Report</h1><img src="http://cdn.example.com/x.png"><p>%s</p></body></html>'
                 % ("text " * 400),
        "console": '<!DOCTYPE html><html><body><h1>Report</h1><script>console.error("boom")</script><p>%s</p></body></html>'
                   % ("text " * 400),
        "blank": '<!DOCTYPE html><html><body></body></html>',
    }
    wrong = []
    for name, html in cases.items():
        path = os.path.join(folder, name + ".html")
        with open(path, "w") as handle:
            handle.write(html)
        if check(path, folder) == 0:
            wrong.append(name)
    shutil.rmtree(folder, ignore_errors=True)
    if wrong:
        print("check_html: the self-test passed pages it should fail: " + ", ".join(wrong))
        return 1
    print("check_html: self-test caught a network fetch, a console error and a blank page")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(64)
    sys.exit(check(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="impact-shots-")))
