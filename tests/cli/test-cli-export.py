#!/usr/bin/env python3
"""crrc-dashboard --export and --slides, run as a user would, with no display.

The first export runs on an empty cache, which loads the demonstration data
(its latest year is 2024, with incidents up to May; the latest complete year is 2023).

Usage: test-cli-export.py PATH/TO/crrc-dashboard
"""
import csv
import io
import json
import math
import os
import re
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import xml.dom.minidom

APP = sys.argv[1]
REFERENTIAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "maturity",
                           "crrc-maturity-1.json")
failures = 0
count = 0

CHART_IDS = [
    "incidents-par-annee", "incidents-par-mois", "origine", "types-d-incidents",
    "impact-sur-le-fonctionnement", "declarants-par-secteur", "carte-des-departements",
    "audits-par-cible", "entonnoir-de-prevention",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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
            for line in (result.stdout + result.stderr).splitlines():
                print(f"#   {line}")


def png_size(path):
    """(width, height) from the IHDR chunk, or None when not a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != PNG_SIGNATURE or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def pdf_pages(path):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF-"):
        return -1
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def pdf_info(path, key):
    """A text entry of the PDF's document information (Title, Subject)."""
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"/" + key.encode() + rb"\s*(?:<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\))", data)
    if m is None:
        return None
    if m.group(1) is not None:
        raw = bytes.fromhex(m.group(1).decode().replace(" ", "").replace("\n", ""))
        return raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    return re.sub(rb"\\(.)", rb"\1", m.group(2)).decode("utf-8")


def svg_size(path):
    document = xml.dom.minidom.parse(path)
    root = document.documentElement
    number = lambda text: float(re.match(r"[0-9.]+", text).group(0))
    return root.tagName, number(root.getAttribute("width")), number(root.getAttribute("height"))


