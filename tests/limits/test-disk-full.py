#!/usr/bin/env python3
"""A full disk during an import and during a sync, with real kernel limits.

Usage: test-disk-full.py CRRC-DASHBOARD GENERATE-ETALAB.PY CRRC-FEED-SERVER

The cache, SQLite's temporary files (SQLITE_TMPDIR, TMPDIR) and GLib's go
to a small file system: a 3 MB tmpfs mounted in a private mount namespace
(`unshare -m`, or `unshare -r -m` for a user) when the kernel allows it,
else the file size limit (RLIMIT_FSIZE, SIGXFSZ ignored: writes past it
fail with EFBIG). The mechanism used is printed; with neither, the test is
skipped with the reason. Each scenario checks that the command fails with a
message that says the disk is full and that the cache is as it was, that
the cache passes SQLite's checks and holds exactly what it held before
(counts, contents, sync cursors), and that once space is freed the same
command succeeds.
"""
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limits_common as lc  # noqa: E402

APP, GENERATOR, FEED_SERVER = sys.argv[1:4]
SMALL_FS = "3m"
FILE_SIZE_LIMIT = 2 * 1024 * 1024
N_SEED = 300
N_BIG = 6000
RAW_SQLITE_MESSAGES = ("database or disk is full", "disk I/O error")


def reexec_in_namespace():
    """Runs this script again in a private mount namespace, if possible."""
    if os.environ.get("CRRC_LIMITS_NAMESPACE") is not None:
        return
    unshare = shutil.which("unshare")
    if unshare is not None:
        for flags in (["-m"], ["-r", "-m"]):
            probe = subprocess.run([unshare, *flags, "--propagation", "private", "true"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if probe.returncode == 0:
                env = dict(os.environ, CRRC_LIMITS_NAMESPACE=" ".join(flags))
                sys.stdout.flush()
                os.execve(unshare, [unshare, *flags, "--propagation", "private",
                                    sys.executable, os.path.abspath(__file__), *sys.argv[1:]], env)
    os.environ["CRRC_LIMITS_NAMESPACE"] = ""


class SmallDisk:
    """A folder with little room: a tmpfs, or the file size limit."""

    def __init__(self, path):
        self.path = path
        self.mechanism = None
        self.limited = False
        os.makedirs(path, exist_ok=True)

    def restrict(self):
        if self.mechanism in (None, "tmpfs") and os.environ.get("CRRC_LIMITS_NAMESPACE"):
            subprocess.run(["umount", self.path], stderr=subprocess.DEVNULL)
            mount = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SMALL_FS},mode=0700",
                                    "tmpfs", self.path], capture_output=True, text=True)
            if mount.returncode == 0:
                self.mechanism = "tmpfs"
                self.limited = True
                return True
            print(f"# mount failed: {mount.stderr.strip()}")
        if self.mechanism in (None, "rlimit"):
            for name in os.listdir(self.path):
                os.unlink(os.path.join(self.path, name))
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            if hard == resource.RLIM_INFINITY or hard >= FILE_SIZE_LIMIT:
                self.mechanism = "rlimit"
                self.limited = True
                return True
        return False

    def free(self):
        if self.mechanism == "tmpfs":
            subprocess.run(["mount", "-o", "remount,size=256m", self.path], check=True)
        self.limited = False

    def release(self):
        if self.mechanism == "tmpfs":
            subprocess.run(["umount", self.path], stderr=subprocess.DEVNULL)

    def preexec(self):
        if self.mechanism == "rlimit" and self.limited:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))

    def run(self, *args, french=False):
        tmp = {"TMPDIR": self.path, "SQLITE_TMPDIR": self.path}
        env = (lc.app_env("fr_FR.UTF-8", "fr", tmp) if french else lc.app_env(extra=tmp))
        result = subprocess.run([APP, *args], env=env, capture_output=True, text=True,
                                timeout=120, stdin=subprocess.DEVNULL, preexec_fn=self.preexec)
        result.output = result.stdout + result.stderr
        return result


def describe(result):
    return f"exit status {result.returncode}\n{result.output}"


def check_unchanged(what, cache, before):
    integrity, foreign = lc.checks(cache)
    lc.ok(f"{what}: PRAGMA integrity_check is ok", integrity == ["ok"], integrity)
    lc.ok(f"{what}: PRAGMA foreign_key_check is empty", foreign == [], foreign)
    after = lc.snapshot(cache, skip=("sync_runs",))
    lc.ok(f"{what}: the cache holds exactly what it held before", after == before,
          lc.diff(before, after))


