#!/usr/bin/env python3
"""SIGTERM, SIGINT and SIGKILL during writes leave the cache consistent.

Usage: test-interrupt.py CRRC-DASHBOARD GENERATE-ETALAB.PY CRRC-FEED-SERVER

An import of a large FINESS extract, a sync of a large feed from the
reference feed server and an `--export-csv --output` are started, then
interrupted at random moments once they write (the seed is printed; set
CRRC_LIMITS_SEED to replay a run). SIGTERM and SIGINT must make the program
roll back and exit 1 with a message (or 0 when it had finished); SIGKILL
relies on SQLite's write-ahead log. Either way the cache must pass SQLite's
checks and hold either exactly what it held before or exactly what a
complete run gives — never half of it — with sync cursors that match the
data. An interrupted export leaves the previous file at the destination and
no partial one beside it (a killed one at most a hidden temporary file).
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limits_common as lc  # noqa: E402

APP, GENERATOR, FEED_SERVER = sys.argv[1:4]
N_SEED = 300
N_BIG = 6000
N_FEED = 2500

seed = int(os.environ.get("CRRC_LIMITS_SEED", str(int(time.time()))))
rng = random.Random(seed)


def state(cache):
    """What must be all before or all after: counts of every table (the
    sync's own log aside) and the establishments' contents."""
    s = lc.snapshot(cache, skip=("sync_runs",))
    del s["#import_runs"], s["#cursors"]
    con = lc.connect(cache)
    try:
        s["cursors"] = sorted(con.execute("SELECT feed, cursor, etag FROM feed_state"))
    finally:
        con.close()
    return s


def start(*args):
    return subprocess.Popen([APP, *args], env=lc.app_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def timed(*args):
    begin = time.monotonic()
    r = subprocess.run([APP, *args], env=lc.app_env(), capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=120)
    return r, time.monotonic() - begin


def interrupt(process, cache, duration, sig):
    """Waits until @process has opened the cache (its write-ahead log
    exists: the program handles signals by then), then a random part of
    @duration, then sends @sig. Returns (exit status, stderr, delay)."""
    lc.wait_for(lambda: process.poll() is not None or os.path.exists(cache + "-wal"), 60)
    delay = rng.uniform(0, duration * 0.8)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    return process.returncode, err, delay


def check_trial(what, sig, rc, err, cache, before, after):
    name = signal.Signals(sig).name
    finished = state(cache) == after
    if sig == signal.SIGKILL:
        lc.ok(f"{what}, {name}: killed, or finished first", rc in (-signal.SIGKILL, 0),
              f"exit status {rc}\n{err}")
    else:
        # A signal that comes once the work is done and its handler gone,
        # just before the process ends, ends it: nothing is left to undo.
        lc.ok(f"{what}, {name}: exits 1 after rolling back (or 0 if it had finished)",
              (rc == 1 and "interrupted" in err and "the cache is as it was" in err)
              or (finished and rc in (0, -sig)),
              f"exit status {rc}\n{err}")
    integrity, foreign = lc.checks(cache)
    lc.ok(f"{what}, {name}: PRAGMA integrity_check is ok", integrity == ["ok"], integrity)
    lc.ok(f"{what}, {name}: PRAGMA foreign_key_check is empty", foreign == [], foreign)
    s = state(cache)
    lc.ok(f"{what}, {name}: the cache is as it was before, or as a complete run leaves it",
          s == before or s == after,
          "against before:\n" + lc.diff(before, s) + "\nagainst after:\n" + lc.diff(after, s))
    return "before" if s == before else "after" if s == after else "neither"


def import_trials(work):
    seed_file = os.path.join(work, "seed.csv")
    big = os.path.join(work, "big.csv")
    lc.generate_extract(GENERATOR, seed_file, N_SEED)
    lc.generate_extract(GENERATOR, big, N_BIG)

    base = os.path.join(work, "import-base.db")
    r, _ = timed(f"--cache={base}", f"--import={seed_file}")
    lc.ok("import: the cache is seeded", r.returncode == 0, r.stderr)
    before = state(base)

    full = os.path.join(work, "import-full.db")
    shutil.copy(base, full)
    r, duration = timed(f"--cache={full}", f"--import={big}")
    lc.ok("import: a complete import succeeds", r.returncode == 0, r.stderr)
    after = state(full)
    print(f"# a complete import takes {duration:.2f} s", flush=True)

    outcomes = []
    for i, sig in enumerate([signal.SIGTERM, signal.SIGINT, signal.SIGTERM, signal.SIGKILL,
                             signal.SIGKILL, signal.SIGTERM]):
        cache = os.path.join(work, f"import-{i}.db")
        shutil.copy(base, cache)
        rc, err, delay = interrupt(start(f"--cache={cache}", f"--import={big}"),
                                   cache, duration, sig)
        outcome = check_trial("import", sig, rc, err, cache, before, after)
        print(f"# import, {signal.Signals(sig).name} after {delay:.2f} s: {outcome}", flush=True)
        outcomes.append((sig, rc, outcome))

    lc.ok("import: at least one SIGTERM or SIGINT came in time to roll the import back",
          any(sig != signal.SIGKILL and rc == 1 and outcome == "before"
              for sig, rc, outcome in outcomes), outcomes)
    return full


def sync_trials(work):
    generator = lc.load_generator(GENERATOR)
    feed = os.path.join(work, "feed")
    lc.write_feed(feed, generator, 50, updated_at="2024-06-01T08:00:00Z")
    server = lc.FeedServer(FEED_SERVER, feed, lc.free_port(), page_size=200)
    try:
        base = os.path.join(work, "sync-base.db")
        r, _ = timed(f"--cache={base}", f"--sync={server.url}")
        lc.ok("sync: the cache is seeded from a small feed", r.returncode == 0, r.stdout + r.stderr)
        before = state(base)

        lc.write_feed(feed, generator, N_FEED, first=1000, updated_at="2024-07-01T08:00:00Z")
        full = os.path.join(work, "sync-full.db")
        shutil.copy(base, full)
        r, duration = timed(f"--cache={full}", f"--sync={server.url}")
        lc.ok("sync: a complete sync succeeds", r.returncode == 0, r.stdout + r.stderr)
        after = state(full)
        lc.ok("sync: the complete sync moved the cursor", before["cursors"] != after["cursors"],
              after["cursors"])
        print(f"# a complete sync takes {duration:.2f} s", flush=True)

        for i, sig in enumerate([signal.SIGTERM, signal.SIGKILL, signal.SIGINT, signal.SIGKILL]):
            cache = os.path.join(work, f"sync-{i}.db")
            shutil.copy(base, cache)
            rc, err, delay = interrupt(start(f"--cache={cache}", f"--sync={server.url}"),
                                       cache, duration, sig)
            outcome = check_trial("sync", sig, rc, err, cache, before, after)
            print(f"# sync, {signal.Signals(sig).name} after {delay:.2f} s: {outcome}", flush=True)
    finally:
        server.stop()


def export_trials(work, cache):
    reference = os.path.join(work, "reference.csv")
    r, duration = timed(f"--cache={cache}", "--export-csv=establishments", f"--output={reference}")
    lc.ok("export: a complete export succeeds", r.returncode == 0, r.stderr)
    with open(reference, "rb") as f:
        complete = f.read()
    previous = b"previous content\n"

    for i, sig in enumerate([signal.SIGTERM, signal.SIGINT, signal.SIGKILL, signal.SIGTERM]):
        folder = os.path.join(work, f"export-{i}")
        os.mkdir(folder)
        destination = os.path.join(folder, "establishments.csv")
        with open(destination, "wb") as f:
            f.write(previous)
        process = start(f"--cache={cache}", "--export-csv=establishments",
                        f"--output={destination}")
        # Once the hidden temporary file exists, the program handles signals.
        lc.wait_for(lambda: process.poll() is not None or len(os.listdir(folder)) > 1, 60)
        # The first one as soon as it writes, the others at random moments.
        time.sleep(rng.uniform(0, duration * 0.5) if i > 0 else 0)
        if process.poll() is None:
            process.send_signal(sig)
        _, err = process.communicate(timeout=60)
        name = signal.Signals(sig).name
        with open(destination, "rb") as f:
            content = f.read()
        lc.ok(f"export, {name}: the destination holds the previous file or the complete export",
              content in (previous, complete), f"exit status {process.returncode}, "
              f"{len(content)} bytes\n{err}")
        if sig != signal.SIGKILL:
            lc.ok(f"export, {name}: exits 0 when done, or 1 saying it was interrupted",
                  process.returncode in (0, -sig) if content == complete
                  else process.returncode == 1 and "interrupted" in err,
                  f"exit status {process.returncode}\n{err}")
        others = sorted(set(os.listdir(folder)) - {"establishments.csv"})
        if sig == signal.SIGKILL:
            lc.ok(f"export, {name}: nothing but a hidden temporary file beside it",
                  all(n.startswith(".") for n in others), others)
        else:
            lc.ok(f"export, {name}: nothing left beside it", others == [], others)
        print(f"# export, {name}: exit status {process.returncode}, "
              f"{'complete' if content == complete else 'previous'}", flush=True)


def main():
    print(f"# seed {seed} (CRRC_LIMITS_SEED={seed} replays it)", flush=True)
    with tempfile.TemporaryDirectory(prefix="crrc-interrupt-") as work:
        full = import_trials(work)
        sync_trials(work)
        export_trials(work, full)
    lc.finish()


main()
