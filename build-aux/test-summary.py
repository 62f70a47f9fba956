#!/usr/bin/env python3
"""Prints one plain closing line, 'N passed, N failed, N skipped', for a
meson test run, from the JSON log meson writes in the build directory."""
import json
import sys

counts = {"passed": 0, "failed": 0, "skipped": 0}
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1

label = sys.argv[2] + ": " if len(sys.argv) > 2 else ""
print(f"{label}{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
