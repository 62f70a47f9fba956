#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test of check-sql.py: it must fail on SQL built from data, name each
bad line and no other, accept a reviewed exception only where it was
reviewed, and pass constant SQL (tests/validate/sql-fixtures/README.md).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def marked_lines(root, marker):
    lines = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding='utf-8') as f:
                for number, line in enumerate(f, 1):
                    if line.rstrip().endswith('/* %s */' % marker):
                        lines.add('%s:%d' % (rel, number))
    return lines


def run(script, root, allowlist):
    command = [sys.executable, script, '--source-root', root, '--no-sql-dir', 'app']
    if allowlist is not None:
        command += ['--allowlist', allowlist]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, check=False)
    reported = set(m.group(1) for m in re.finditer(r'^((?:data|app)/[^:\s]+:\d+): ', result.stdout, re.M))
    return result.returncode, reported, result.stdout


def expect(name, got, wanted, output):
    if got != wanted:
        fail('%s: expected %r, got %r\n%s' % (name, wanted, got, output))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--script', required=True)
    parser.add_argument('--fixtures', required=True)
    options = parser.parse_args()

    bad = os.path.join(options.fixtures, 'bad')
    good = os.path.join(options.fixtures, 'good')
    bad_review = os.path.join(bad, 'sql-review.txt')
    good_review = os.path.join(good, 'sql-review.txt')

    # Bad: exit 1, each BAD line named, nothing else (not the reviewed one).
    wanted = marked_lines(bad, 'BAD')
    reviewed = marked_lines(bad, 'REVIEWED')
    if len(wanted) < 10 or len(reviewed) != 1:
        fail('the bad fixtures lost their markers: %d BAD, %d REVIEWED' % (len(wanted), len(reviewed)))
    status, reported, output = run(options.script, bad, bad_review)
    expect('bad fixtures, exit status', status, 1, output)
    for line in sorted(wanted - reported):
        fail('bad fixtures: %s is not reported\n%s' % (line, output))
    for line in sorted(reported - wanted):
        fail('bad fixtures: %s is reported but not marked BAD\n%s' % (line, output))

    # Without the review, the reviewed site fails as well.
    status, reported, output = run(options.script, bad, None)
    expect('bad fixtures without review, exit status', status, 1, output)
    expect('bad fixtures without review, lines', reported, wanted | reviewed, output)

    # Good: exit 0 with its review, nothing reported.
    status, reported, output = run(options.script, good, good_review)
    expect('good fixtures, exit status', status, 0, output)
    expect('good fixtures, lines', reported, set(), output)

    # Good without its review: the reviewed site alone fails.
    status, reported, output = run(options.script, good, None)
    expect('good fixtures without review, exit status', status, 1, output)
    expect('good fixtures without review, lines', reported, marked_lines(good, 'REVIEWED'), output)

    # A stale entry and a malformed one fail, naming the allowlist line.
    with open(good_review, encoding='utf-8') as f:
        review = f.read()
    with tempfile.TemporaryDirectory() as folder:
        stale = os.path.join(folder, 'stale.txt')
        with open(stale, 'w', encoding='utf-8') as f:
            f.write(review + 'data/good-queries.c | fixture_misc | 0123456789ab | a site that is gone\n')
        status, _, output = run(options.script, good, stale)
        expect('stale entry, exit status', status, 1, output)
        if not re.search(r'stale\.txt:\d+: the reviewed exception .*0123456789ab matches no site', output):
            fail('stale entry not named\n' + output)

        malformed = os.path.join(folder, 'malformed.txt')
        with open(malformed, 'w', encoding='utf-8') as f:
            f.write(review + 'data/good-queries.c | fixture_misc | 7e45d228ccfa\n')
        status, _, output = run(options.script, good, malformed)
        expect('malformed entry, exit status', status, 1, output)
        if 'malformed.txt:%d: an entry is' % (review.count('\n') + 1) not in output:
            fail('malformed entry not named\n' + output)

    if failures:
        print('%d failures' % len(failures))
        return 1
    print('check-sql.py: bad fixtures fail on every marked line, good fixtures pass')
    return 0


if __name__ == '__main__':
    sys.exit(main())
