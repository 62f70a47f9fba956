#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""crrc-dashboard --sync and --export-csv, run as a user would, with no
display, against the standalone reference server (crrc-feed-server).

Usage: test-sync-cli.py PATH/TO/crrc-dashboard PATH/TO/crrc-feed-server
"""
import csv
import io
import os
import pty
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feedtest  # noqa: E402

APP = sys.argv[1]
SERVER = sys.argv[2]
N = 30
tap = feedtest.Tap()


def lines(text):
    return text.splitlines()


with tempfile.TemporaryDirectory() as tmp:
    feed = os.path.join(tmp, "feed")
    cache = os.path.join(tmp, "crrc.db")
    feedtest.write_feed(feed, N)

    with feedtest.Server(SERVER, feed, "--page-size=7") as server:
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + cache)
        expected = ["%s: updated, %d records (%d added, 0 updated, 0 deleted, 0 rejected)" % (f, N, N)
                    for f in feedtest.FEED_TABLES] + \
                   ["4 feeds: 4 updated, 0 unchanged, 0 failed, 0 postponed, 0 discontinued."]
        tap.check("--sync=URL prints one line per feed and a summary, exits 0",
                  r.returncode == 0 and lines(r.stdout) == expected, r)
        tap.check("no progress on the standard error when it is not a terminal", r.stderr == "", r)

        r = feedtest.run(APP, "--sync", server.url, "--cache=" + cache)
        tap.check("--sync URL (separate argument) works too, and a second sync changes nothing",
                  r.returncode == 0 and "incidents: unchanged, %d records" % N in lines(r.stdout), r)

        # The export of feed records: one row per record, protocol names.
        r = feedtest.run(APP, "--cache=" + cache, "--export-csv=incidents")
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        tap.check("--export-csv=incidents: header of protocol names, one row per record",
                  r.returncode == 0 and rows[0] == [
                      "id", "finess", "declared_at", "origin", "type", "patient_care_impact",
                      "functioning_impact", "data_impact", "severity", "support_requested",
                      "cert_support", "summary", "updated_at"] and len(rows) == N + 1, r)
        first = dict(zip(rows[0], rows[1])) if len(rows) > 1 else {}
        inc1 = [dict(zip(rows[0], row)) for row in rows[1:] if row[0] == "INC-00001"]
        tap.check("--export-csv=incidents: booleans true/false, arrays ;-joined, quoting",
                  len(inc1) == 1 and inc1[0]["patient_care_impact"] == "true"
                  and inc1[0]["cert_support"] == "false"
                  and inc1[0]["data_impact"] == "confidentiality;availability"
                  and inc1[0]["summary"] == 'Incident 1, first, "quoted", café'
                  and r.stdout.startswith("id,finess,") and "\r\n" in r.stdout, r, detail=first)

        r = feedtest.run(APP, "--cache=" + cache, "--export-csv=audits")
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        aud = [row for row in rows if row and row[0] == "AUD-00002"]
        tap.check("--export-csv=audits: findings as service|product|cve|severity|resolved_on, ;-joined",
                  r.returncode == 0 and rows[0] == ["id", "finess", "date", "kind", "findings", "updated_at"]
                  and len(aud) == 1
                  and aud[0][4] == "rdp||CVE-2019-0708|high|;vpn|Gateway first||low|2024-03-01", r)

        r = feedtest.run(APP, "--cache=" + cache, "--export-csv=alerts")
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        tap.check("--export-csv=alerts",
                  r.returncode == 0 and rows[0] == ["id", "finess", "sent_at", "kind", "reference", "cve",
                                                    "acknowledged_at", "updated_at"] and len(rows) == N + 1, r)

        out = os.path.join(tmp, "diagnostics.csv")
        r = feedtest.run(APP, "--cache=" + cache, "--export-csv=diagnostics", "--output=" + out)
        with open(out, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        diag = [row for row in rows if row and row[0] == "DIAG-00001"]
        tap.check("--export-csv=diagnostics: answers as question=answer, sorted, ;-joined",
                  r.returncode == 0 and rows[0][:11] == ["id", "finess", "date", "referential", "answers",
                                                         "campaign", "updated_at", "local", "overall", "band",
                                                         "completeness"]
                  and len(diag) == 1 and diag[0][4] == "governance.mapping=1;identities.mfa=na", r)

        r = feedtest.run(APP, "--cache=" + cache, "--export-csv=establishments")
        tap.check("--export-csv=establishments is unchanged",
                  r.returncode == 0 and r.stdout == "finess,legal_finess,name,category,sector,department,"
                                                    "region,commune,ght,public,closed_on\r\n", r)

        # Progress goes to a terminal only.
        feedtest.write_feed(feed, N, version=2)
        controller, terminal = pty.openpty()
        process = subprocess.Popen([APP, "--sync=" + server.url, "--cache=" + cache],
                                   env=feedtest.clean_env(), stdout=subprocess.PIPE, stderr=terminal,
                                   stdin=subprocess.DEVNULL)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)
        stdout = process.stdout.read().decode("utf-8")
        process.stdout.close()
        r = subprocess.CompletedProcess(process.args, process.wait(timeout=60), stdout, "")
        tap.check("progress on the standard error when it is a terminal; deltas applied",
                  r.returncode == 0 and b"incidents: page 1, " in shown
                  and "incidents: updated, %d records (%d added, %d updated, 1 deleted, 0 rejected)"
                  % (N + N // 10, N // 10 + 1, N // 2) in lines(r.stdout), r, detail=shown[:300])

    # Failures, postponements: the exit status.
    feedtest.write_feed(feed, N)
    with feedtest.Server(SERVER, feed, "--fault=/audits*:status-404",
                         "--fault=/alerts*:status-503-retry-after") as server:
        failing = os.path.join(tmp, "failing.db")
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + failing)
        out = lines(r.stdout)
        tap.check("a failed feed: its line says why, the others are applied, exit 1",
                  r.returncode == 1 and "audits: failed: page 1 not found (404)" in out
                  and "incidents: updated, %d records (%d added, 0 updated, 0 deleted, 0 rejected)" % (N, N) in out
                  and any(line.startswith("alerts: postponed until ")
                          and line.endswith(": the server asked to retry later (503)") for line in out)
                  and out[-1] == "4 feeds: 2 updated, 0 unchanged, 1 failed, 1 postponed, 0 discontinued.", r)

    with feedtest.Server(SERVER, feed, "--fault=/alerts*:status-429", "--fault=/audits*:status-410") as server:
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + os.path.join(tmp, "postponed.db"))
        tap.check("postponed and discontinued feeds are not failures: exit 0",
                  r.returncode == 0 and "audits: discontinued: the publisher discontinued this feed (410)"
                  in lines(r.stdout), r)

    with feedtest.Server(SERVER, feed, "--fault=/audits*:bad-records") as server:
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + os.path.join(tmp, "rejects.db"))
        tap.check("rejected records: counted on the feed's line, listed on the standard error, exit 0",
                  r.returncode == 0
                  and "audits: updated, %d records (%d added, 0 updated, 0 deleted, 5 rejected)" % (N, N)
                  in lines(r.stdout)
                  and "crrc-dashboard: audits: record BAD-ENUM rejected, kind: " in r.stderr, r)

    with feedtest.Server(SERVER, feed, "--fault=/manifest.json:status-404") as server:
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + os.path.join(tmp, "nomanifest.db"))
        tap.check("a manifest that cannot be read: a message, exit 1",
                  r.returncode == 1 and r.stdout == "" and "manifest" in r.stderr
                  and "404" in r.stderr, r)

    # A sync cancelled by SIGTERM while a feed drips: nothing of it stays.
    with feedtest.Server(SERVER, feed, "--fault=/alerts*:slow-drip", "--drip-interval=50",
                         quiet=False) as server:
        cancelled = os.path.join(tmp, "cancelled.db")
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + cancelled,
                         "--export-csv=alerts")
        tap.check("--sync with --export-csv is a usage error (2)", r.returncode == 2, r)
        process = subprocess.Popen([APP, "--sync=" + server.url, "--cache=" + cancelled],
                                   env=feedtest.clean_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        # Once the third feed drips, the first two are committed.
        waited = server.wait_for_request("/alerts.json")
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
        r = subprocess.CompletedProcess(process.args, process.returncode,
                                        stdout.decode("utf-8"), stderr.decode("utf-8"))
        dump = feedtest.dump_feeds(cancelled) if os.path.exists(cancelled) else {}
        tap.check("SIGTERM cancels: the feed being read is left as it was, exit 1",
                  waited and r.returncode == 1 and "alerts: failed: cancelled" in lines(r.stdout)
                  and dump.get("alerts") == [("alerts", [])]
                  and len(dump.get("incidents", [("", [])])[0][1]) == N, r)

    # Usage and configuration errors: 2, before anything is written or sent.
    schema_env = feedtest.clean_env(GSETTINGS_BACKEND="memory")
    r = feedtest.run(APP, "--sync", "--cache=" + os.path.join(tmp, "none.db"), env=schema_env)
    tap.check("--sync with no feed configured: exit 2 with a message",
              r.returncode == 2 and "No feed address is configured" in r.stderr
              and not os.path.exists(os.path.join(tmp, "none.db")), r)

    r = feedtest.run(APP, "--sync=http://192.0.2.1/feed/", "--cache=" + os.path.join(tmp, "none.db"))
    tap.check("--sync=http://… to another computer is refused before any connection: exit 2",
              r.returncode == 2 and "plain http://" in r.stderr
              and not os.path.exists(os.path.join(tmp, "none.db")), r)

    r = feedtest.run(APP, "--sync=", "--cache=" + os.path.join(tmp, "none.db"))
    tap.check("--sync= with an empty address: exit 2", r.returncode == 2 and "--sync" in r.stderr, r)

    r = feedtest.run(APP, "--sync=ftp://127.0.0.1/feed/", "--cache=" + os.path.join(tmp, "none.db"))
    tap.check("--sync= with an unsupported scheme: exit 2", r.returncode == 2, r)

    r = feedtest.run(APP, "--help")
    tap.check("--help lists --sync=URL", r.returncode == 0 and "--sync=URL" in r.stdout, r)

    # The configured address (GSettings feed-url), from a key file.
    config = os.path.join(tmp, "config")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"))
    with feedtest.Server(SERVER, feed) as server:
        with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w", encoding="utf-8") as f:
            f.write("[fr/crrc/Dashboard]\nfeed-url='%s'\n" % server.url)
        env = feedtest.clean_env(GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=config)
        r = feedtest.run(APP, "--sync", "--cache=" + os.path.join(tmp, "configured.db"), env=env)
        tap.check("--sync uses the configured feed-url",
                  r.returncode == 0 and lines(r.stdout)[-1].startswith("4 feeds: 4 updated"), r)

sys.exit(tap.done())
