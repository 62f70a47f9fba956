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
    result = subprocess.run([APP, *args], env=env, capture_output=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    # Decoded by hand: text mode would turn the CSV's \r\n into \n.
    result.stdout = result.stdout.decode("utf-8")
    result.stderr = result.stderr.decode("utf-8")
    return result


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

HEADER = "finess;etalab;3;2024-01-01\n"
CH_FLEYRIAT = ("structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT;;;"
               "900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;0474454647;0474454114;355;"
               "Centre Hospitalier (C.H.);1102;Centres Hospitaliers;26010004500012;8610Z;03;"
               "ARS établissements Publics de santé dotation globale;1;Etablissement public de santé;"
               "1979-02-13;1979-02-13;2020-02-04;\n")
QUOTED = ("structureet;750712184;750712184;\"LIEU DE VIE \"\"MAVOUNA, MEMA 1\"\"\";;;;;;;;;056;75;PARIS;"
          "75014 PARIS;;;462;Lieu de Vie;4401;Lieux de vie;;;;;0;;2001-01-01;2001-01-01;2020-01-01;\n")
BAD_KEY = CH_FLEYRIAT.replace("010000024", "010000025")

with tempfile.TemporaryDirectory() as tmp:
    cache = os.path.join(tmp, "cache", "crrc.db")
    extract = os.path.join(tmp, "extract.csv")
    with open(extract, "w", encoding="utf-8") as f:
        f.write(HEADER + CH_FLEYRIAT + QUOTED + BAD_KEY)

    r = run(f"--cache={cache}", f"--import={extract}")
    check("--import of a file with a rejected row exits 0 with a summary",
          r.returncode == 0 and "Read: 3, added: 2, updated: 0, unchanged: 0, rejected: 1" in r.stdout
          and "line 4" in r.stdout, r)
    check("the cache is created readable by its owner only",
          os.path.exists(cache) and (os.stat(cache).st_mode & 0o777) == 0o600, r)

    r = run(f"--cache={cache}", f"--import={extract}")
    check("importing the same file again changes nothing",
          r.returncode == 0 and "added: 0, updated: 0, unchanged: 2, rejected: 1" in r.stdout, r)

    garbage = os.path.join(tmp, "letter.txt")
    with open(garbage, "w", encoding="utf-8") as f:
        f.write("Dear analyst,\n")
    r = run(f"--cache={cache}", f"--import={garbage}")
    check("a file in no known format is refused with exit status 1",
          r.returncode == 1 and "letter.txt" in r.stderr and r.stdout == "", r)

    r = run(f"--cache={cache}", f"--import={os.path.join(tmp, 'missing.csv')}")
    check("a missing file is refused with exit status 1",
          r.returncode == 1 and "missing.csv" in r.stderr, r)

    r = run(f"--cache={cache}", "--export-csv=establishments")
    expected = ("finess,legal_finess,name,category,sector,department,region,commune,ght,public,closed_on\r\n"
                "010000024,010780054,CH DE FLEYRIAT,355,sanitaire,01,84,01451,,true,\r\n"
                "750712184,750712184,\"LIEU DE VIE \"\"MAVOUNA, MEMA 1\"\"\",462,medico_social,75,11,75056,,false,\r\n")
    check("--export-csv=establishments writes RFC 4180 CSV to the standard output",
          r.returncode == 0 and r.stdout == expected, r)

    out = os.path.join(tmp, "establishments.csv")
    r = run(f"--cache={cache}", "--export-csv=establishments", f"--output={out}")
    with open(out, encoding="utf-8", newline="") as f:
        written = f.read()
    check("--output writes the same CSV to a file readable by its owner only",
          r.returncode == 0 and written == expected and (os.stat(out).st_mode & 0o777) == 0o600
          and "2 rows" in r.stderr, r)

    r = run(f"--cache={cache}", "--export-csv=incidents-of-mars")
    check("an unknown table is a usage error (2)",
          r.returncode == 2 and "incidents-of-mars" in r.stderr and "establishments" in r.stderr, r)

    r = run(f"--cache={cache}", f"--import={extract}", "--export-csv=establishments")
    check("--import with --export-csv is a usage error (2)", r.returncode == 2, r)

    r = run(f"--cache={cache}", f"--output={out}")
    check("--output without --export-csv is a usage error (2)", r.returncode == 2, r)

    work = os.path.join(tmp, "mes-saisies")
    r = run(f"--cache={cache}", f"--export-work={work}")
    manifest = os.path.join(work, "manifest.json")
    check("--export-work writes the analyst's work as a feed folder readable by its owner only",
          r.returncode == 0 and "0 diagnostics" in r.stdout and os.path.exists(manifest)
          and (os.stat(work).st_mode & 0o777) == 0o700 and (os.stat(manifest).st_mode & 0o777) == 0o600, r)

    r = run(f"--cache={cache}", f"--export-work={work}")
    check("--export-work refuses a folder that is not empty, naming it (1)",
          r.returncode == 1 and work in r.stderr and "not empty" in r.stderr, r)

    r = run(f"--cache={os.path.join(tmp, 'upstream.db')}", f"--sync=file://{work}")
    check("the exported folder syncs as a CRRC feed",
          r.returncode == 0 and "diagnostics" in r.stdout and "campaigns" in r.stdout, r)

    r = run(f"--cache={cache}", f"--export-work={work}", "--export-csv=establishments")
    check("--export-work with --export-csv is a usage error (2)", r.returncode == 2, r)

print("1..19")
sys.exit(1 if failures else 0)
