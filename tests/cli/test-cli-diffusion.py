#!/usr/bin/env python3
"""crrc-dashboard --diffusion: exports for presentations outside the centre.

With --diffusion, --export (SVG: the chart's <desc> is its description, the
text a screen reader reads), --export-csv and --report carry no FINESS number
and no establishment name from the cache, and no count from 1 to 4 (written
"< 5"); the same exports without --diffusion do (so the checks can fail).
Runs on the demonstration data, loaded into an empty cache.

Usage: test-cli-diffusion.py PATH/TO/crrc-dashboard
"""
import csv
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tempfile
import xml.dom.minidom

APP = sys.argv[1]
TABLES = ["establishments", "incidents", "audits", "alerts", "diagnostics"]
CHART_IDS = [
    "incidents-par-annee", "incidents-par-mois", "origine", "types-d-incidents",
    "impact-sur-le-fonctionnement", "declarants-par-secteur", "carte-des-departements",
    "audits-par-cible", "entonnoir-de-prevention",
]
SMALL = re.compile("<[\u00a0\u202f ]5")
failures = 0
count = 0


def run(*args):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "C"})
    result = subprocess.run([APP, *args], env=env, capture_output=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    result.stdout = result.stdout.decode("utf-8")
    result.stderr = result.stderr.decode("utf-8")
    return result


def check(name, condition, result=None):
    global failures, count
    count += 1
    if condition:
        print(f"ok {count} - {name}")
    else:
        failures += 1
        print(f"not ok {count} - {name}")
        if result is not None:
            print(f"# exit status {result.returncode}")
            for line in (result.stdout + result.stderr).splitlines()[:20]:
                print(f"#   {line}")


def svg_descriptions(folder):
    """{chart id: the text of its <desc>}"""
    out = {}
    for chart in CHART_IDS:
        path = os.path.join(folder, f"{chart}.svg")
        if not os.path.exists(path):
            continue
        document = xml.dom.minidom.parse(path)
        descs = document.getElementsByTagName("desc")
        out[chart] = "".join(node.data for node in descs[0].childNodes) if descs else ""
    return out


def small_items(description):
    """The items of a description whose value is a count from 1 to 4."""
    return re.findall(r"[^;:]+: [1-4](?=;|\.|$)", description)


def identifiers_in(text, finess, names):
    found = set(re.findall(r"(?<![0-9])[0-9A-B]{9}(?![0-9])", text)) & finess
    found |= {name for name in names if name in text}
    return found


with tempfile.TemporaryDirectory() as tmp:
    cache = os.path.join(tmp, "crrc.db")

    plain_dir = os.path.join(tmp, "plain")
    r = run(f"--cache={cache}", f"--export={plain_dir}", "--format=svg", "--size=800x600", "--year=2023")
    check("--export without --diffusion on an empty cache loads the demo data (exit 0)", r.returncode == 0, r)
    plain = svg_descriptions(plain_dir)
    check("every SVG carries the chart's description as <desc>",
          len(plain) == 9 and all(plain[c] for c in CHART_IDS))
    check("without --diffusion the map lists departments with 1 to 4 incidents",
          len(small_items(plain.get("carte-des-departements", ""))) > 0)

    db = sqlite3.connect(cache)
    finess = set()
    names = set()
    for row in db.execute("SELECT finess, legal_finess, name FROM establishments"):
        finess.update(v for v in row[:2] if v)
        # Short names ("CH") would match anything.
        if row[2] and len(row[2]) >= 12:
            names.add(row[2])
    db.close()
    check("the cache holds the demo establishments", len(finess) > 1000 and len(names) > 1000)

    diffusion_dir = os.path.join(tmp, "diffusion")
    r = run(f"--cache={cache}", f"--export={diffusion_dir}", "--format=svg", "--size=800x600", "--year=2023",
            "--diffusion")
    check("--export --diffusion exits 0 and writes the nine charts",
          r.returncode == 0 and len(r.stdout.splitlines()) == 9, r)
    diffused = svg_descriptions(diffusion_dir)
    check("--diffusion: every chart has its description", len(diffused) == 9)
    leaks = {chart: small_items(text) for chart, text in diffused.items() if small_items(text)}
    check(f"--diffusion: no chart gives a count from 1 to 4 ({leaks})", not leaks)
    check("--diffusion: the map says “< 5” for its small departments",
          SMALL.search(diffused.get("carte-des-departements", "")) is not None)
    check("--diffusion: no FINESS number or establishment name in any SVG",
          all(not identifiers_in(open(os.path.join(diffusion_dir, f"{c}.svg"), encoding="utf-8").read(),
                                 finess, names) for c in CHART_IDS))
    check("--diffusion: the exported files are private (0600)",
          all(stat.S_IMODE(os.stat(os.path.join(diffusion_dir, f"{c}.svg")).st_mode) == 0o600 for c in CHART_IDS))

    deck = os.path.join(tmp, "deck.pdf")
    r = run(f"--cache={cache}", f"--slides={deck}", "--year=2023", "--diffusion")
    check("--slides --diffusion exits 0 and writes a PDF",
          r.returncode == 0 and open(deck, "rb").read(5) == b"%PDF-", r)

    for table in TABLES:
        plain_csv = os.path.join(tmp, f"{table}-plain.csv")
        path = os.path.join(tmp, f"{table}.csv")
        r1 = run(f"--cache={cache}", f"--export-csv={table}", f"--output={plain_csv}")
        r = run(f"--cache={cache}", f"--export-csv={table}", f"--output={path}", "--diffusion")
        check(f"--export-csv={table} --diffusion exits 0", r.returncode == 0 and r1.returncode == 0, r)
        with open(plain_csv, encoding="utf-8") as f:
            plain_text = f.read()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rows = list(csv.reader(io.StringIO(text)))
        plain_rows = list(csv.reader(io.StringIO(plain_text)))
        check(f"--export-csv={table}: without --diffusion the FINESS numbers are there",
              "finess" in plain_rows[0] and identifiers_in(plain_text, finess, set()))
        check(f"--export-csv={table} --diffusion: no identifying column ({rows[0]})",
              not {"finess", "legal_finess", "name", "commune", "id", "summary"} & set(rows[0]))
        check(f"--export-csv={table} --diffusion: every record is there",
              len(rows) == len(plain_rows) and len(rows) > 1)
        check(f"--export-csv={table} --diffusion: no FINESS number or name of the cache",
              not identifiers_in(text, finess, names))
        check(f"--export-csv={table} --diffusion: the file is private (0600) and no temporary file is left",
              stat.S_IMODE(os.stat(path).st_mode) == 0o600
              and not [n for n in os.listdir(tmp) if n.endswith(".tmp")])

    def small_counts(node, path=""):
        """JSON members holding an integer from 1 to 4 (the year aside)."""
        found = []
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "year":
                    found += small_counts(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                found += small_counts(value, f"{path}[{i}]")
        elif isinstance(node, int) and not isinstance(node, bool) and 1 <= node <= 4:
            found.append(path)
        return found

    r1 = run(f"--cache={cache}", "--report=2023", "--region=27", "--json")
    r = run(f"--cache={cache}", "--report=2023", "--region=27", "--json", "--diffusion")
    check("--report --json --diffusion exits 0", r.returncode == 0 and r1.returncode == 0, r)
    try:
        plain_report = json.loads(r1.stdout)
        report = json.loads(r.stdout)
    except json.JSONDecodeError:
        plain_report, report = {}, {}
    check("--report --json without --diffusion has counts from 1 to 4", small_counts(plain_report))
    check(f"--report --json --diffusion: no count from 1 to 4 ({small_counts(report)})",
          report and not small_counts(report))
    check("--report --json --diffusion: suppressed figures are null, and it says why",
          report.get("suppressed_below") == 5 and None in report.get("incidents_by_month", []))
    check("--report --json --diffusion: the figures that are not small stay",
          report.get("incidents") == plain_report.get("incidents")
          and report.get("alerted_structures") == plain_report.get("alerted_structures"))

    r = run(f"--cache={cache}", "--report=2023", "--region=27", "--diffusion")
    values = []
    for line in r.stdout.splitlines():
        if line.startswith(("Report", "Data as of", "Previous year")):
            continue
        values += re.findall(r"(?<![\d.,])(\d+)(?!\d|[.,]\d| ?%)", line)
    check("--report --diffusion: no count from 1 to 4 in the text, “< 5” instead",
          r.returncode == 0 and not [v for v in values if 1 <= int(v) <= 4] and SMALL.search(r.stdout), r)
    check("--report --diffusion: the text says counts below 5 are suppressed",
          "Counts below 5 are suppressed" in r.stdout, r)

    for args, name in [
        (["--diffusion"], "--diffusion alone"),
        (["--diffusion", f"--import={os.path.join(tmp, 'x.csv')}"], "--diffusion with --import"),
    ]:
        r = run(f"--cache={cache}", *args)
        check(f"{name} is a usage error (2) naming --diffusion",
              r.returncode == 2 and "--diffusion" in r.stderr, r)

    r = run("--help-all")
    check("--help-all describes --diffusion", "--diffusion" in r.stdout, r)

print(f"1..{count}")
sys.exit(1 if failures else 0)
