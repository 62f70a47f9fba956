# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the command-line sync tests: feed directories, the reference
server as a subprocess, crrc-dashboard runs and cache dumps."""
import json
import os
import signal
import sqlite3
import subprocess
import time

# The tables of each feed the tests write, for per-feed dumps.
FEED_TABLES = {
    "incidents": ["incidents"],
    "audits": ["audits", "audit_findings"],
    "alerts": ["alerts"],
    "diagnostics": ["diagnostics", "diagnostic_answers"],
}
HREFS = {
    "incidents": "incidents.json",
    "audits": "audits/page-1.json",
    "alerts": "alerts.json",
    "diagnostics": "diagnostics.json",
}
BOOKKEEPING = {"feed_state", "sync_runs", "sync_rejects"}


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def finess(n):
    """A valid FINESS number of the Côte-d'Or."""
    stem = "21%06d" % (n % 1000000)
    for key in range(10):
        if luhn_ok(stem + str(key)):
            return stem + str(key)
    raise AssertionError("no key")


def record(feed, i, version):
    """Version 2 changes the even records and those past the first set."""
    changed = version >= 2 and i % 2 == 0
    updated_at = "2024-06-01T08:00:00Z" if changed else "2024-05-01T08:00:00Z"
    if version >= 2 and i > 1000:
        updated_at = "2024-06-02T08:00:00Z"
    note = "revised" if changed else "first"
    f = finess(1000 + i)
    if feed == "incidents":
        return {"id": "INC-%05d" % i, "finess": f, "declared_at": "2024-03-%02dT08:00:00Z" % (1 + i % 28),
                "origin": "malicious", "type": "ransomware", "patient_care_impact": i % 2 == 1,
                "functioning_impact": "degraded", "data_impact": ["confidentiality", "availability"],
                "severity": "extreme" if changed else "medium", "support_requested": True,
                "cert_support": False, "summary": "Incident %d, %s, \"quoted\", café" % (i, note),
                "updated_at": updated_at}
    if feed == "audits":
        return {"id": "AUD-%05d" % i, "finess": f, "date": "2024-02-%02d" % (1 + i % 28), "kind": "exposure",
                "findings": [{"service": "rdp", "severity": "high", "cve": "CVE-2019-0708"},
                             {"service": "vpn", "product": "Gateway " + note,
                              "severity": "critical" if changed else "low", "resolved_on": "2024-03-01"}],
                "updated_at": updated_at}
    if feed == "alerts":
        return {"id": "ALR-%05d" % i, "finess": f, "sent_at": "2024-04-%02dT10:00:00Z" % (1 + i % 28),
                "kind": "compromise" if changed else "vulnerability", "reference": "CERTFR-2024-ALE-%03d" % i,
                "cve": "CVE-2024-3400", "updated_at": updated_at}
    if feed == "diagnostics":
        return {"id": "DIAG-%05d" % i, "finess": f, "date": "2024-01-%02d" % (1 + i % 28),
                "referential": "crrc-maturity-1",
                "answers": {"governance.mapping": 3 if changed else 1, "identities.mfa": "na"},
                "updated_at": updated_at}
    raise AssertionError(feed)


def write_feed(directory, n_records, version=1, feeds=FEED_TABLES):
    """manifest.json and <feed>.records.json; version 2 also adds records
    past n_records and deletes record 3."""
    os.makedirs(directory, exist_ok=True)
    manifest = {"format": "crrc-feed", "version": 1, "publisher": "Tests",
                "feeds": [{"name": name, "href": HREFS[name]} for name in feeds]}
    with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f)
    for name in feeds:
        items = [record(name, i, version) for i in range(1, n_records + 1)
                 if version < 2 or i != 3]
        doc = {"snapshot": False, "items": items}
        if version >= 2:
            items += [record(name, 1000 + i, version) for i in range(1, n_records // 10 + 2)]
            doc["deleted"] = [record(name, 3, version)["id"]]
        with open(os.path.join(directory, name + ".records.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)


class Server:
    """The standalone reference server, on an ephemeral port."""

    def __init__(self, program, directory, *args, quiet=True):
        self.process = subprocess.Popen([program, "--dir=" + directory, "--port=0",
                                         *(["--quiet"] if quiet else []), *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        stdin=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.process.kill()
            raise RuntimeError("the feed server did not start: " + self.process.stderr.read())

    def wait_for_request(self, path, timeout=60):
        """With quiet=False: reads the server's log until a request for @path."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            if path in line:
                return True
        return False

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def clean_env(**extra):
    """No display, no session bus, the C locale; @extra on top."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "C"})
    env.update(extra)
    return env


def run(app, *args, env=None, timeout=120, stderr=subprocess.PIPE):
    result = subprocess.run([app, *args], env=env or clean_env(), stdout=subprocess.PIPE, stderr=stderr,
                            stdin=subprocess.DEVNULL, timeout=timeout)
    result.stdout = result.stdout.decode("utf-8")
    result.stderr = result.stderr.decode("utf-8") if result.stderr is not None else ""
    return result


def dump_tables(path, tables):
    db = sqlite3.connect(path)
    try:
        out = []
        for table in tables:
            rows = db.execute('SELECT * FROM "%s"' % table).fetchall()
            out.append((table, sorted(repr(r) for r in rows)))
        return out
    finally:
        db.close()


def dump_feeds(path):
    return {feed: dump_tables(path, tables) for feed, tables in FEED_TABLES.items()}


def dump_cache(path):
    """Every table but the bookkeeping of syncs."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    finally:
        db.close()
    return dump_tables(path, [t for t in tables if t not in BOOKKEEPING])


def cursors(path):
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT feed, cursor FROM feed_state"))
    finally:
        db.close()


class Tap:
    def __init__(self):
        self.count = 0
        self.failures = 0

    def check(self, name, condition, result=None, detail=None):
        self.count += 1
        if condition:
            print("ok %d - %s" % (self.count, name))
        else:
            self.failures += 1
            print("not ok %d - %s" % (self.count, name))
            if result is not None:
                print("# exit status %s" % result.returncode)
                for line in (result.stdout + result.stderr).splitlines():
                    print("#   " + line)
            if detail is not None:
                for line in str(detail).splitlines():
                    print("#   " + line)
        return condition

    def done(self):
        print("1..%d" % self.count)
        return 1 if self.failures else 0
