#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the desktop entry, the metainfo and the icons agree.

What desktop-file-validate and appstreamcli cannot see, because each reads
one file:
- the desktop entry is named APP_ID.desktop, its Icon is APP_ID and its Exec
  runs the executable;
- the metainfo's id is APP_ID, it launches APP_ID.desktop, provides the
  executable, names the gettext domain, and its newest release is the
  project's version (so a version bump comes with its release notes);
- every screenshot served from the project's own repository (a URL under
  --screenshot-base) is a PNG committed at that path of the source tree, of
  the size the metainfo states if it states one;
- the icons exist where the icon theme looks for them and are well-formed
  SVG: the full-colour one on a 128x128 canvas, the symbolic one on 16x16,
  drawn in the one symbolic grey (#2e3436) with fills only (a stroke does not
  recolour reliably and vanishes at 16 px), no gradient, no bitmap, no text
  (fonts differ between systems), no external reference.
"""

import argparse
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

SVG_NS = '{http://www.w3.org/2000/svg}'
XLINK_HREF = '{http://www.w3.org/1999/xlink}href'
SYMBOLIC_COLOURS = {'#2e3436', 'none'}
PAINT_ATTRS = ('fill', 'stroke', 'stop-color', 'color', 'flood-color', 'lighting-color')

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def read_desktop(path):
    keys = {}
    group = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('[') and line.endswith(']'):
                group = line[1:-1]
            elif group == 'Desktop Entry' and '=' in line and not line.startswith('#'):
                key, _, value = line.partition('=')
                keys[key.strip()] = value.strip()
    return keys


def check_desktop(path, app_id, executable):
    name = os.path.basename(path)
    if name != app_id + '.desktop':
        fail('the desktop entry is named %s, not %s.desktop' % (name, app_id))
    keys = read_desktop(path)
    if keys.get('Icon') != app_id:
        fail('%s: Icon=%s, expected Icon=%s' % (name, keys.get('Icon'), app_id))
    exec_line = keys.get('Exec', '').split()
    if not exec_line or exec_line[0] != executable:
        fail('%s: Exec=%s does not run %s' % (name, keys.get('Exec'), executable))
    if 'TryExec' in keys and keys['TryExec'] != executable:
        fail('%s: TryExec=%s, expected %s' % (name, keys['TryExec'], executable))
    print('%s: Name=%s, Icon=%s, Exec=%s' % (name, keys.get('Name'), keys.get('Icon'),
                                            keys.get('Exec')))


def version_key(version):
    return [int(p) if p.isdigit() else p for p in re.split(r'[.\-~+]', version)]


def check_metainfo(path, app_id, executable, domain, version):
    name = os.path.basename(path)
    try:
        component = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail('%s: %s' % (name, e))
        return

    def texts(xpath):
        return [(e.text or '').strip() for e in component.findall(xpath)]

    if texts('id') != [app_id]:
        fail('%s: <id> is %s, expected %s' % (name, texts('id'), app_id))
    launchables = [(e.get('type'), (e.text or '').strip()) for e in component.findall('launchable')]
    if ('desktop-id', app_id + '.desktop') not in launchables:
        fail('%s: no <launchable type="desktop-id">%s.desktop</launchable>' % (name, app_id))
    if executable not in texts('provides/binary'):
        fail('%s: <provides> has no <binary>%s</binary>' % (name, executable))
    translations = [(e.get('type'), (e.text or '').strip()) for e in component.findall('translation')]
    if ('gettext', domain) not in translations:
        fail('%s: no <translation type="gettext">%s</translation>' % (name, domain))

    releases = [r.get('version') for r in component.findall('releases/release')]
    if not releases:
        fail('%s: no <release>' % name)
    else:
        newest = max(releases, key=version_key)
        if releases[0] != newest:
            fail('%s: releases must be listed newest first (%s before %s)'
                 % (name, releases[0], newest))
        if newest != version:
            fail('%s: the newest release is %s but the project version is %s: add a '
                 '<release> with its notes' % (name, newest, version))
    print('%s: id=%s, releases %s' % (name, app_id, ', '.join(releases)))


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def check_screenshots(path, source_root, base):
    name = os.path.basename(path)
    try:
        component = ET.parse(path).getroot()
    except ET.ParseError:
        return
    images = component.findall('screenshots/screenshot/image')
    if not images:
        fail('%s: no screenshot' % name)
    for image in images:
        url = (image.text or '').strip()
        if not url.startswith(base):
            print('%s: screenshot %s is not in this repository: not checked' % (name, url))
            continue
        rel = url[len(base):]
        local = os.path.join(source_root, *rel.split('/'))
        if not os.path.isfile(local):
            fail('%s: the screenshot %s is not committed at %s' % (name, url, rel))
            continue
        size = png_size(local)
        if size is None:
            fail('%s: %s is not a PNG file' % (name, rel))
            continue
        stated = (image.get('width'), image.get('height'))
        if stated != (None, None) and stated != (str(size[0]), str(size[1])):
            fail('%s: %s is %dx%d but the metainfo says %sx%s'
                 % (name, rel, size[0], size[1], stated[0], stated[1]))
        print('%s: screenshot %s, %dx%d' % (name, rel, size[0], size[1]))


def canvas(root):
    view_box = root.get('viewBox')
    if view_box:
        parts = view_box.replace(',', ' ').split()
        if len(parts) == 4:
            return float(parts[2]), float(parts[3])
    try:
        return float(root.get('width', '')), float(root.get('height', ''))
    except ValueError:
        return None


def paints(element):
    """Colours an element uses, from attributes and its style attribute."""
    found = []
    for attr in PAINT_ATTRS:
        if element.get(attr) is not None:
            found.append((attr, element.get(attr).strip().lower()))
    for decl in (element.get('style') or '').split(';'):
        prop, _, value = decl.partition(':')
        if prop.strip() in PAINT_ATTRS:
            found.append((prop.strip(), value.strip().lower()))
    return found


def check_svg(path, size, symbolic):
    rel = os.path.join(*path.split(os.sep)[-4:])
    if not os.path.isfile(path):
        fail('%s does not exist' % rel)
        return
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail('%s: not well-formed XML: %s' % (rel, e))
        return
    if root.tag != SVG_NS + 'svg':
        fail('%s: the root element is %s, not an SVG <svg>' % (rel, root.tag))
        return
    if canvas(root) != (size, size):
        fail('%s: canvas %s, expected %dx%d' % (rel, canvas(root), size, size))

    for element in root.iter():
        tag = element.tag.replace(SVG_NS, '')
        if tag in ('image', 'text', 'foreignObject', 'script'):
            fail('%s: has an <%s> element' % (rel, tag))
        href = element.get('href') or element.get(XLINK_HREF)
        if href and not href.startswith('#'):
            fail('%s: <%s> refers to %s outside the file' % (rel, tag, href))
        if symbolic:
            if tag in ('linearGradient', 'radialGradient', 'pattern', 'filter'):
                fail('%s: a symbolic icon has no <%s>' % (rel, tag))
            for prop, value in paints(element):
                if prop == 'stroke' and value != 'none':
                    fail('%s: <%s> has stroke=%s: draw outlines as filled paths'
                         % (rel, tag, value))
                elif prop != 'stroke' and value not in SYMBOLIC_COLOURS:
                    fail('%s: <%s> has %s=%s: a symbolic icon uses #2e3436 only'
                         % (rel, tag, prop, value))
    print('%s: %dx%d SVG' % (rel, size, size))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--desktop-file', required=True)
    parser.add_argument('--metainfo', required=True)
    parser.add_argument('--icons-dir', required=True, help='the hicolor/… tree of the sources')
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--executable', required=True)
    parser.add_argument('--domain', required=True)
    parser.add_argument('--version', required=True)
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--screenshot-base', required=True,
                        help='URL of the source tree\'s root as served raw, ending in /')
    args = parser.parse_args()

    check_desktop(args.desktop_file, args.app_id, args.executable)
    check_metainfo(args.metainfo, args.app_id, args.executable, args.domain, args.version)
    check_screenshots(args.metainfo, args.source_root, args.screenshot_base)
    hicolor = os.path.join(args.icons_dir, 'hicolor')
    check_svg(os.path.join(hicolor, 'scalable', 'apps', args.app_id + '.svg'), 128, False)
    check_svg(os.path.join(hicolor, 'symbolic', 'apps', args.app_id + '-symbolic.svg'), 16, True)

    if failures:
        print('\n%d problem(s)' % len(failures))
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
