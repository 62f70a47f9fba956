#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the rule between the layers: widgets/ never reaches data/, and data/
never uses GTK (docs: ARCHITECTURE.md, "Layers and the rule between them").

(a) Includes as written: no file under widgets/ includes a header that exists
    under data/ (and not under widgets/), and no file under data/ includes
    <gtk/…>, <gdk/…>, <gsk/…> or <adwaita.h>.
(b) A compile probe: the compile command meson gives a widgets/ file, from
    BUILD_ROOT/compile_commands.json, run on a probe file that includes one
    data/ header must fail with "No such file" for that header, for every
    header of data/; as a control, the same command on a probe that includes
    <gtk/gtk.h> and <adwaita.h> must succeed, so the check cannot pass because
    the command itself is broken.
(c) Include paths: the compile commands of data/ files have no gtk-4.0 or
    libadwaita include path and do not reach widgets/; those of widgets/ files
    do not reach data/.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.M)
GTK_INCLUDE_RE = re.compile(r'^(gtk|gdk|gsk)/|^adwaita\.h$|^gtk/gtk\.h$')
SOURCE_EXTS = ('.c', '.h')
FORBIDDEN_IN_DATA = ('gtk-4.0', 'libadwaita')
NOT_FOUND = ('No such file', 'file not found')

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def files_under(folder, exts):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for name in sorted(filenames):
            if name.endswith(exts):
                yield os.path.join(dirpath, name)


def is_under(path, folder):
    path = os.path.realpath(path)
    folder = os.path.realpath(folder)
    return path == folder or path.startswith(folder + os.sep)


def check_written_includes(root):
    data_dir = os.path.join(root, 'data')
    widgets_dir = os.path.join(root, 'widgets')
    data_headers = {}
    for path in files_under(data_dir, ('.h',)):
        rel = os.path.relpath(path, data_dir).replace(os.sep, '/')
        data_headers.setdefault(rel, path)
        data_headers.setdefault(os.path.basename(rel), path)

    checked = 0
    for path in files_under(widgets_dir, SOURCE_EXTS):
        checked += 1
        text = open(path, encoding='utf-8', errors='replace').read()
        for m in INCLUDE_RE.finditer(text):
            name = m.group(2)
            # A header of widgets/ itself wins over a data/ one of the same name.
            if (os.path.exists(os.path.join(os.path.dirname(path), name))
                    or os.path.exists(os.path.join(widgets_dir, name))):
                continue
            if name in data_headers:
                fail('%s:%d includes "%s", a header of data/ (%s)'
                     % (os.path.relpath(path, root), text.count('\n', 0, m.start()) + 1,
                        name, os.path.relpath(data_headers[name], root)))
    for path in files_under(data_dir, SOURCE_EXTS):
        checked += 1
        text = open(path, encoding='utf-8', errors='replace').read()
        for m in INCLUDE_RE.finditer(text):
            if GTK_INCLUDE_RE.search(m.group(2)):
                fail('%s:%d includes <%s>: data/ must not use GTK'
                     % (os.path.relpath(path, root), text.count('\n', 0, m.start()) + 1,
                        m.group(2)))
    print('(a) includes of %d files in widgets/ and data/ checked' % checked)
    return sorted({os.path.relpath(p, data_dir).replace(os.sep, '/')
                   for p in data_headers.values()})


def load_commands(build_root):
    path = os.path.join(build_root, 'compile_commands.json')
    if not os.path.isfile(path):
        fail('%s does not exist (configure with the ninja backend)' % path)
        return []
    commands = []
    with open(path, encoding='utf-8') as f:
        for entry in json.load(f):
            directory = entry['directory']
            argv = entry['arguments'] if 'arguments' in entry else shlex.split(entry['command'])
            source = os.path.normpath(os.path.join(directory, entry['file']))
            commands.append((source, directory, argv))
    return commands


def include_dirs(argv, directory):
    """The include folders of a command, absolute, with the option used."""
    dirs = []
    options = ('-I', '-isystem', '-iquote', '-idirafter')
    i = 0
    while i < len(argv):
        arg = argv[i]
        for option in options:
            if arg == option and i + 1 < len(argv):
                dirs.append((option, os.path.normpath(os.path.join(directory, argv[i + 1]))))
                i += 1
                break
            if arg.startswith(option) and len(arg) > len(option) and not (
                    option == '-I' and arg.startswith(('-isystem', '-iquote', '-idirafter'))):
                dirs.append((option, os.path.normpath(os.path.join(directory, arg[len(option):]))))
                break
        i += 1
    return dirs


def probe_command(argv, directory, probe, obj):
    """The command with the source replaced by PROBE, the object written to
    OBJ, no dependency file, and include folders that do not exist (not built
    yet) dropped: -Werror=missing-include-dirs would fail on them, and no
    header can come from them anyway."""
    out = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ('-MD', '-MMD'):
            pass
        elif arg in ('-MF', '-MQ', '-MT'):
            i += 1
        elif arg == '-o':
            out += ['-o', obj]
            i += 1
        elif arg == '-c':
            out += ['-c', probe]
            i += 1
        elif arg.startswith('-I') and len(arg) > 2 and not arg.startswith(('-isystem', '-iquote', '-idirafter')) \
                and not os.path.isdir(os.path.join(directory, arg[2:])):
            pass
        else:
            out.append(arg)
        i += 1
    return out


