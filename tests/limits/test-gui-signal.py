#!/usr/bin/env python3
"""SIGTERM (like SIGINT) quits the window cleanly, also in the middle of a sync.

Usage (under Xvfb and a D-Bus session, see meson.build):
  test-gui-signal.py CRRC-DASHBOARD GENERATE-ETALAB.PY CRRC-FEED-SERVER

The real application starts with a feed configured (keyfile settings), so
that its automatic sync starts by itself a few seconds after the window is
shown, from the reference feed server publishing a large feed. Once the
sync writes, the application gets the signal: it must cancel the sync, let
it roll back, and exit 0 within a few seconds; the cache must then pass
SQLite's checks and hold either nothing of the feed (with no cursor) or all
of it (with its cursor).
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limits_common as lc  # noqa: E402

APP, GENERATOR, FEED_SERVER = sys.argv[1:4]
N_FEED = 20000


def wal_size(cache):
    try:
        return os.path.getsize(cache + "-wal")
    except OSError:
        return 0


def trial(work, server, sig):
    name = signal.Signals(sig).name
    home = os.path.join(work, name)
    settings = os.path.join(home, "config", "glib-2.0", "settings")
    os.makedirs(settings)
    with open(os.path.join(settings, "keyfile"), "w") as f:
        f.write(f"[fr/crrc/Dashboard]\nfeed-url='{server.url}'\n")
    cache = os.path.join(home, "crrc.db")

    env = dict(os.environ)
    env.update({"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": os.path.join(home, "config"),
                "XDG_DATA_HOME": os.path.join(home, "data"),
                "XDG_CACHE_HOME": os.path.join(home, "cache")})
    # The sync's task and the window are left to the end of the process: only
    # the shutdown is tested here, not leaks.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    app = subprocess.Popen([APP, f"--cache={cache}"], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        writing = lc.wait_for(lambda: app.poll() is not None or wal_size(cache) > 512 * 1024, 60)
        lc.ok(f"{name}: the automatic sync starts and writes", writing and app.poll() is None,
              f"exit status {app.poll()}")
        app.send_signal(sig)
        try:
            out, err = app.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            out, err = app.communicate()
            lc.ok(f"{name}: the application quits within 20 s", False, err)
            return
        lc.ok(f"{name}: the application quits and exits 0", app.returncode == 0,
              f"exit status {app.returncode}\n{err}")
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()

    integrity, foreign = lc.checks(cache)
    lc.ok(f"{name}: PRAGMA integrity_check is ok", integrity == ["ok"], integrity)
    lc.ok(f"{name}: PRAGMA foreign_key_check is empty", foreign == [], foreign)
    n = lc.count(cache, "establishments")
    cursors = [c for c in lc.cursors(cache) if c[1] == "establishments"]
    cursor = cursors[0][5] if cursors else None
    lc.ok(f"{name}: the feed is all there with its cursor, or not at all without one",
          (n == 0 and cursor is None) or (n == N_FEED and cursor == "2024-07-01T08:00:00Z"),
          f"{n} establishments, cursor {cursor}")
    print(f"# {name}: {n} establishments afterwards", flush=True)


def main():
    with tempfile.TemporaryDirectory(prefix="crrc-gui-signal-") as work:
        feed = os.path.join(work, "feed")
        lc.write_feed(feed, lc.load_generator(GENERATOR), N_FEED, first=1000,
                      updated_at="2024-07-01T08:00:00Z")
        server = lc.FeedServer(FEED_SERVER, feed, lc.free_port(), page_size=200)
        try:
            # SIGINT goes through the same handler; one run keeps the test
            # short (the automatic sync waits 10 s after the window shows).
            trial(work, server, signal.SIGTERM)
        finally:
            server.stop()
    lc.finish()


main()