def scenario_import(disk, work):
    seed = os.path.join(work, "seed.csv")
    big = os.path.join(work, "big.csv")
    lc.generate_extract(GENERATOR, seed, N_SEED)
    lc.generate_extract(GENERATOR, big, N_BIG)

    if not disk.restrict():
        return False
    print(f"# import: mechanism {disk.mechanism}", flush=True)
    cache = os.path.join(disk.path, "crrc.db")
    seeded = disk.run(f"--cache={cache}", f"--import={seed}") if disk.mechanism == "tmpfs" else None
    if seeded is None:
        disk.limited = False
        seeded = disk.run(f"--cache={cache}", f"--import={seed}")
        disk.limited = True
    lc.ok("import: the cache is seeded", seeded.returncode == 0, describe(seeded))
    before = lc.snapshot(cache, skip=("sync_runs",))

    r = disk.run(f"--cache={cache}", f"--import={big}")
    lc.ok("import on a full disk: exits 1", r.returncode == 1, describe(r))
    lc.ok("import on a full disk: the message says the disk is full and names the cache",
          "The disk is full" in r.stderr and cache in r.stderr, describe(r))
    lc.ok("import on a full disk: the message says nothing was imported",
          "Nothing was imported: the cache is as it was." in r.stderr, describe(r))
    check_unchanged("import on a full disk", cache, before)

    r = disk.run(f"--cache={cache}", f"--import={big}", french=True)
    lc.ok("import on a full disk, in French: exits 1 with a message naming the cache, "
          "not SQLite's own", r.returncode == 1 and cache in r.stderr
          and not any(m in r.stderr for m in RAW_SQLITE_MESSAGES), describe(r))
    check_unchanged("import on a full disk, in French", cache, before)

    disk.free()
    r = disk.run(f"--cache={cache}", f"--import={big}")
    lc.ok("import once space is freed: succeeds", r.returncode == 0, describe(r))
    integrity, _ = lc.checks(cache)
    n = lc.count(cache, "establishments")
    lc.ok("import once space is freed: the rows are there and the cache is sound",
          integrity == ["ok"] and n >= N_BIG and n > before["establishments"],
          f"{integrity} {n} establishments")
    disk.release()
    return True


def scenario_sync(disk, work):
    generator = lc.load_generator(GENERATOR)
    feed = os.path.join(work, "feed")
    lc.write_feed(feed, generator, 50, updated_at="2024-06-01T08:00:00Z")
    server = lc.FeedServer(FEED_SERVER, feed, lc.free_port())
    try:
        if not disk.restrict():
            return False
        print(f"# sync: mechanism {disk.mechanism}", flush=True)
        cache = os.path.join(disk.path, "crrc.db")
        url = f"--sync={server.url}"

        limited = disk.limited
        disk.limited = disk.mechanism == "tmpfs"
        r = disk.run(f"--cache={cache}", url)
        disk.limited = limited
        lc.ok("sync: the cache is seeded from a small feed", r.returncode == 0, describe(r))
        before = lc.snapshot(cache, skip=("sync_runs",))
        cursors = lc.cursors(cache)
        lc.ok("sync: the seeded feed has a cursor",
              len(cursors) == 1 and cursors[0][5] == "2024-06-01T08:00:00Z", cursors)

        lc.write_feed(feed, generator, N_BIG, first=1000, updated_at="2024-07-01T08:00:00Z")
        r = disk.run(f"--cache={cache}", url)
        lc.ok("sync on a full disk: exits 1", r.returncode == 1, describe(r))
        lc.ok("sync on a full disk: the report says the disk is full, names the cache and "
              "that the feed was left as it was",
              "the disk is full" in r.output and cache in r.output
              and "left as it was" in r.output, describe(r))
        check_unchanged("sync on a full disk", cache, before)
        lc.ok("sync on a full disk: the cursor did not move", lc.cursors(cache) == cursors,
              lc.cursors(cache))

        r = disk.run(f"--cache={cache}", url, french=True)
        lc.ok("sync on a full disk, in French: exits 1, not with SQLite's own message",
              r.returncode == 1 and not any(m in r.output for m in RAW_SQLITE_MESSAGES),
              describe(r))
        check_unchanged("sync on a full disk, in French", cache, before)

        disk.free()
        r = disk.run(f"--cache={cache}", url)
        lc.ok("sync once space is freed: succeeds", r.returncode == 0, describe(r))
        integrity, _ = lc.checks(cache)
        n = lc.count(cache, "establishments")
        after = lc.cursors(cache)
        lc.ok("sync once space is freed: every record is there and the cursor moved on",
              integrity == ["ok"] and n == 50 + N_BIG and after[0][5] == "2024-07-01T08:00:00Z",
              f"{integrity} {n} establishments, cursors {after}")
        disk.release()
        return True
    finally:
        server.stop()


def main():
    reexec_in_namespace()
    namespace = os.environ.get("CRRC_LIMITS_NAMESPACE")
    print(f"# private mount namespace: {('unshare ' + namespace) if namespace else 'not available'}",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="crrc-limits-") as work:
        disk = SmallDisk(os.path.join(work, "small"))
        try:
            if not scenario_import(disk, work):
                print("1..0 # SKIP neither a tmpfs (mount in a private namespace) nor a file "
                      "size limit (RLIMIT_FSIZE) can be set here")
                return
            scenario_sync(disk, work)
        finally:
            disk.release()
    lc.finish()


main()
