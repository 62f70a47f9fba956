# limits_common.py: shared helpers of the resource-limit tests
#
# The cache is compared with SQLite itself (Python's sqlite3 module, read
# only once the program under test has exited): row counts of every table,
# a checksum of the contents of a few, the integrity and foreign key checks.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import importlib.util
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time

failures = 0
n_tests = 0


def ok(name, condition, detail=""):
    global failures, n_tests
    n_tests += 1
    if condition:
        print(f"ok {n_tests} - {name}", flush=True)
    else:
        failures += 1
        print(f"not ok {n_tests} - {name}", flush=True)
        for line in str(detail).splitlines():
            print(f"#   {line}", flush=True)
    return condition


def finish():
    print(f"1..{n_tests}", flush=True)
    sys.exit(1 if failures else 0)


def app_env(lang="C.UTF-8", language="C", extra=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"LANG": lang, "LC_ALL": lang, "LANGUAGE": language,
                "GSETTINGS_BACKEND": "memory"})
    if extra:
        env.update(extra)
    return env


def load_generator(path):
    spec = importlib.util.spec_from_file_location("generate_etalab", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate_extract(generator, path, n):
    scratch = path + ".structures"
    subprocess.run([sys.executable, generator, path, scratch, str(n)], check=True,
                   stdout=subprocess.DEVNULL)
    os.unlink(scratch)


def write_feed(directory, generator_module, n, first=0, updated_at="2024-06-01T08:00:00Z"):
    """A feed directory for the reference server: one `establishments` feed
    of @n records (FINESS numbers first..first+n), not a snapshot."""
    os.makedirs(directory, exist_ok=True)
    departments = ["21", "25", "39", "58", "70", "71", "89", "90"]
    items = []
    for i in range(first, first + n):
        department = departments[i % len(departments)]
        number = generator_module.finess(department, 10000 + i)
        items.append({
            "id": number, "finess": number, "legal_finess": None,
            "name": f"Établissement de test {i} — une raison sociale assez longue pour peser",
            "category": "500", "category_label": "EHPAD", "sector": "medico_social",
            "department": department, "region": "27", "commune": department + "231",
            "ght": None, "ght_role": None, "public": i % 3 == 0,
            "lat": 47.0 + (i % 1000) / 1000.0, "lon": 5.0 + (i % 700) / 1000.0,
            "closed_on": None, "updated_at": updated_at,
        })
    with open(os.path.join(directory, "establishments.records.json"), "w", encoding="utf-8") as f:
        json.dump({"snapshot": False, "items": items}, f, ensure_ascii=False)
    with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"format": "crrc-feed", "version": 1, "publisher": "Test",
                   "generated_at": "2024-06-01T08:00:00Z",
                   "feeds": [{"name": "establishments", "href": "establishments.json"}]}, f)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FeedServer:
    def __init__(self, binary, directory, port, page_size=1000):
        self.process = subprocess.Popen(
            [binary, f"--dir={directory}", f"--port={port}", f"--page-size={page_size}", "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().strip()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()


def connect(cache):
    return sqlite3.connect(cache, timeout=10)


def tables(con):
    return [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def checksum(con, table, columns="*"):
    rows = sorted(repr(r) for r in con.execute(f"SELECT {columns} FROM {table}"))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


CURSOR_COLUMNS = "source, feed, url, etag, last_modified, cursor, last_success_at"


def snapshot(cache, skip=()):
    """Counts of every table but @skip, checksums of the establishments,
    the import runs and the sync cursors."""
    con = connect(cache)
    try:
        state = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in tables(con) if t not in skip}
        state["#establishments"] = checksum(con, "establishments")
        state["#import_runs"] = checksum(con, "import_runs")
        state["#cursors"] = checksum(con, "feed_state", CURSOR_COLUMNS)
        return state
    finally:
        con.close()


def cursors(cache):
    con = connect(cache)
    try:
        return sorted(con.execute(f"SELECT {CURSOR_COLUMNS} FROM feed_state").fetchall())
    finally:
        con.close()


def count(cache, table):
    con = connect(cache)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def checks(cache):
    """(integrity_check result, foreign_key_check rows)"""
    con = connect(cache)
    try:
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        foreign = con.execute("PRAGMA foreign_key_check").fetchall()
        return integrity, foreign
    finally:
        con.close()


def diff(a, b):
    keys = sorted(set(a) | set(b))
    return "\n".join(f"{k}: {a.get(k)} != {b.get(k)}" for k in keys if a.get(k) != b.get(k))


def wait_for(predicate, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.005)
    return False