with tempfile.TemporaryDirectory() as tmp:
    cache = os.path.join(tmp, "crrc.db")
    out = os.path.join(tmp, "charts", "national")

    r = run(f"--cache={cache}", f"--export={out}")
    expected = [os.path.join(out, f"{chart}.png") for chart in CHART_IDS]
    check("--export on an empty cache loads the demo data and exits 0",
          r.returncode == 0 and "demonstration" in r.stderr, r)
    check("--export prints the nine files written, one per line, in the page's order",
          r.stdout.splitlines() == expected, r)
    check("--export creates the folder and writes exactly the nine files",
          os.path.isdir(out) and sorted(os.listdir(out)) == sorted(f"{c}.png" for c in CHART_IDS), r)
    sizes = {path: png_size(path) for path in expected if os.path.exists(path)}
    check("every file is a PNG of 1920x1080 by default",
          len(sizes) == 9 and all(size == (1920, 1080) for size in sizes.values()), r)
    check("every file is readable by its owner only (0600)",
          len(sizes) == 9 and all(mode(path) == 0o600 for path in expected), r)
    check("the charts are not blank: each PNG holds a drawing",
          len(sizes) == 9 and all(os.path.getsize(path) > 5000 for path in expected), r)

    r = run(f"--cache={cache}", f"--export={out}", "--year=2023", "--region=27")
    check("--export again replaces the files (exit 0, still 0600)",
          r.returncode == 0 and "demonstration" not in r.stderr and len(r.stdout.splitlines()) == 9
          and all(mode(path) == 0o600 for path in expected), r)

    small = os.path.join(tmp, "small")
    r = run(f"--cache={cache}", f"--export={small}", "--size=800x600")
    sizes = [png_size(os.path.join(small, f"{chart}.png")) for chart in CHART_IDS]
    check("--size=800x600 gives PNG files of 800x600",
          r.returncode == 0 and sizes == [(800, 600)] * 9, r)

    svg = os.path.join(tmp, "svg")
    r = run(f"--cache={cache}", f"--export={svg}", "--format=svg", "--size=800x600", "--year=2023")
    paths = [os.path.join(svg, f"{chart}.svg") for chart in CHART_IDS]
    parsed = []
    for path in paths:
        try:
            parsed.append(svg_size(path))
        except Exception as error:  # noqa: BLE001 - reported as a failure
            print(f"# {path}: {error}")
    check("--format=svg writes nine well-formed SVG documents of 800x600",
          r.returncode == 0 and r.stdout.splitlines() == paths
          and parsed == [("svg", 800.0, 600.0)] * 9, r)

    pdf = os.path.join(tmp, "pdf")
    r = run(f"--cache={cache}", f"--export={pdf}", "--format=PDF", "--year=2023")
    first = os.path.join(pdf, "incidents-par-annee.pdf")
    check("--format=PDF writes one-page PDF files named after the charts",
          r.returncode == 0
          and all(pdf_pages(os.path.join(pdf, f"{chart}.pdf")) == 1 for chart in CHART_IDS), r)
    check("the file incidents-par-annee.pdf holds the chart “Incidents by year”",
          os.path.exists(first) and pdf_info(first, "Title") == "Incidents by year", r)

    deck = os.path.join(tmp, "deck.pdf")
    r = run(f"--cache={cache}", f"--slides={deck}", "--year=2023", "--region=27")
    check("--slides writes a PDF deck of 10 pages (cover and nine charts) and prints it",
          r.returncode == 0 and r.stdout == deck + "\n" and pdf_pages(deck) == 10, r)
    check("the deck is readable by its owner only and states its scope",
          os.path.exists(deck) and mode(deck) == 0o600
          and pdf_info(deck, "Subject") == "Bourgogne-Franche-Comté — 2023", r)

    latest = os.path.join(tmp, "latest.pdf")
    r = run(f"--cache={cache}", f"--slides={latest}")
    check("without --year the deck covers the latest complete year (2023), nationally",
          r.returncode == 0 and pdf_pages(latest) == 10
          and pdf_info(latest, "Subject") == "All of France — 2023", r)

    both = os.path.join(tmp, "both")
    both_deck = os.path.join(tmp, "both.pdf")
    r = run(f"--cache={cache}", f"--export={both}", f"--slides={both_deck}", "--format=svg")
    check("--export and --slides together write both",
          r.returncode == 0 and len(r.stdout.splitlines()) == 10 and pdf_pages(both_deck) == 10
          and len(os.listdir(both)) == 9, r)

    unused = os.path.join(tmp, "unused")
    for args, needle, name in [
        (["--year=abc"], "abc", "a year that is not a number"),
        (["--year=1800"], "1800", "a year out of range"),
        (["--region=99"], "99", "an unknown region"),
        (["--size=800"], "--size expects WIDTHxHEIGHT, e.g. 1920x1080", "a size without a height"),
        (["--size=0x600"], "--size expects WIDTHxHEIGHT", "a size of zero"),
        (["--size=800x600x2"], "--size expects WIDTHxHEIGHT", "a size of three numbers"),
        (["--format=gif"], "gif", "an unknown format"),
        (["--sector=sanitaire"], "--sector", "--sector (it goes with --report)"),
        (["--report=2023"], "--report", "--report"),
    ]:
        r = run(f"--cache={cache}", f"--export={unused}", *args)
        check(f"--export with {name} is a usage error (2) naming the problem, and writes nothing",
              r.returncode == 2 and needle in r.stderr and r.stdout == ""
              and not os.path.exists(unused), r)

    for args, needle, name in [
        (["--export="], "--export", "--export with an empty folder"),
        (["--slides="], "--slides", "--slides with an empty file name"),
        (["--year=2023"], "--year", "--year without --export or --slides"),
        (["--format=svg"], "--format", "--format without --export"),
        ([f"--slides={os.path.join(tmp, 'x.pdf')}", "--size=800x600"], "--size", "--size with --slides only"),
    ]:
        r = run(f"--cache={cache}", *args)
        check(f"{name} is a usage error (2)", r.returncode == 2 and needle in r.stderr, r)

    # --export-csv=diagnostics: the scores of every diagnostic, computed here
    # again from the answers and the referential's JSON, independently of the
    # application's scoring code (MATURITY.md "Scoring").
    with open(REFERENTIAL, encoding="utf-8") as f:
        referential = json.load(f)
    domain_ids = [domain["id"] for domain in referential["domains"]]

    def half_up(value):
        return int(math.floor(value + 0.5 + 1e-9))

    def expected_scores(answers):
        means = []
        for domain in referential["domains"]:
            total = weights = 0.0
            for question in domain["questions"]:
                value = answers.get(question["id"], "unknown")
                if value in ("0", "1", "2", "3"):
                    total += int(value) * question["weight"]
                    weights += question["weight"]
            means.append(total / weights / 3 * 100 if weights > 0 else None)
        known = [m for m in means if m is not None]
        overall = half_up(sum(known) / len(known)) if known else None
        n_questions = sum(len(d["questions"]) for d in referential["domains"])
        answered = sum(1 for d in referential["domains"] for q in d["questions"]
                       if answers.get(q["id"], "unknown") != "unknown")
        band = (None if overall is None else "initial" if overall < 25 else "partial" if overall < 50
                else "managed" if overall < 75 else "optimised")
        return {"overall": "" if overall is None else str(overall), "band": band or "",
                "completeness": str(half_up(answered * 100 / n_questions)),
                **{d: "" if m is None else str(half_up(m)) for d, m in zip(domain_ids, means)}}

    # A validated local diagnostic, as the analyst's window writes it, and a
    # draft that must not be exported.
    db = sqlite3.connect(cache)
    db.execute("INSERT INTO local_diagnostics (id, finess, date, referential, status, created_at,"
               " updated_at, validated_at) VALUES ('LOCAL-DIAG-test', '270000276', '2024-06-01',"
               " 'crrc-maturity-1', 'validated', '2024-06-01T10:00:00Z', '2024-06-01T10:00:00Z',"
               " '2024-06-01T10:00:00Z')")
    db.execute("INSERT INTO local_diagnostics (id, finess, date, referential, status, created_at,"
               " updated_at) VALUES ('LOCAL-DIAG-draft', '270000276', '2024-06-02',"
               " 'crrc-maturity-1', 'draft', '2024-06-02T10:00:00Z', '2024-06-02T10:00:00Z')")
    for question, answer in [("governance.critical_activities", "3"), ("governance.mapping", "1"),
                             ("governance.gdpr_register", "na"), ("exposure.cert_audit", "unknown"),
                             ("exposure.internet_services", "2"), ("watch.cert_alerts", "0")]:
        db.execute("INSERT INTO local_diagnostic_answers VALUES ('LOCAL-DIAG-test', ?, ?)", (question, answer))
    db.execute("INSERT INTO local_diagnostic_answers VALUES ('LOCAL-DIAG-draft', 'watch.cert_alerts', '3')")
    db.commit()
    db.close()

    r = run(f"--cache={cache}", "--export-csv=diagnostics")
    rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
    header = r.stdout.split("\r\n", 1)[0].split(",")
    check("--export-csv=diagnostics keeps its columns and adds local, overall, band, completeness"
          " and one column per domain",
          r.returncode == 0 and header == ["id", "finess", "date", "referential", "answers", "campaign",
                                           "updated_at", "local", "overall", "band", "completeness",
                                           *domain_ids], r)
    synced = [row for row in rows if row["local"] == "false"]
    local = [row for row in rows if row["local"] == "true"]
    check("the synced diagnostics are listed, and the validated local one (not the draft)",
          len(synced) > 100 and [row["id"] for row in local] == ["LOCAL-DIAG-test"], r)

    def answers_of(row):
        return dict(pair.split("=", 1) for pair in row["answers"].split(";") if pair)

    first = synced[0] if synced else {}
    wanted = expected_scores(answers_of(first)) if first else None
    check(f"the scores of {first.get('id')} are those computed by hand from its answers",
          wanted is not None and all(first[key] == value for key, value in wanted.items())
          and first["overall"] != "", r)
    mismatched = [row["id"] for row in rows
                  if any(row[key] != value for key, value in expected_scores(answers_of(row)).items())]
    check("every diagnostic's scores match the independent computation", rows and not mismatched, r)
    if mismatched:
        print(f"# mismatched: {mismatched[:5]}")
    row = local[0] if local else {}
    check("the local diagnostic is scored, and a domain without an answer 0–3 is empty",
          row.get("governance") == "73" and row.get("exposure") == "67" and row.get("watch") == "0"
          and row.get("identities") == "" and row.get("overall") == "47" and row.get("band") == "partial"
          and row.get("completeness") == "11", r)

    blocker = os.path.join(tmp, "a-file")
    with open(blocker, "w", encoding="utf-8") as f:
        f.write("not a folder\n")
    r = run(f"--cache={cache}", f"--export={os.path.join(blocker, 'charts')}")
    check("an --export folder that cannot be created fails with exit status 1, naming it",
          r.returncode == 1 and os.path.join(blocker, "charts") in r.stderr and r.stdout == "", r)

    missing = os.path.join(tmp, "no-such-folder", "deck.pdf")
    r = run(f"--cache={cache}", f"--slides={missing}")
    check("--slides into a missing folder fails with exit status 1, naming the file",
          r.returncode == 1 and "deck.pdf" in r.stderr and not os.path.exists(missing), r)

print(f"1..{count}")
sys.exit(1 if failures else 0)
