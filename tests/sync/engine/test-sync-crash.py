#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash consistency of crrc-dashboard --sync.

A cache synchronised from version 1 of a feed ("before") is synchronised
from version 2 by the command line, which is killed with SIGKILL at a random
moment (deterministic seed). The cache must then pass `PRAGMA
integrity_check`, and each feed — its rows and its cursor — must be exactly
as before or exactly as after a complete sync, never in between: feeds
commit one by one.

Usage: test-sync-crash.py PATH/TO/crrc-dashboard PATH/TO/crrc-feed-server [TRIALS]
"""
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feedtest  # noqa: E402

APP = sys.argv[1]
SERVER = sys.argv[2]
TRIALS = int(sys.argv[3]) if len(sys.argv) > 3 else 24
# Many small pages: a sync takes long enough to be killed in the middle.
N = 600
PAGE_SIZE = 10
SEED = 20261128

tap = feedtest.Tap()


def copy_cache(source, destination):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(destination + suffix):
            os.remove(destination + suffix)
        if os.path.exists(source + suffix):
            shutil.copyfile(source + suffix, destination + suffix)


def state(path):
    """Per feed: its tables and its cursor."""
    dumps = feedtest.dump_feeds(path)
    cursors = feedtest.cursors(path)
    return {feed: (dumps[feed], cursors.get(feed)) for feed in feedtest.FEED_TABLES}


with tempfile.TemporaryDirectory() as tmp:
    feed = os.path.join(tmp, "feed")
    before = os.path.join(tmp, "before.db")
    after = os.path.join(tmp, "after.db")
    trial = os.path.join(tmp, "trial.db")
    feedtest.write_feed(feed, N)

    with feedtest.Server(SERVER, feed, "--page-size=%d" % PAGE_SIZE) as server:
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + before)
        tap.check("the cache before: version 1 synchronised", r.returncode == 0, r)

        feedtest.write_feed(feed, N, version=2)
        copy_cache(before, after)
        started = time.monotonic()
        r = feedtest.run(APP, "--sync=" + server.url, "--cache=" + after)
        duration = time.monotonic() - started
        tap.check("the cache after: version 2 synchronised (%.2f s)" % duration,
                  r.returncode == 0 and all(line.split(":")[1].strip().startswith("updated")
                                            for line in r.stdout.splitlines()[:-1]), r)

        state_before = state(before)
        state_after = state(after)
        others_before = [t for t in feedtest.dump_cache(before)
                         if not any(t[0] in tables for tables in feedtest.FEED_TABLES.values())]
        tap.check("every feed differs between before and after",
                  all(state_before[f] != state_after[f] for f in feedtest.FEED_TABLES))

        rng = random.Random(SEED)
        outcomes = {"before": 0, "after": 0, "mixed": 0}
        for i in range(TRIALS):
            copy_cache(before, trial)
            delay = rng.uniform(0.0, duration * 1.1)
            process = subprocess.Popen([APP, "--sync=" + server.url, "--cache=" + trial],
                                       env=feedtest.clean_env(), stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            process.kill()
            process.wait()

            db = sqlite3.connect(trial)
            try:
                integrity = db.execute("PRAGMA integrity_check").fetchall()
            finally:
                db.close()
            got = state(trial)
            sides = []
            for name in feedtest.FEED_TABLES:
                if got[name] == state_before[name]:
                    sides.append("before")
                elif got[name] == state_after[name]:
                    sides.append("after")
                else:
                    sides.append("neither")
            others = [t for t in feedtest.dump_cache(trial)
                      if not any(t[0] in tables for tables in feedtest.FEED_TABLES.values())]
            kind = sides[0] if len(set(sides)) == 1 else "mixed"
            if "neither" not in sides:
                outcomes[kind] += 1
            tap.check("trial %d, killed after %.3f s: integrity ok, each feed before or after (%s)"
                      % (i + 1, delay, " ".join(sides)),
                      integrity == [("ok",)] and "neither" not in sides and others == others_before,
                      detail="integrity: %r" % (integrity,))

        print("# outcomes: %r" % outcomes)

sys.exit(tap.done())
