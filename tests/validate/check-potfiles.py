#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check po/POTFILES.in against the sources.

- The entries (blank lines and '#' comments aside) are sorted in byte order
  (as `LC_ALL=C sort`), with no duplicates and no stray whitespace, and each
  names an existing file by its path from the source root.
- Every file under app/, widgets/ and data/ that holds translatable strings is
  listed, unless po/POTFILES.skip lists it. A file holds translatable strings
  when it is:
    .c/.h            a call of a keyword xgettext extracts with meson's glib
                     preset or by default: _("…"), N_("…"), C_("…", …),
                     NC_("…", …), g_dcgettext, g_dngettext, g_dpgettext2,
                     gettext, ngettext, pgettext and the rest of the C family
                     (comments are ignored);
    .ui              an element with translatable="yes" (or "true", "1");
    .desktop.in      a Name, GenericName, Comment or Keywords key;
    .metainfo.xml.in / .appdata.xml.in
                     always (name, summary, description…);
    .gschema.xml     a summary or description, when the schema declares a
                     gettext-domain: GSettings tools translate them at run time
                     through that domain. A schema with no gettext-domain is
                     never translated, so it must not be listed (its
                     translations would be dead weight).
- Legacy intltool markup (`_Name=` in desktop files, `<_p>` in XML), which
  neither xgettext nor msgfmt understand, is an error, and so is a
  translatable="…" value GtkBuilder accepts but xgettext's rules ignore
  ("TRUE", "y", "t"…), since that string would silently stay in English.
"""

import argparse
import os
import re
import sys

SCANNED_DIRS = ('app', 'widgets', 'data')

# Keywords of meson's glib preset, and xgettext's default C keywords.
C_STRING_KEYWORDS = ('_', 'N_', 'C_', 'NC_')
C_CALL_KEYWORDS = (
    'g_dcgettext', 'g_dngettext', 'g_dpgettext2',
    'gettext', 'dgettext', 'dcgettext', 'ngettext', 'dngettext', 'dcngettext',
    'pgettext', 'dpgettext', 'dcpgettext', 'npgettext', 'dnpgettext',
    'dcnpgettext', 'gettext_noop',
)
C_KEYWORD_RE = re.compile(
    r'(?<![A-Za-z0-9_])(?:'
    r'(?:' + '|'.join(re.escape(k) for k in C_STRING_KEYWORDS) + r')\s*\(\s*"'
    r'|(?:' + '|'.join(re.escape(k) for k in C_CALL_KEYWORDS) + r')\s*\('
    r')')

XML_COMMENT_RE = re.compile(r'<!--.*?-->', re.S)
UI_TRANSLATABLE_RE = re.compile(r'\btranslatable\s*=\s*(["\'])(.*?)\1')
# Values xgettext's gtk4builder.its extracts, and those GtkBuilder reads as true.
UI_EXTRACTED = ('yes', 'true', '1')
UI_TRUE = ('yes', 'true', '1', 'y', 't')
DESKTOP_KEY_RE = re.compile(r'^(Name|GenericName|Comment|Keywords)\s*=', re.M)
DESKTOP_INTLTOOL_RE = re.compile(r'^_[A-Za-z]+\s*=', re.M)
XML_INTLTOOL_RE = re.compile(r'<_[A-Za-z]')
GSCHEMA_DOMAIN_RE = re.compile(r'\bgettext-domain\s*=')
GSCHEMA_TEXT_RE = re.compile(r'<(summary|description)\b')


def strip_c_comments(text):
    """Blank out C comments, keeping string literals and line numbers."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append('\n' * text.count('\n', i, end))
            i = end
        elif text.startswith('//', i):
            end = text.find('\n', i)
            i = n if end < 0 else end
        elif text[i] in '"\'':
            quote = text[i]
            j = i + 1
            while j < n and text[j] != quote and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


def kind_of(path):
    """The kind of a source file, or None if its kind holds no strings."""
    name = os.path.basename(path)
    for suffix in ('.in.in', '.in'):
        if name.endswith(suffix):
            base = name[:-len(suffix)]
            break
    else:
        base = None
    if name.endswith(('.c', '.h')):
        return 'c'
    if name.endswith('.ui'):
        return 'ui'
    if base is not None and base.endswith('.desktop'):
        return 'desktop'
    if base is not None and base.endswith(('.metainfo.xml', '.appdata.xml')):
        return 'metainfo'
    if name.endswith(('.gschema.xml', '.gschema.xml.in')):
        return 'gschema'
    if name.endswith('.in'):
        return 'other-in'
    return None