def compile_probe(argv, directory, tmp, name, text):
    probe = os.path.join(tmp, name + '.c')
    with open(probe, 'w', encoding='utf-8') as f:
        f.write(text)
    cmd = probe_command(argv, directory, probe, os.path.join(tmp, name + '.o'))
    env = dict(os.environ, LC_ALL='C', LANG='C', LANGUAGE='')
    result = subprocess.run(cmd, cwd=directory, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, encoding='utf-8', errors='replace')
    return result.returncode, result.stdout, cmd


def check_compile_probe(root, commands, data_headers):
    widgets_dir = os.path.join(root, 'widgets')
    candidates = [c for c in commands if is_under(c[0], widgets_dir) and c[0].endswith('.c')]
    if not candidates:
        fail('(b) no widgets/ file in compile_commands.json: nothing to probe with')
        return
    source, directory, argv = candidates[0]
    if '-c' not in argv:
        fail('(b) the compile command of %s has no -c SOURCE: cannot probe' % source)
        return
    print('(b) probing with the compile command of %s' % os.path.relpath(source, root))

    with tempfile.TemporaryDirectory(prefix='crrc-layering-') as tmp:
        control = ('#include <gtk/gtk.h>\n#include <adwaita.h>\n\n'
                   'int crrc_layering_probe (void);\n\n'
                   'int\ncrrc_layering_probe (void)\n{\n'
                   '  return GTK_MAJOR_VERSION + ADW_MAJOR_VERSION;\n}\n')
        status, output, cmd = compile_probe(argv, directory, tmp, 'control', control)
        if status != 0:
            fail('(b) control: a probe including <gtk/gtk.h> and <adwaita.h> does not compile '
                 'with the widgets/ command, so the probe proves nothing:\n  $ %s\n%s'
                 % (' '.join(shlex.quote(a) for a in cmd), output.rstrip()))
            return
        print('    control: <gtk/gtk.h> and <adwaita.h> compile')

        if not data_headers:
            fail('(b) data/ has no header to probe')
        # Each header on its own (the compiler stops at the first missing
        # one), then the pair the architecture names, together.
        probes = []
        for header in data_headers:
            probes.append([header])
            if '/' in header:
                probes.append([header.rsplit('/', 1)[1]])
        if 'crrc-store.h' in data_headers and 'crrc-geo.h' in data_headers:
            probes.append(['crrc-store.h', 'crrc-geo.h'])
        for n, headers in enumerate(probes):
            text = ''.join('#include "%s"\n' % h for h in headers)
            text += '\nint crrc_layering_probe (void);\n\nint\ncrrc_layering_probe (void)\n{\n  return 0;\n}\n'
            status, output, cmd = compile_probe(argv, directory, tmp, 'probe%d' % n, text)
            what = ' and '.join('"%s"' % h for h in headers)
            if status == 0:
                fail('(b) a widgets/ file can include %s: data/ is on its include path' % what)
            elif not any(s in output for s in NOT_FOUND) or headers[0] not in output:
                fail('(b) including %s from widgets/ fails, but not because the header is '
                     'missing:\n%s' % (what, output.rstrip()))
            else:
                print('    %s: not found, as it should be' % what)


def check_include_paths(root, build_root, commands):
    data_src = os.path.join(root, 'data')
    widgets_src = os.path.join(root, 'widgets')
    data_build = os.path.join(build_root, 'data')
    widgets_build = os.path.join(build_root, 'widgets')

    data_cmds = [c for c in commands if is_under(c[0], data_src)]
    widgets_cmds = [c for c in commands if is_under(c[0], widgets_src)]
    if not data_cmds:
        fail('(c) no data/ file in compile_commands.json')
    for source, directory, argv in data_cmds:
        for option, path in include_dirs(argv, directory):
            rel = os.path.relpath(source, root)
            if any(word in path for word in FORBIDDEN_IN_DATA):
                fail('(c) %s is compiled with %s%s: data/ must not see GTK or libadwaita'
                     % (rel, option, path))
            if is_under(path, widgets_src) or is_under(path, widgets_build):
                fail('(c) %s is compiled with %s%s: data/ must not see widgets/'
                     % (rel, option, path))
    for source, directory, argv in widgets_cmds:
        for option, path in include_dirs(argv, directory):
            if is_under(path, data_src) or is_under(path, data_build):
                fail('(c) %s is compiled with %s%s: widgets/ must not see data/'
                     % (os.path.relpath(source, root), option, path))
    print('(c) include paths of %d data/ and %d widgets/ compile commands checked'
          % (len(data_cmds), len(widgets_cmds)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--build-root', required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.source_root)
    build_root = os.path.abspath(args.build_root)

    data_headers = check_written_includes(root)
    commands = load_commands(build_root)
    if commands:
        check_compile_probe(root, commands, data_headers)
        check_include_paths(root, build_root, commands)

    if failures:
        print('\n%d layering violation(s)' % len(failures))
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
