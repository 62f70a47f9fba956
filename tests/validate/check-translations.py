#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that a translation covers every string of the sources today.

Regenerates the template from po/POTFILES.in with xgettext (the keywords and
flags of meson's glib preset, files resolved from the source root), merges the
.po file against it in a temporary folder with msgmerge, as a translator's
update would, and fails listing every entry that is then untranslated or
fuzzy, any format string msgfmt --check rejects, and any string xgettext
warns about. So a new or changed English string without its translation fails
the suite. Nothing in the source tree is written.

Entries of the .po file that no source uses any more (obsolete after the
merge) are only reported.
"""

import argparse
import os
import subprocess
import sys
import tempfile

# meson's i18n.gettext(preset: 'glib'), plus --from-code and --add-comments.
XGETTEXT_ARGS = [
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--from-code=UTF-8',
    '--add-comments',
]


def run(argv, what):
    """Run a tool; on failure print its output and exit 1."""
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            encoding='utf-8', errors='replace')
    if result.returncode != 0:
        print('FAIL: %s failed (exit status %d):\n  $ %s\n%s'
              % (what, result.returncode, ' '.join(argv), result.stdout.rstrip()))
        sys.exit(1)
    return result.stdout


def parse_po(text):
    """A minimal PO reader: a list of dicts with 'refs', 'flags', 'msgctxt',
    'msgid', 'msgid_plural', 'previous' (the strings still quoted and
    escaped, as in the file)."""
    entries = []
    entry = None
    field = None

    def start():
        return {'refs': [], 'flags': [], 'previous': [], 'msgctxt': None,
                'msgid': None, 'msgid_plural': None, 'msgstr': []}

    for raw in text.splitlines() + ['']:
        line = raw.strip()
        if line == '':
            if entry is not None and entry['msgid'] is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = start()
        if line.startswith('#:'):
            entry['refs'] += line[2:].split()
        elif line.startswith('#,'):
            entry['flags'] += [f.strip() for f in line[2:].split(',')]
        elif line.startswith('#|'):
            # The msgid before a change that made the entry fuzzy.
            content = line[2:].strip()
            if content.startswith('msgid '):
                entry['previous'].append(content[6:].strip()[1:-1])
            elif content.startswith('"') and entry['previous']:
                entry['previous'][-1] += content[1:-1]
        elif line.startswith('#'):
            continue
        elif line.startswith('"'):
            if field == 'msgstr':
                entry['msgstr'][-1] += line[1:-1]
            elif field is not None:
                entry[field] += line[1:-1]
        else:
            keyword, _, rest = line.partition(' ')
            value = rest.strip()[1:-1]
            if keyword.startswith('msgstr'):
                field = 'msgstr'
                entry['msgstr'].append(value)
            elif keyword in ('msgctxt', 'msgid', 'msgid_plural'):
                field = keyword
                entry[field] = value
            else:
                field = None
    return entries


def describe(entry):
    lines = []
    where = ', '.join(entry['refs']) or '(no source reference)'
    lines.append('  %s' % where)
    if entry['msgctxt'] is not None:
        lines.append('    msgctxt "%s"' % entry['msgctxt'])
    lines.append('    msgid "%s"' % entry['msgid'])
    if entry['msgid_plural'] is not None:
        lines.append('    msgid_plural "%s"' % entry['msgid_plural'])
    for previous in entry['previous']:
        lines.append('    was   "%s"' % previous)
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--po', required=True, help='the translation to check, e.g. po/fr.po')
    parser.add_argument('--potfiles', help='default: SOURCE_ROOT/po/POTFILES.in')
    parser.add_argument('--domain', default='messages')
    args = parser.parse_args()

    root = os.path.abspath(args.source_root)
    potfiles = os.path.abspath(args.potfiles or os.path.join(root, 'po', 'POTFILES.in'))
    po_file = os.path.abspath(args.po)
    po_name = os.path.basename(po_file)

    for path in (potfiles, po_file):
        if not os.path.isfile(path):
            print('FAIL: %s does not exist' % path)
            return 1

    # xgettext reads file names relative to --directory; comments and blank
    # lines of POTFILES.in are skipped the same way meson does.
    missing = []
    with open(potfiles, encoding='utf-8') as f:
        for line in f:
            name = line.strip()
            if name and not name.startswith('#') and not os.path.isfile(os.path.join(root, name)):
                missing.append(name)
    if missing:
        print('FAIL: POTFILES.in lists files that do not exist: %s' % ', '.join(missing))
        return 1

    with tempfile.TemporaryDirectory(prefix='crrc-translations-') as tmp:
        pot = os.path.join(tmp, args.domain + '.pot')
        merged = os.path.join(tmp, po_name)

        extraction = run(['xgettext', '--package-name=' + args.domain, '--force-po',
             '--directory=' + root, '--files-from=' + potfiles,
             '--output=' + pot] + XGETTEXT_ARGS, 'xgettext')
        run(['msgmerge', '--quiet', '--previous', '--output-file=' + merged, po_file, pot],
            'msgmerge')

        template = [e for e in parse_po(open(pot, encoding='utf-8').read()) if e['msgid'] != '']
        header = [e for e in parse_po(open(merged, encoding='utf-8').read()) if e['msgid'] == '']
        untranslated = parse_po(run(['msgattrib', '--untranslated', '--no-obsolete', merged],
                                    'msgattrib --untranslated'))
        fuzzy = parse_po(run(['msgattrib', '--only-fuzzy', '--no-obsolete', merged],
                             'msgattrib --only-fuzzy'))
        obsolete = parse_po(run(['msgattrib', '--only-obsolete', merged],
                                'msgattrib --only-obsolete').replace('#~ ', ''))
        check = subprocess.run(['msgfmt', '--check', '--output-file=/dev/null', merged],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               encoding='utf-8', errors='replace')

    # msgattrib keeps the header entry (msgid "") in its output whatever the
    # filter, so that the output is a valid PO file, and never counts it as
    # fuzzy: it is read from the merged file itself.
    header_fuzzy = any('fuzzy' in e['flags'] for e in header)
    untranslated = [e for e in untranslated if e['msgid'] != '']
    fuzzy = [e for e in fuzzy if e['msgid'] != '' and 'fuzzy' in e['flags']]
    obsolete = [e for e in obsolete if e['msgid'] != '']

    failed = False
    print('%d strings in the sources; %s merged against them.' % (len(template), po_name))

    # Such a warning is a string that cannot be translated as written, most
    # often a format string cut by a macro (G_GINT64_FORMAT…): xgettext keeps
    # only the part before the macro, which then never matches at run time.
    warnings = [line for line in extraction.splitlines() if 'warning' in line]
    if warnings:
        failed = True
        print('\nFAIL: xgettext warns about %d string(s) of the sources:' % len(warnings))
        for line in warnings:
            print('  ' + line)

    if untranslated:
        failed = True
        print('\nFAIL: %d untranslated in %s:' % (len(untranslated), po_name))
        for entry in untranslated:
            print(describe(entry))

    if header_fuzzy:
        failed = True
        print('\nFAIL: the header entry of %s is fuzzy: msgfmt ignores it, and with it '
              'the charset and plural forms; remove its "#, fuzzy" flag.' % po_name)
    if fuzzy:
        failed = True
        print('\nFAIL: %d fuzzy in %s (the English changed: check the translation, '
              'then remove the "#, fuzzy" flag):' % (len(fuzzy), po_name))
        for entry in fuzzy:
            print(describe(entry))

    if check.returncode != 0:
        failed = True
        print('\nFAIL: msgfmt --check rejects %s once merged with the sources:\n%s'
              % (po_name, check.stdout.rstrip().replace(merged, po_name)))

    if obsolete:
        print('\nnote: %d entries of %s are used by no source any more '
              '(msgmerge would make them obsolete):' % (len(obsolete), po_name))
        for entry in obsolete:
            print('    msgid "%s"' % entry['msgid'])

    if failed:
        return 1
    print('OK: every string is translated, none is fuzzy.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