def scan(path, kind):
    """Return (reason it is translatable or None, [errors], [notes])."""
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except UnicodeDecodeError:
        return None, ['not valid UTF-8 (xgettext runs with --from-code=UTF-8)'], []

    errors = []
    notes = []
    reason = None
    if kind == 'c':
        code = strip_c_comments(text)
        m = C_KEYWORD_RE.search(code)
        if m:
            reason = 'line %d: %s' % (line_of(code, m.start()), m.group(0).strip())
    elif kind == 'ui':
        body = XML_COMMENT_RE.sub(lambda m: '\n' * m.group(0).count('\n'), text)
        for m in UI_TRANSLATABLE_RE.finditer(body):
            value = m.group(2)
            if value in UI_EXTRACTED:
                if reason is None:
                    reason = 'line %d: translatable="%s"' % (line_of(body, m.start()), value)
            elif value.lower() in UI_TRUE:
                errors.append('line %d: translatable="%s": GtkBuilder translates it but '
                              'xgettext does not extract it; write translatable="yes"'
                              % (line_of(body, m.start()), value))
    elif kind == 'desktop':
        m = DESKTOP_KEY_RE.search(text)
        if m:
            reason = 'line %d: %s key' % (line_of(text, m.start()), m.group(1))
        for m in DESKTOP_INTLTOOL_RE.finditer(text):
            errors.append('line %d: intltool-style key "%s": msgfmt --desktop ignores it; '
                          'drop the leading underscore' % (line_of(text, m.start()),
                                                           m.group(0).rstrip('= ')))
    elif kind == 'metainfo':
        reason = 'AppStream metainfo'
    elif kind == 'gschema':
        m = GSCHEMA_TEXT_RE.search(text)
        if GSCHEMA_DOMAIN_RE.search(text):
            if m:
                reason = 'gettext-domain and line %d: <%s>' % (line_of(text, m.start()), m.group(1))
        else:
            notes.append('no gettext-domain: its summaries are never translated')
    if kind in ('metainfo', 'gschema', 'other-in'):
        for m in XML_INTLTOOL_RE.finditer(XML_COMMENT_RE.sub('', text)):
            errors.append('intltool-style element "%s…": xgettext and msgfmt ignore it; '
                          'drop the leading underscore' % m.group(0))
            break
    return reason, errors, notes


def read_list(path):
    """Entries of a POTFILES-style file as (line number, raw line)."""
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if line.strip() == '' or line.lstrip().startswith('#'):
                continue
            entries.append((number, line))
    return entries


def walk_sources(root):
    for top in SCANNED_DIRS:
        top_dir = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(top_dir):
            # Hidden folders and build folders placed inside the tree.
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith('.')
                                 and not os.path.exists(os.path.join(dirpath, d, 'meson-private')))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                yield os.path.relpath(full, root).replace(os.sep, '/')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--potfiles', help='default: SOURCE_ROOT/po/POTFILES.in')
    parser.add_argument('--skip', help='default: SOURCE_ROOT/po/POTFILES.skip, if it exists')
    args = parser.parse_args()

    root = os.path.abspath(args.source_root)
    potfiles = args.potfiles or os.path.join(root, 'po', 'POTFILES.in')
    skipfile = args.skip or os.path.join(root, 'po', 'POTFILES.skip')
    shown = os.path.relpath(potfiles, root)
    errors = []

    if not os.path.isfile(potfiles):
        print('FAIL: %s does not exist' % shown)
        return 1

    entries = read_list(potfiles)
    listed = [line for _, line in entries]

    # Form of each entry.
    for number, line in entries:
        where = '%s:%d' % (shown, number)
        if line != line.strip():
            errors.append('%s: "%s" has leading or trailing whitespace' % (where, line))
        path = line.strip()
        if os.path.isabs(path) or path.startswith('./') or '..' in path.split('/') or '\\' in path:
            errors.append('%s: "%s" must be a plain path from the source root' % (where, path))
        elif not os.path.isfile(os.path.join(root, path)):
            errors.append('%s: "%s" does not exist' % (where, path))

    # Order and duplicates.
    stripped = [line.strip() for line in listed]
    seen = set()
    for (number, _), path in zip(entries, stripped):
        if path in seen:
            errors.append('%s:%d: "%s" is listed twice' % (shown, number, path))
        seen.add(path)
    # Python compares strings by code point, which is the order of
    # `LC_ALL=C sort` for UTF-8 text.
    if stripped != sorted(stripped):
        for (number, _), path, previous in zip(entries[1:], stripped[1:], stripped):
            if path < previous:
                errors.append('%s:%d: "%s" is out of order (it sorts before "%s")'
                              % (shown, number, path, previous))
        errors.append('%s must be sorted as by `LC_ALL=C sort -u`:\n    %s'
                      % (shown, '\n    '.join(sorted(set(stripped)))))

    skipped = set()
    if os.path.isfile(skipfile):
        skipped = {line.strip() for _, line in read_list(skipfile)}
        for path in sorted(skipped & seen):
            errors.append('"%s" is in both %s and %s'
                          % (path, shown, os.path.relpath(skipfile, root)))

    # Every source file with translatable strings is listed.
    found = 0
    for path in walk_sources(root):
        kind = kind_of(path)
        if kind is None:
            continue
        reason, file_errors, notes = scan(os.path.join(root, path), kind)
        for message in file_errors:
            errors.append('%s: %s' % (path, message))
        if reason:
            found += 1
            if path not in seen and path not in skipped:
                errors.append('%s has translatable strings (%s) but is not in %s'
                              % (path, reason, shown))
        elif path in seen:
            if kind == 'gschema' and notes:
                errors.append('%s is in %s but declares no gettext-domain, so its '
                              'translations would never be used' % (path, shown))
            else:
                print('note: %s is listed but holds no translatable string' % path)

    print('%s: %d entries; %d files with translatable strings under %s'
          % (shown, len(entries), found, ', '.join(d + '/' for d in SCANNED_DIRS)))
    if errors:
        print()
        for message in errors:
            print('FAIL: ' + message)
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
