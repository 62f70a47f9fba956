#!/usr/bin/env python3
"""Command-line behaviour of crrc-dashboard, with no display at all.

Usage: test-cli.py PATH/TO/crrc-dashboard VERSION
"""
import os
import subprocess
import sys
import tempfile

APP = sys.argv[1]
VERSION = sys.argv[2]
failures = 0


def run(*args, lang="C.UTF-8", language="C"):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"LANG": lang, "LC_ALL": lang, "LANGUAGE": language})
    return subprocess.run([APP, *args], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def check(name, condition, result):
    global failures
    if condition:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"not ok - {name}")
        print(f"# exit status {result.returncode}")
        for line in (result.stdout + result.stderr).splitlines():
            print(f"#   {line}")


r = run("--version")
check("--version prints the version and exits 0",
      r.returncode == 0 and r.stdout == f"crrc-dashboard {VERSION}\n", r)

r = run("--help")
check("--help lists --version and --cache and exits 0",
      r.returncode == 0 and "--version" in r.stdout and "--cache=PATH" in r.stdout, r)

r = run("--cache=")
check("--cache with an empty path is a usage error (2)",
      r.returncode == 2 and "--cache" in r.stderr, r)

r = run("--no-such-option")
check("an unknown option is refused with a message",
      r.returncode != 0 and "no-such-option" in r.stderr, r)

with tempfile.TemporaryDirectory() as tmp:
    cache = os.path.join(tmp, "crrc.db")
    r = run(f"--cache={cache}", "--version")
    check("--version with --cache touches no file",
          r.returncode == 0 and not os.path.exists(cache), r)

print("1..5")
sys.exit(1 if failures else 0)
