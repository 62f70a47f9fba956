#!/usr/bin/env python3
"""The feed's access token is kept in the keyring and nowhere else.

Usage: test-token-sentinel.py APP TOKEN_TOOL FEED_SERVER SAMPLE_DIR

Runs inside tests/keyring/with-keyring.sh: a private D-Bus session with an
unlocked GNOME Keyring, and a temporary HOME. A real feed server on loopback
requires a sentinel token; the command line syncs with the token from the
keyring, fails with a wrong one, exports everything it can, and crashes once
in the middle of a sync. Then every file under HOME (settings, cache, exports,
temporary files) and everything the program printed, debug logs included, is
searched for the sentinels.
"""
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

APP, TOKEN_TOOL, FEED_SERVER, SAMPLE_DIR = sys.argv[1:5]
SENTINEL = "crrc-sentinel-" + secrets.token_hex(12)
WRONG = "crrc-wrong-sentinel-" + secrets.token_hex(12)
failures = 0
outputs = []  # (what, bytes) printed by the programs


def check(name, condition, detail=""):
    global failures
    if condition:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"not ok - {name}")
        for line in str(detail).splitlines()[-30:]:
            print(f"#   {line}")


home = os.environ["HOME"]
work = tempfile.mkdtemp(prefix="sentinel-", dir=home)
app_tmp = os.path.join(home, "tmp")
os.makedirs(app_tmp, exist_ok=True)

env = dict(os.environ)
for key in ("DISPLAY", "WAYLAND_DISPLAY"):
    env.pop(key, None)
env.update({
    "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "C",
    # Settings written to a file under HOME, so that they can be searched.
    "GSETTINGS_BACKEND": "keyfile",
    "XDG_CONFIG_HOME": os.path.join(home, ".config"),
    "XDG_CACHE_HOME": os.path.join(home, ".cache"),
    # Every debug message the program can print.
    "G_MESSAGES_DEBUG": "all",
    # Its temporary files where they are searched too.
    "TMPDIR": app_tmp,
})


def run(what, *args, stdin_text=None, timeout=180):
    result = subprocess.run([APP, *args], env=env, capture_output=True, timeout=timeout,
                            input=(stdin_text or "").encode())
    outputs.append((what, result.stdout + result.stderr))
    return result


def start_server(feed_dir, token, *extra):
    server = subprocess.Popen([FEED_SERVER, f"--dir={feed_dir}", f"--token={token}", "--quiet",
                               *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    url = server.stdout.readline().decode().strip()
    if not url.startswith("http://127.0.0.1"):
        raise SystemExit(f"Bail out! the feed server did not start: {url!r}")
    return server, url


def store_token(url, token):
    result = subprocess.run([TOKEN_TOOL, "store", url], input=(token + "\n").encode(),
                            capture_output=True, env=env, timeout=30)
    return result.returncode == 0, result.stderr.decode(errors="replace")


feed_dir = os.path.join(work, "feed")
shutil.copytree(SAMPLE_DIR, feed_dir)
cache = os.path.join(work, "crrc.db")
server, url = start_server(feed_dir, SENTINEL)

try:
    r = run("sync without a token", f"--cache={cache}", f"--sync={url}")
    check("without the token, the sync is refused and says why",
          r.returncode != 0 and b"token" in r.stderr, r.stderr.decode(errors="replace"))

    ok, why = store_token(url, SENTINEL)
    check("the token is stored in the keyring", ok, why)

    r = run("sync", f"--cache={cache}", f"--sync={url}")
    check("with the token from the keyring, the sync succeeds",
          r.returncode == 0, r.stderr.decode(errors="replace"))

    # A wrong token for a second server: an authentication error message.
    wrong_server, wrong_url = start_server(feed_dir, SENTINEL)
    try:
        ok, why = store_token(wrong_url, WRONG)
        check("a second, wrong token is stored", ok, why)
        r = run("sync with a wrong token", f"--cache={cache}", f"--sync={wrong_url}")
        check("with a wrong token, the sync fails with a message",
              r.returncode != 0 and len(r.stderr) > 0, r.stderr.decode(errors="replace"))
    finally:
        wrong_server.terminate()
        wrong_server.wait(timeout=10)

    # Every export the command line can write, from the synced cache.
    out = os.path.join(work, "exports")
    os.makedirs(out)
    for table in ("establishments", "incidents", "audits", "alerts", "diagnostics"):
        r = run(f"--export-csv={table}", f"--cache={cache}", f"--export-csv={table}",
                f"--output={os.path.join(out, table + '.csv')}")
        check(f"--export-csv={table} succeeds", r.returncode == 0, r.stderr.decode(errors="replace"))
    r = run("--export", f"--cache={cache}", f"--export={os.path.join(out, 'charts')}",
            "--format=svg", "--size=800x450")
    check("--export succeeds", r.returncode == 0, r.stderr.decode(errors="replace"))
    r = run("--slides", f"--cache={cache}", f"--slides={os.path.join(out, 'deck.pdf')}")
    check("--slides succeeds", r.returncode == 0, r.stderr.decode(errors="replace"))
    r = run("--export-work", f"--cache={cache}", f"--export-work={os.path.join(out, 'work')}")
    check("--export-work succeeds", r.returncode == 0, r.stderr.decode(errors="replace"))
    r = run("--report", f"--cache={cache}", "--report=2023", "--json")
    check("--report succeeds", r.returncode == 0, r.stderr.decode(errors="replace"))
finally:
    server.terminate()
    server.wait(timeout=10)

# A crash in the middle of a sync: what the program prints as it dies. The
# server sends its pages one byte at a time, so the sync is surely running.
slow_server, slow_url = start_server(feed_dir, SENTINEL, "--fault=*:slow-drip",
                                     "--drip-interval=20")
try:
    ok, why = store_token(slow_url, SENTINEL)
    check("the token of the slow feed is stored", ok, why)
    crash_cache = os.path.join(work, "crash.db")
    proc = subprocess.Popen([APP, f"--cache={crash_cache}", f"--sync={slow_url}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    proc.send_signal(signal.SIGSEGV)
    stdout, stderr = proc.communicate(timeout=60)
    outputs.append(("crash during a sync", stdout + stderr))
    check("the program died of the crash", proc.returncode != 0, proc.returncode)
finally:
    slow_server.terminate()
    slow_server.wait(timeout=10)

# The search: every file under HOME (settings, keyring files, cache, exports,
# temporary files), and everything printed.
searched = 0
settings_files = 0
for root, dirs, files in os.walk(home):
    for name in files:
        path = os.path.join(root, name)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        if path.startswith(feed_dir):
            continue
        with open(path, "rb") as f:
            content = f.read()
        searched += 1
        if root.startswith(env["XDG_CONFIG_HOME"]):
            settings_files += 1
        for sentinel in (SENTINEL, WRONG):
            if sentinel.encode() in content:
                check(f"{os.path.relpath(path, home)} holds no token", False, path)
for what, content in outputs:
    for sentinel in (SENTINEL, WRONG):
        if sentinel.encode() in content:
            check(f"the output of {what} holds no token", False, content.decode(errors="replace"))

check(f"searched {searched} files and {len(outputs)} outputs, no token in any",
      searched >= 10 and failures == 0, f"searched {searched}")
check("the exports, the cache and the temporary folder were among them",
      os.path.exists(os.path.join(work, "exports", "work")) and os.path.exists(cache), work)

shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
