#!/usr/bin/env python3
"""Wake-ups of the application at rest, against a minimal GTK window.

Usage: bench-idle.py APP BASELINE [SECONDS]

Starts each program in the benchmark's display (xvfb-run) and D-Bus session,
waits until it has been at rest (no CPU time used) for three seconds — the
application first synchronises its demonstration data — and ten seconds more
(a toast or an animation ending by itself), then counts the
context switches of all its threads for SECONDS (10 by default): a thread
that wakes up and sleeps again is switched out once. Prints wake-ups per
second for both, and whether the application meets its target of zero (no
polling). Figures, never a verdict: the exit status is 0 unless a program
cannot be measured.
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

APP, BASELINE = sys.argv[1:3]
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
REST = 3.0
# After start-up, what ends by itself may still run a little while: a toast
# shown for a few seconds, an animation. Polling would not stop.
GRACE = 10.0
TIMEOUT = 240.0


def cpu_ticks(pid):
    total = 0
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            fields = open(stat).read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def switches(pid):
    """Context switches per thread: {(tid, name): count}."""
    counts = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            name = open(f"{task}/comm").read().strip()
            count = 0
            for line in open(f"{task}/status"):
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    count += int(line.split()[1])
        except OSError:
            continue
        counts[(os.path.basename(task), name)] = count
    return counts


def measure(name, argv, env):
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        start = time.monotonic()
        last, quiet_since = cpu_ticks(proc.pid), time.monotonic()
        while time.monotonic() - quiet_since < REST:
            if proc.poll() is not None:
                raise SystemExit(f"{name} exited: {proc.stderr.read().decode(errors='replace')}")
            if time.monotonic() - start > TIMEOUT:
                raise SystemExit(f"{name} never came to rest in {TIMEOUT:.0f} s")
            time.sleep(0.25)
            now = cpu_ticks(proc.pid)
            if now != last:
                last, quiet_since = now, time.monotonic()
        time.sleep(GRACE)
        settle = time.monotonic() - start
        before = switches(proc.pid)
        time.sleep(SECONDS)
        after = switches(proc.pid)
        threads = len(after)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    # A thread that ended during the measure counts for what it did before.
    woken = {key: after.get(key, count) - before.get(key, 0)
             for key, count in {**before, **after}.items()}
    total = sum(woken.values())
    rate = total / SECONDS
    print(f"{name}: at rest after {settle:.1f} s, {threads} threads, "
          f"{total} wake-ups in {SECONDS:.0f} s = {rate:.2f}/s")
    for (tid, thread), count in sorted(woken.items()):
        if count:
            print(f"    thread {tid} {thread}: {count}")
    return rate


with tempfile.TemporaryDirectory() as home:
    env = dict(os.environ)
    env.update({"XDG_DATA_HOME": os.path.join(home, "data"),
                "XDG_CACHE_HOME": os.path.join(home, "cache"),
                "GSETTINGS_BACKEND": "memory"})
    baseline = measure("baseline (minimal GTK window)", [BASELINE], env)
    app = measure("crrc-dashboard (Observatoire, demo data)", [APP], env)

print(f"ratio: {app:.2f}/s against {baseline:.2f}/s"
      + (f" = {app / baseline:.2f}×" if baseline > 0 else ""))
print("target: 0 wake-ups per second at rest — "
      + ("met" if app < 0.05 else f"MISSED ({app:.2f}/s)"))
