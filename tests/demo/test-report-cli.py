#!/usr/bin/env python3
"""crrc-dashboard --report, run as a user would, with no display.

On an empty cache the first report loads the demonstration data through the
normal sync path; the figures are those of REFERENCE-FIGURES.md.

Usage: test-report-cli.py PATH/TO/crrc-dashboard
"""
import json
import os
import subprocess
import sys
import tempfile

APP = sys.argv[1]
failures = 0
count = 0

KEYS = [
    "year", "region", "sector", "incidents", "incidents_previous_year",
    "incidents_change_pct", "malicious_pct", "non_malicious_pct",
    "patient_care_impact_pct", "no_functioning_impact_pct", "support_requests",
    "support_requests_pct", "cert_supported_establishments", "severe_incidents",
    "ransomware_incidents", "audits", "audits_by_target", "audited_ght",
    "ght_majority_audited", "alerted_structures", "declaring_structures",
    "incidents_by_month", "incidents_by_type", "data_freshness",
]

EXPECTED_2023 = {
    "year": 2023, "region": None, "sector": None, "incidents": 581,
    "incidents_previous_year": 592, "incidents_change_pct": -1.9,
    "malicious_pct": 50, "patient_care_impact_pct": 35,
    "no_functioning_impact_pct": 53, "support_requests": 165,
    "support_requests_pct": 28, "cert_supported_establishments": 93,
    "severe_incidents": 17, "ransomware_incidents": 32, "audits": 529,
    "audits_by_target": {"centre_hospitalier": 432, "sanitaire_autre": 77,
                         "medico_social": 18, "grades": 2},
    "audited_ght": 105, "ght_majority_audited": 72, "alerted_structures": 451,
}


def run(*args):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "C"})
    result = subprocess.run([APP, *args], env=env, capture_output=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    result.stdout = result.stdout.decode("utf-8")
    result.stderr = result.stderr.decode("utf-8")
    return result


def check(name, condition, result):
    global failures, count
    count += 1
    if condition:
        print(f"ok {count} - {name}")
    else:
        failures += 1
        print(f"not ok {count} - {name}")
        print(f"# exit status {result.returncode}")
        for line in (result.stdout + result.stderr).splitlines():
            print(f"#   {line}")


def parse(result):
    try:
        return json.loads(result.stdout)
    except ValueError:
        return None


with tempfile.TemporaryDirectory() as tmp:
    cache = os.path.join(tmp, "crrc.db")

    r = run(f"--cache={cache}", "--report=2023", "--json")
    data = parse(r)
    check("--report=2023 --json on an empty cache loads the demo data and exits 0",
          r.returncode == 0 and data is not None and "demonstration" in r.stderr, r)
    check("the JSON has exactly the report's keys, in order",
          data is not None and list(data.keys()) == KEYS, r)
    check("the 2023 figures are the Observatory's",
          data is not None and all(data.get(k) == v for k, v in EXPECTED_2023.items()), r)
    check("incidents_by_month has 12 numbers adding up to the incidents",
          data is not None and len(data["incidents_by_month"]) == 12
          and sum(data["incidents_by_month"]) == 581, r)
    check("incidents_by_type adds up to the incidents",
          data is not None and sum(data["incidents_by_type"].values()) == 581
          and data["incidents_by_type"].get("ransomware") == 32, r)
    check("data_freshness is an ISO 8601 timestamp",
          data is not None and isinstance(data["data_freshness"], str)
          and data["data_freshness"].endswith("Z"), r)
    check("the demo feed's files are removed after the sync",
          not os.path.exists(os.path.join(tmp, "crrc-demo-feed")), r)

    r = run(f"--cache={cache}", "--report=2022", "--json")
    data = parse(r)
    check("a second report does not load the demo data again",
          r.returncode == 0 and r.stderr == "" and data is not None
          and data["incidents"] == 592 and data["malicious_pct"] == 50
          and data["no_functioning_impact_pct"] == 58
          and data["patient_care_impact_pct"] == 35
          and data["support_requests_pct"] == 29 and data["severe_incidents"] == 22, r)

    national = parse(run(f"--cache={cache}", "--report=2023", "--json"))
    total = 0
    for region in ["01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44",
                   "52", "53", "75", "76", "84", "93", "94"]:
        r = run(f"--cache={cache}", "--report=2023", f"--region={region}", "--json")
        d = parse(r)
        if r.returncode != 0 or d is None or d["region"] != region:
            total = None
            break
        total += d["incidents"]
    check("the 18 regions add up to the national incidents", total == 581, r)

    r1 = parse(run(f"--cache={cache}", "--report=2023", "--sector=sanitaire", "--json"))
    r2 = parse(run(f"--cache={cache}", "--report=2023", "--sector=medico_social", "--json"))
    check("--sector filters the report",
          r1 is not None and r2 is not None and r1["sector"] == "sanitaire"
          and 0 < r1["incidents"] < 581 and 0 < r2["incidents"] < 581
          and r1["audits_by_target"]["medico_social"] == 0, r)

    r = run(f"--cache={cache}", "--report=2023")
    check("the text form lists the figures",
          r.returncode == 0 and "Incidents declared: 581" in r.stdout
          and "change -1.9 %" in r.stdout and "Support requests: 165 (28 %)" in r.stdout
          and "Structures alerted: 451" in r.stdout, r)

    r = run(f"--cache={cache}", "--report=1800", "--json")
    d = parse(r)
    check("a year before the data has no percentages (null)",
          r.returncode == 2 or (r.returncode == 0 and d is not None and d["malicious_pct"] is None), r)

    r = run(f"--cache={cache}", "--report=2030", "--json")
    d = parse(r)
    check("a year without incidents gives nulls, not errors",
          r.returncode == 0 and d is not None and d["incidents"] == 0
          and d["malicious_pct"] is None and d["incidents_change_pct"] is None, r)

    for args, name in [(["--report=abc"], "a year that is not a number"),
                       (["--report="], "an empty year"),
                       (["--report=2023", "--region=99"], "an unknown region"),
                       (["--report=2023", "--sector=grades"], "a sector other than sanitaire/medico_social"),
                       (["--json"], "--json without --report"),
                       (["--report=2023", "--sync=file:///nonexistent/"], "--report with --sync")]:
        r = run(f"--cache={cache}", *args)
        check(f"{name} is a usage error (2)", r.returncode == 2 and r.stdout == "", r)

print(f"1..{count}")
sys.exit(1 if failures else 0)
