#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that SQL is only ever built from constants, and values only bound
(docs: CONTRIBUTING.md, "SQL review"; issue 10).

Under data/, every call that runs SQL is found: sqlite3_prepare*, the
sqlite3_prepare16* family, sqlite3_exec, and every function of data/ that
passes one of its parameters on to one of those (found by this script, so a
new wrapper is checked without being listed here). The SQL argument of each
call must be constant:

- string literals, adjacent literals, macros that expand to them,
  G_STRINGIFY (), a ternary between constants;
- a static const table of literals (`rows_sql[kind]`), also through a
  local pointer only ever set into such a table (`export = &exports[i]`,
  then `export->query`) or a member only ever set so anywhere in the file
  (`self->spec = &kind_specs[kind]`, then `self->spec->sql[id]`);
- a local variable only ever assigned constants, or the result of a
  checked builder (below);
- a parameter of a static function whose every call in the file passes a
  constant, or of a wrapper (its calls are the ones checked);
- the call of a function whose every `return` is constant
  (`order_by (sort, descending)`, `crrc_feed_kind_to_name (kind)`).

Builders: g_strdup_printf, g_string_(append_)printf, sqlite3_mprintf,
g_snprintf…, g_strconcat/g_strjoin and the g_string_append/insert… family on
a GString. A builder is SQL when its text looks like SQL (upper-case
keywords) or when its result reaches a call that runs SQL. Every piece of an
SQL builder must be constant. An integer conversion right after `?` or
`:name` numbers a placeholder and passes; any other conversion of a
variable fails: `%s`/`%q`/`%Q`/`%w` of a variable is how injection happens,
an integer cannot inject but is still a value that belongs in a bound
parameter, so it needs a review.

Under app/ and widgets/ there must be no SQL at all (ARCHITECTURE.md): no
<sqlite3.h>, no sqlite3_* call, no call of a data/ wrapper, no literal that
starts an SQL statement (these cannot be allowlisted). tests/ is not scanned: fixtures write damaged and
hostile rows on purpose, into files the test itself creates.

A site that was reviewed and is safe goes into the allowlist
(tests/validate/sql-review.txt), one line per site:

    FILE | FUNCTION | FINGERPRINT | why the pieces are constant

The fingerprint is printed with each finding; it hashes the kind of finding,
the SQL text and the expressions that failed, so another site in the same
function, or a change of the reviewed one, fails again. An entry that
matches nothing fails too (remove it, or review the changed site again).

Each finding is printed as FILE:LINE: what is wrong; the exit status is 1
when there is any. This is a careful reading, not a C parser: it errs
towards reporting, and a false positive goes to the allowlist with a reason.
"""

import argparse
import hashlib
import os
import re
import sys

SINKS = {
    'sqlite3_prepare': 1,
    'sqlite3_prepare_v2': 1,
    'sqlite3_prepare_v3': 1,
    'sqlite3_prepare16': 1,
    'sqlite3_prepare16_v2': 1,
    'sqlite3_prepare16_v3': 1,
    'sqlite3_exec': 1,
}

# name: (index of the format, takes a va_list)
PRINTF = {
    'g_strdup_printf': (0, False),
    'g_strdup_vprintf': (0, True),
    'g_string_printf': (1, False),
    'g_string_append_printf': (1, False),
    'g_string_vprintf': (1, True),
    'g_string_append_vprintf': (1, True),
    'g_snprintf': (2, False),
    'g_vsnprintf': (2, True),
    'g_sprintf': (1, False),
    'g_vasprintf': (1, True),
    'sqlite3_mprintf': (0, False),
    'sqlite3_vmprintf': (0, True),
    'sqlite3_snprintf': (2, False),
    'sqlite3_vsnprintf': (2, True),
    'sqlite3_str_appendf': (1, False),
    'sqlite3_str_vappendf': (1, True),
}

# name: (index of the GString/sqlite3_str, indexes of the text pieces)
GSTRING_OPS = {
    'g_string_append': (0, (1,)),
    'g_string_append_len': (0, (1,)),
    'g_string_prepend': (0, (1,)),
    'g_string_prepend_len': (0, (1,)),
    'g_string_insert': (0, (2,)),
    'g_string_insert_len': (0, (2,)),
    'g_string_overwrite': (0, (2,)),
    'g_string_overwrite_len': (0, (2,)),
    'g_string_assign': (0, (1,)),
    'g_string_replace': (0, (1, 2)),
    'g_string_append_c': (0, (1,)),
    'g_string_prepend_c': (0, (1,)),
    'g_string_insert_c': (0, (2,)),
    'g_string_append_unichar': (0, (1,)),
    'g_string_prepend_unichar': (0, (1,)),
    'g_string_insert_unichar': (0, (2,)),
    'g_string_append_uri_escaped': (0, (1,)),
    'sqlite3_str_append': (0, (1,)),
    'sqlite3_str_appendall': (0, (1,)),
    'sqlite3_str_appendchar': (0, (2,)),
}

GSTRING_NEW = ('g_string_new', 'g_string_new_len', 'g_string_new_take')
CONCAT = ('g_strconcat', 'g_strjoin', 'g_strjoinv')
STEAL = ('g_string_free', 'g_string_free_and_steal', 'sqlite3_str_finish')

# Format macros of GLib, as their glibc values on Linux.
FORMAT_MACROS = {
    'G_GINT16_FORMAT': 'hi', 'G_GUINT16_FORMAT': 'hu',
    'G_GINT32_FORMAT': 'i', 'G_GUINT32_FORMAT': 'u',
    'G_GINT64_FORMAT': 'li', 'G_GUINT64_FORMAT': 'lu',
    'G_GSIZE_FORMAT': 'lu', 'G_GSSIZE_FORMAT': 'li',
    'G_GOFFSET_FORMAT': 'li', 'G_GINTPTR_FORMAT': 'li', 'G_GUINTPTR_FORMAT': 'lu',
    'G_GINT16_MODIFIER': 'h', 'G_GINT32_MODIFIER': '', 'G_GINT64_MODIFIER': 'l',
    'G_GSIZE_MODIFIER': 'l', 'G_GSSIZE_MODIFIER': 'l', 'G_GOFFSET_MODIFIER': 'l',
    'G_GINTPTR_MODIFIER': 'l',
}

SQL_WORDS = re.compile(
    r'\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|CREATE|DROP|ALTER|VACUUM|ATTACH|DETACH|'
    r'BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|WHERE|FROM|JOIN|VALUES|EXISTS|UNION|'
    r'ORDER BY|GROUP BY|LIMIT|OFFSET|AND|OR|NOT|IN|IS|NULL|SET|LIKE|GLOB|CASE|WHEN)\b')
SQL_STATEMENT = re.compile(
    r'^\s*(SELECT\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+(\.\w+)?\s+SET\b|DELETE\s+FROM\b|'
    r'REPLACE\s+INTO\b|CREATE\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b|'
    r'DROP\s+(TABLE|INDEX|VIEW|TRIGGER)\b|ALTER\s+TABLE\b|PRAGMA\s+\w|BEGIN(\s+IMMEDIATE|\s+EXCLUSIVE)?\s*;?$|'
    r'COMMIT\s*;?$|ROLLBACK\b|SAVEPOINT\s+\w|ATTACH\s+DATABASE|WITH\s+(RECURSIVE\s+)?\w+\s*(\(|AS\b))')

STRING_RE = re.compile(r'"(?:\\.|[^"\\\n])*"')
IDENT_RE = re.compile(r'[A-Za-z_]\w*')
CONVERSION_RE = re.compile(r'%([-+ #0\']*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|L|q|j|z|t)?([diouxXcsqQwzpeEfgGaAn%])')
INTEGER_CONVERSIONS = set('diouxXc')
PLACEHOLDER_BEFORE = re.compile(r'(\?|[:@$][A-Za-z_]\w*)$')
QUOTED_CONVERSION = re.compile(r"'%[-+ #0]*\d*(?:\.\d+)?[sqQwz]'|\"%[-+ #0]*\d*(?:\.\d+)?[sqQwz]\"")
CAST_RE = re.compile(r'^\(\s*(?:const\s+)?(?:unsigned\s+)?(?:g?char|gchar|guchar|void|int|guint|gint|gint64|guint64|'
                     r'long|gsize|gssize|sqlite3_int64|gdouble|double)\s*(?:const\s*)?\**\s*(?:const\s*)?\)')
NUMBER_RE = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?)[uUlLfF]*$|^'(\\.|[^'\\])+'$")
KEYWORDS = {'return', 'sizeof', 'if', 'while', 'for', 'switch', 'case', 'else', 'do', 'goto', 'static', 'const',
            'char', 'int', 'unsigned', 'void', 'struct', 'enum', 'typedef', 'extern'}
CONSTANT_NAMES = {'NULL', 'TRUE', 'FALSE', 'G_MAXINT', 'G_MAXUINT', 'G_MAXINT64', 'G_MININT64'}
CONSTANT_FUNCS = {'sizeof', 'G_N_ELEMENTS', 'G_STRINGIFY', 'G_STRLOC', 'GINT_TO_POINTER', 'GUINT_TO_POINTER'}
SOURCE_EXTS = ('.c', '.h')
# Joins the texts a constant may have (the branches of a ternary).
BRANCH = '\x00'


def mask_source(text):
    """Comments and preprocessor lines become blanks, string and character
    contents become 'x': the offsets stay those of @text. Returns the masked
    text, the text without comments, and the #define lines."""
    masked = list(text)
    plain = list(text)
    defines = []
    i = 0
    n = len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c in ' \t':
            i += 1
            continue
        if line_start and c == '#':
            j = i
            while j < n:
                if text[j] == '\n' and text[j - 1] != '\\':
                    break
                j += 1
            directive = text[i:j]
            directive = re.sub(r'/\*.*?\*/', ' ', directive, flags=re.S)
            directive = re.sub(r'//[^\n]*', ' ', directive)
            defines.append((i, directive))
            for k in range(i, j):
                if text[k] != '\n':
                    masked[k] = ' '
            i = j
            continue
        line_start = False
        if c == '\n':
            line_start = True
            i += 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if text[k] != '\n':
                    masked[k] = ' '
                    plain[k] = ' '
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            for k in range(i, j):
                masked[k] = ' '
                plain[k] = ' '
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            for k in range(i + 1, min(j, n)):
                masked[k] = 'x'
            i = j + 1
        else:
            i += 1
    return ''.join(masked), ''.join(plain), defines


def matching(masked, start, open_char, close_char):
    """The index of the bracket that closes the one at @start, or -1."""
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == open_char:
            depth += 1
        elif masked[i] == close_char:
            depth -= 1
            if depth == 0:
                return i
    return -1


def split_top(masked, start, end, separator=','):
    """Spans of @masked[start:end] separated by @separator at depth 0."""
    spans = []
    depth = 0
    begin = start
    for i in range(start, end):
        c = masked[i]
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == separator and depth == 0:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return spans


def squeeze(text):
    return re.sub(r'\s+', ' ', text).strip()


class Call:
    def __init__(self, source, name, start, open_paren, close_paren):
        self.source = source
        self.name = name
        self.start = start
        self.args = []
        if source.masked[open_paren + 1:close_paren].strip():
            for a, b in split_top(source.masked, open_paren + 1, close_paren):
                self.args.append((a, b))
        self.end = close_paren + 1

    def arg(self, i):
        a, b = self.args[i]
        return squeeze(self.source.plain[a:b])

    def arg_start(self, i):
        a, b = self.args[i]
        return a + len(self.source.plain[a:b]) - len(self.source.plain[a:b].lstrip())

    @property
    def line(self):
        return self.source.line_of(self.start)


class Function:
    def __init__(self, source, name, name_pos, params_span, body_span, static):
        self.source = source
        self.name = name
        self.name_pos = name_pos
        self.body_start, self.body_end = body_span
        self.static = static
        self.params = []
        a, b = params_span
        for part in split_top(source.masked, a, b):
            decl = source.plain[part[0]:part[1]]
            # "char *(*build) (Columns)": the name is in the first group.
            fn_ptr = re.search(r'\(\s*\*\s*(\w+)\s*\)', decl)
            if fn_ptr:
                self.params.append((fn_ptr.group(1), decl))
                continue
            decl = re.sub(r'\[[^\]]*\]', '', decl)
            names = IDENT_RE.findall(decl)
            self.params.append((names[-1] if names else '', decl))
        self.is_gstring = {name for name, decl in self.params if re.search(r'\b(GString|sqlite3_str)\s*\*', decl)}
        self._calls = None

    def param_index(self, name):
        for i, (param, _) in enumerate(self.params):
            if param == name:
                return i
        return -1

    def body(self):
        return self.source.masked[self.body_start:self.body_end]

    def calls(self):
        if self._calls is None:
            self._calls = self.source.calls_in(self.body_start, self.body_end)
        return self._calls


class Source:
    def __init__(self, root, path):
        self.path = path
        self.rel = os.path.relpath(path, root)
        with open(path, encoding='utf-8', errors='replace') as f:
            self.text = f.read()
        self.masked, self.plain, directives = mask_source(self.text)
        self.line_starts = [0] + [m.end() for m in re.finditer('\n', self.text)]
        self.macros = {}
        self.includes_sqlite = False
        for _, directive in directives:
            body = directive.replace('\\\n', ' ')
            m = re.match(r'#\s*define\s+(\w+)(\(([^)]*)\))?\s*(.*)$', body, re.S)
            if m:
                params = [p.strip() for p in m.group(3).split(',')] if m.group(2) else None
                self.macros[m.group(1)] = (params, m.group(4).strip())
            if re.match(r'#\s*include\s*[<"]sqlite3\.h[>"]', body):
                self.includes_sqlite = True
        self.functions = []
        self.globals = {}      # name: initializer text, for file-scope constants
        self.assigned_globals = set()
        self._find_functions_and_globals()

    def line_of(self, offset):
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def _find_functions_and_globals(self):
        m = self.masked
        depth = 0
        i = 0
        statement_start = 0
        while i < len(m):
            c = m[i]
            if c == '{' and depth == 0:
                j = i - 1
                while j >= 0 and m[j].isspace():
                    j -= 1
                close = self._function_body(statement_start, j, i)
                end = matching(m, i, '{', '}')
                if end < 0:
                    break
                if close is None:
                    # An initializer or a type: skip it whole.
                    i = end + 1
                    continue
                i = end + 1
                statement_start = i
                continue
            if c == ';' and depth == 0:
                self._global_declaration(statement_start, i)
                statement_start = i + 1
            elif c == '}' and depth == 0:
                statement_start = i + 1
            i += 1

    def _function_body(self, head_start, j, brace):
        m = self.masked
        if j < 0 or m[j] != ')':
            return None
        # The parameter list: the group that ends at j, after the name.
        depth = 0
        k = j
        while k >= 0:
            if m[k] == ')':
                depth += 1
            elif m[k] == '(':
                depth -= 1
                if depth == 0:
                    break
            k -= 1
        open_paren = k
        name_end = k
        while name_end > 0 and m[name_end - 1].isspace():
            name_end -= 1
        name_start = name_end
        while name_start > 0 and (m[name_start - 1].isalnum() or m[name_start - 1] == '_'):
            name_start -= 1
        name = m[name_start:name_end]
        if not IDENT_RE.fullmatch(name) or name in KEYWORDS:
            return None
        head = m[head_start:name_start]
        if '=' in head:
            return None
        self.functions.append(Function(self, name, name_start,
                                       (open_paren + 1, j), (brace + 1, matching(m, brace, '{', '}')),
                                       re.search(r'\bstatic\b', head) is not None))
        return j

    def _global_declaration(self, start, end):
        m = self.masked
        text = m[start:end]
        eq = None
        depth = 0
        for k, c in enumerate(text):
            if c in '([{':
                depth += 1
            elif c in ')]}':
                depth -= 1
            elif c == '=' and depth == 0:
                eq = k
                break
        if eq is None:
            return
        lhs = text[:eq]
        lhs = re.sub(r'\[[^\]]*\]', '', lhs)
        names = IDENT_RE.findall(lhs)
        if not names or 'const' not in names:
            return
        self.globals[names[-1]] = (start + eq + 1, end)

    def calls_in(self, start, end):
        calls = []
        for match in re.finditer(r'\b([A-Za-z_]\w*)\s*\(', self.masked[start:end]):
            name = match.group(1)
            if name in KEYWORDS:
                continue
            open_paren = start + match.end() - 1
            close = matching(self.masked, open_paren, '(', ')')
            if close < 0:
                continue
            calls.append(Call(self, name, start + match.start(), open_paren, close))
        return calls

    def function_at(self, offset):
        for function in self.functions:
            if function.body_start <= offset < function.body_end:
                return function
        return None


class Finding:
    def __init__(self, source, line, function, kind, sql, pieces, message):
        self.source = source
        self.line = line
        self.function = function
        self.kind = kind
        self.sql = sql
        self.pieces = pieces
        self.message = message
        digest = hashlib.sha256('\0'.join([kind, squeeze(sql or '')] + [squeeze(p) for p in pieces])
                                .encode('utf-8')).hexdigest()
        self.fingerprint = digest[:12]

    def key(self):
        return (self.source.rel.replace(os.sep, '/'), self.function or '-', self.fingerprint)


class Checker:
    def __init__(self, root, sql_dirs, no_sql_dirs):
        self.root = root
        self.sources = []
        self.no_sql_sources = []
        for folder in sql_dirs:
            self.sources += [Source(root, p) for p in files_under(os.path.join(root, folder))]
        for folder in no_sql_dirs:
            self.no_sql_sources += [Source(root, p) for p in files_under(os.path.join(root, folder))]
        self.header_macros = {}
        for source in self.sources:
            if source.path.endswith('.h'):
                self.header_macros.update(source.macros)
        self.definitions = {}
        for source in self.sources:
            for function in source.functions:
                self.definitions.setdefault(function.name, []).append(function)
        # Sinks: name -> index, global; (path, name) -> index for static wrappers.
        self.global_sinks = dict(SINKS)
        self.static_sinks = {}
        self.sql_marks = set()    # (path, offset) of builders and GStrings that make SQL
        self.findings = []
        self._evaluating = set()

    # Sinks and wrappers ---------------------------------------------------

    def sink_index(self, source, name):
        if (source.path, name) in self.static_sinks:
            return self.static_sinks[(source.path, name)]
        return self.global_sinks.get(name)

    def find_wrappers(self):
        changed = True
        while changed:
            changed = False
            for source in self.sources:
                for function in source.functions:
                    for call in function.calls():
                        index = self.sink_index(source, call.name)
                        if index is None or index >= len(call.args):
                            continue
                        param = function.param_index(call.arg(index))
                        if param < 0:
                            continue
                        if function.static:
                            key = (source.path, function.name)
                            if self.static_sinks.get(key) != param:
                                self.static_sinks[key] = param
                                changed = True
                        elif self.global_sinks.get(function.name) != param:
                            self.global_sinks[function.name] = param
                            changed = True

    # Constant evaluation --------------------------------------------------

    def macro(self, source, name):
        if name in source.macros:
            return source.macros[name]
        return self.header_macros.get(name)

    def is_constant(self, expr, source, function, mark=True, depth=0):
        """Whether @expr (comments removed) can only be constant text or a
        number, or the result of a builder this script checks."""
        return self._constant(expr, source, function, mark, depth) is not None

    def literal_text(self, expr, source, function, depth=0):
        """The text of a constant string expression (all the branches of a
        ternary, joined), or None."""
        value = self._constant(expr, source, function, False, depth)
        return value if isinstance(value, str) else None

    def _constant(self, expr, source, function, mark, depth):
        """None when not constant; else the text (a str) when it is known,
        or True."""
        if depth > 12:
            return None
        expr = expr.strip()
        while True:
            stripped = expr
            cast = CAST_RE.match(stripped)
            if cast:
                stripped = stripped[cast.end():].strip()
            if stripped.startswith('(') and matching_plain(stripped, 0) == len(stripped) - 1:
                stripped = stripped[1:-1].strip()
            if stripped == expr:
                break
            expr = stripped
        if not expr:
            return None
        masked = mask_source(expr)[0]

        # A ternary: the condition does not matter, both branches must.
        question = top_level_index(masked, '?')
        if question >= 0:
            colon = ternary_colon(masked, question)
            if colon < 0:
                return None
            a = self._constant(expr[question + 1:colon], source, function, mark, depth + 1)
            b = self._constant(expr[colon + 1:], source, function, mark, depth + 1)
            if a is None or b is None:
                return None
            if isinstance(a, str) or isinstance(b, str):
                return (a if isinstance(a, str) else '') + BRANCH + (b if isinstance(b, str) else '')
            return True

        if NUMBER_RE.match(expr) or expr in CONSTANT_NAMES:
            return True

        # Adjacent literals and macros.
        text = self._literal_sequence(expr, source, function, depth)
        if text is not None:
            return text

        # Arithmetic and comparisons of constants (an index, a flag).
        operands = split_operators(masked)
        if len(operands) > 1:
            for x, y in operands:
                if expr[x:y].strip() and self._constant(expr[x:y], source, function, mark, depth + 1) is None:
                    return None
            return True

        # &x, *x: the address or the target of a variable is not text we know.
        if expr.startswith('&') or expr.startswith('*'):
            return None

        # A call.
        call = re.match(r'^([A-Za-z_]\w*)\s*\(', masked)
        if call and matching(masked, call.end() - 1, '(', ')') == len(masked) - 1:
            return self._constant_call(call.group(1), expr, masked, call.end() - 1, source, function, mark, depth)

        # A member of a local GString: its pieces are checked.
        member = re.match(r'^([A-Za-z_]\w*)\s*->\s*str$', expr)
        if member and function is not None and self.is_gstring(function, member.group(1)):
            if mark:
                self.mark_gstring(function, member.group(1))
            return True

        # A table of constants, indexed.
        root = re.match(r'^([A-Za-z_]\w*)\s*(\[|\.)', masked)
        if root and root.group(1) in source.globals and self.global_is_constant(source, root.group(1), depth):
            if not re.search(r'->', masked):
                return True

        # A member reached from a table of constants: through a local
        # pointer into the table, or through a member that is only ever
        # set to point into one.
        member = re.match(r'^([A-Za-z_]\w*)\s*(->|\.)\s*([A-Za-z_]\w*)', masked)
        if member and '(' not in masked[member.end():]:
            if self.points_into_table(source, function, member.group(1), depth) or \
                    self.member_points_into_table(source, member.group(3), depth):
                return True

        name = re.match(r'^[A-Za-z_]\w*$', expr)
        if name:
            return self._constant_name(expr, source, function, mark, depth)
        return None

    def _literal_sequence(self, expr, source, function, depth):
        """Text of adjacent literals and object-like macros, or None."""
        pos = 0
        pieces = []
        masked = mask_source(expr)[0]
        while pos < len(expr):
            if expr[pos].isspace():
                pos += 1
                continue
            m = STRING_RE.match(expr, pos)
            if m:
                pieces.append(unescape(m.group(0)[1:-1]))
                pos = m.end()
                continue
            m = IDENT_RE.match(expr, pos)
            if not m:
                return None
            name = m.group(0)
            after = m.end()
            while after < len(expr) and expr[after].isspace():
                after += 1
            if name in FORMAT_MACROS:
                pieces.append(FORMAT_MACROS[name])
                pos = m.end()
                continue
            macro = self.macro(source, name)
            if name == 'G_STRINGIFY' and after < len(expr) and expr[after] == '(':
                close = matching(masked, after, '(', ')')
                if close < 0:
                    return None
                pieces.append(squeeze(expr[after + 1:close]))
                pos = close + 1
                continue
            if macro is None:
                return None
            params, body = macro
            if params is None:
                text = self.literal_text(body, source, function, depth + 1)
                if text is None:
                    return None
                pieces.append(text)
                pos = m.end()
                continue
            # A function-like macro: its body made of literals, parameters
            # and stringified parameters; its arguments constant.
            if after >= len(expr) or expr[after] != '(':
                return None
            close = matching(masked, after, '(', ')')
            if close < 0:
                return None
            args = [expr[a:b] for a, b in split_top(masked, after + 1, close)]
            values = {}
            for param, arg in zip(params, args):
                value = self.literal_text(arg, source, function, depth + 1)
                if value is None:
                    if not self.is_constant(arg, source, function, False, depth + 1):
                        return None
                    value = squeeze(arg)
                values[param] = value
            # The body with each parameter replaced by its text, as a
            # literal (and #param by the argument as written).
            def quote(value):
                return '"' + value.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'
            body_masked = mask_source(body)[0]
            expanded = []
            last = 0
            for p in re.finditer(r'(#\s*)?\b([A-Za-z_]\w*)\b', body_masked):
                if p.group(2) in values:
                    expanded.append(body[last:p.start()])
                    expanded.append(quote(values[p.group(2)]))
                    last = p.end()
            expanded = ''.join(expanded) + body[last:]
            value = self.literal_text(expanded, source, function, depth + 1)
            if value is None:
                return None
            pieces.append(value)
            pos = close + 1
        return ''.join(pieces) if pieces else None

    def _constant_call(self, name, expr, masked, open_paren, source, function, mark, depth):
        close = len(masked) - 1
        args = [expr[a:b] for a, b in split_top(masked, open_paren + 1, close)] \
            if masked[open_paren + 1:close].strip() else []
        if name in CONSTANT_FUNCS:
            return True
        if name in ('_', 'N_', 'C_', 'gettext', 'g_dgettext', 'ngettext', 'g_dngettext'):
            return None        # a translation: text from a file, not SQL
        if name == 'g_steal_pointer' and args:
            return self._constant(args[0].strip().lstrip('&'), source, function, mark, depth + 1)
        if name in PRINTF or name in CONCAT or name in STEAL:
            # A builder: it is checked as SQL from now on.
            if mark:
                self.mark_builder(source, function, expr, name, args)
            return True
        if function is not None and function.param_index(name) >= 0:
            return None        # a function pointer
        # A function of data/ whose every return is constant.
        definition = self.definition(source, name)
        if definition is None:
            return None
        key = ('returns', definition.source.path, definition.name)
        if key in self._evaluating:
            return True        # recursion: the other returns decide
        self._evaluating.add(key)
        try:
            returns = self.returns(definition)
            if not returns:
                return None
            texts = []
            for value in returns:
                result = self._constant(value, definition.source, definition, mark, depth + 1)
                if result is None:
                    return None
                if isinstance(result, str):
                    texts.append(result)
            return BRANCH.join(texts) if texts else True
        finally:
            self._evaluating.discard(key)

    def table_reference(self, source, value, depth):
        """Whether @value is NULL, or points into a constant table of @source:
        &table[i], &table, table, table + i."""
        value = value.strip()
        if value == 'NULL':
            return True
        m = re.match(r'^&?\s*([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*(\+\s*\w+)?$', value)
        return m is not None and m.group(1) in source.globals and \
            self.global_is_constant(source, m.group(1), depth + 1)

    def points_into_table(self, source, function, name, depth):
        if function is None or function.param_index(name) >= 0:
            return False
        values = self.assignments(function, name)
        return bool(values) and all(self.table_reference(source, v, depth) for v in values)

    def member_points_into_table(self, source, member, depth):
        values = []
        for m in re.finditer(r'(->|\.)\s*' + re.escape(member) + r'\s*=(?!=)', source.masked):
            end = statement_end(source.masked, m.end(), stop_at_comma=True)
            values.append(source.plain[m.end():end])
        if re.search(r'&\s*[\w>.-]*(->|\.)\s*' + re.escape(member) + r'\b', source.masked):
            return False       # its address is taken: set elsewhere
        return bool(values) and all(self.table_reference(source, v, depth) for v in values)

    def definition(self, source, name):
        candidates = self.definitions.get(name, [])
        same = [f for f in candidates if f.source is source]
        if same:
            return same[0]
        public = [f for f in candidates if not f.static]
        return public[0] if len(public) == 1 else None

    def returns(self, function):
        source = function.source
        body = function.body()
        values = []
        for m in re.finditer(r'\breturn\b', body):
            start = function.body_start + m.end()
            end = statement_end(source.masked, start)
            value = squeeze(source.plain[start:end])
            if value:
                values.append(value)
        return values

    def global_is_constant(self, source, name, depth):
        if name in source.assigned_globals:
            return False
        a, b = source.globals[name]
        text = source.plain[a:b]
        masked = source.masked[a:b]
        # Every leaf of the initializer a constant; designators allowed.
        leaves = []

        def walk(start, end):
            inner = masked[start:end].strip()
            if inner.startswith('{'):
                offset = masked.index('{', start)
                close = matching(masked, offset, '{', '}')
                for x, y in split_top(masked, offset + 1, close):
                    walk(x, y)
            elif inner:
                piece = text[start:end]
                piece = re.sub(r'^\s*(\[[^\]]*\]|\.\w+)\s*=', '', piece)
                if piece.strip().startswith('{'):
                    offset = start + text[start:end].index('{')
                    close = matching(masked, offset, '{', '}')
                    for x, y in split_top(masked, offset + 1, close):
                        walk(x, y)
                else:
                    leaves.append(piece)

        walk(0, len(masked))
        for leaf in leaves:
            leaf = leaf.strip()
            if not leaf:
                continue
            if re.match(r'^[A-Za-z_]\w*$', leaf) and self.macro(source, leaf) is not None:
                if not self.is_constant(leaf, source, None, False, depth + 1):
                    return False
                continue
            if re.match(r'^&?[A-Za-z_]\w*$', leaf) and leaf.lstrip('&') in source.globals:
                continue       # another table of the file, checked on its own
            if re.match(r'^[A-Za-z_]\w*$', leaf) and (leaf in self.definitions or leaf[0].isupper()):
                continue       # a function or an enum value
            if not self.is_constant(leaf, source, None, False, depth + 1):
                return False
        return True

    def _constant_name(self, name, source, function, mark, depth):
        if name in FORMAT_MACROS:
            return FORMAT_MACROS[name]
        macro = self.macro(source, name)
        if macro is not None and macro[0] is None:
            return self._constant(macro[1], source, function, mark, depth + 1)
        if function is not None:
            assignments = self.assignments(function, name)
            param = function.param_index(name)
            if assignments is None:
                return None
            if param >= 0:
                return self._constant_param(function, param, assignments, mark, depth)
            if assignments:
                return self._all_constant(('local', source.path, function.name, name),
                                          [(value, function) for value in assignments], mark, depth)
        if name in source.globals and self.global_is_constant(source, name, depth):
            return self.literal_text(source.plain[slice(*source.globals[name])], source, None, depth + 1) or True
        if re.match(r'^[A-Z][A-Z0-9_]*$', name):
            return True        # an enum value or a constant of a header
        return None

    def _all_constant(self, key, values, mark, depth):
        """Every (expression, function) of @values constant: their texts."""
        if key in self._evaluating:
            return True        # a cycle: the other values decide
        self._evaluating.add(key)
        try:
            texts = []
            for value, function in values:
                source = function.source if function is not None else None
                result = self._constant(value, source, function, mark, depth + 1)
                if result is None:
                    return None
                if isinstance(result, str):
                    texts.append(result)
            return BRANCH.join(texts) if texts else True
        finally:
            self._evaluating.discard(key)

    def _constant_param(self, function, param, assignments, mark, depth):
        source = function.source
        # A wrapper's SQL parameter: each call of the wrapper is checked.
        if function.static and self.static_sinks.get((source.path, function.name)) == param:
            return True
        if not function.static and self.global_sinks.get(function.name) == param:
            return True
        # Another parameter of a static function: what every call passes.
        if not function.static:
            return None
        calls = []
        for m in re.finditer(r'\b' + re.escape(function.name) + r'\b', source.masked):
            if m.start() == function.name_pos:
                continue
            if not source.masked[m.end():].lstrip().startswith('('):
                return None    # taken as a function pointer: called from anywhere
            caller = source.function_at(m.start())
            if caller is None:
                continue       # its prototype
            found = [c for c in caller.calls() if c.start == m.start()]
            if not found or param >= len(found[0].args):
                return None
            calls.append((found[0].arg(param), caller))
        if not calls:
            return None
        values = calls + [(value, function) for value in assignments]
        return self._all_constant(('param', source.path, function.name, param), values, mark, depth)

    def declared_in(self, function, name):
        return re.search(r'\b' + re.escape(name) + r'\b', function.body()) is not None

    def assignments(self, function, name):
        """The values assigned to @name in @function, or None when it also
        changes in a way this script does not follow (++, +=, &name)."""
        source = function.source
        body = function.body()
        values = []
        ident = re.escape(name)
        if re.search(r'(\+\+|--)\s*\b' + ident + r'\b|(?<![\w.>])' + ident + r'\s*(\+\+|--|[-+*/%|&^]=|<<=|>>=)',
                     body):
            return None
        for m in re.finditer(r'&\s*\b' + ident + r'\b(?!\s*(->|\.|\[))', body):
            before = body[:m.start()].rstrip()
            call = re.search(r'(\w+)\s*\($', before)
            if call and call.group(1) in ('g_clear_pointer', 'g_steal_pointer', 'g_free', 'g_clear_object'):
                continue
            if before.endswith('&'):
                continue
            return None
        for m in re.finditer(r'(?<![\w.>])' + ident + r'\s*(\[[^\]]*\])?\s*=(?!=)', body):
            if m.group(1):
                return None
            start = function.body_start + m.end()
            end = statement_end(source.masked, start, stop_at_comma=True)
            values.append(squeeze(source.plain[start:end]))
        return values

    # GStrings and builders ----------------------------------------------

    def is_gstring(self, function, name):
        if name in function.is_gstring:
            return True
        return re.search(r'(\bGString\s*\*\s*|\bg_autoptr\s*\(\s*GString\s*\)\s*|\bsqlite3_str\s*\*\s*)'
                         + re.escape(name) + r'\b', function.body()) is not None

    def mark_gstring(self, function, name):
        self.sql_marks.add(('gstring', function.source.path, function.name, name))

    def mark_builder(self, source, function, expr, name, args):
        if name in STEAL:
            if args and function is not None:
                target = re.sub(r'g_steal_pointer\s*\(\s*&\s*(\w+)\s*\)', r'\1', args[0]).strip()
                if re.match(r'^\w+$', target) and self.is_gstring(function, target):
                    self.mark_gstring(function, target)
            return
        self.sql_marks.add(('builder', source.path, squeeze(expr)))

    # The checks -------------------------------------------------------------

    def report(self, source, offset, function, kind, sql, pieces, message):
        self.findings.append(Finding(source, source.line_of(offset), function.name if function else None,
                                     kind, sql, pieces, message))

    def check_sinks(self, record):
        for source in self.sources:
            for function in source.functions:
                for call in function.calls():
                    index = self.sink_index(source, call.name)
                    if index is None or index >= len(call.args):
                        continue
                    expr = call.arg(index)
                    if self.is_constant(expr, source, function, mark=True):
                        continue
                    if record:
                        self.report(source, call.arg_start(index), function, 'sink', '', [expr],
                                    '%s() runs SQL from “%s”, which is not a constant nor built by a checked '
                                    'builder' % (call.name, shorten(expr)))

    def sql_like(self, text):
        return text is not None and SQL_WORDS.search(text) is not None

    def check_builders(self, record):
        for source in self.sources:
            for function in source.functions:
                for call in function.calls():
                    if call.name in PRINTF:
                        self.check_printf(source, function, call, record)
                    elif call.name in CONCAT:
                        self.check_concat(source, function, call, record)
                    elif call.name in GSTRING_OPS or call.name in GSTRING_NEW:
                        self.check_gstring_op(source, function, call, record)

    def builder_is_sql(self, source, function, call, texts):
        expr = squeeze(source.plain[call.start:call.end])
        if ('builder', source.path, expr) in self.sql_marks:
            return True
        if any(self.sql_like(t) for t in texts):
            return True
        if call.name in PRINTF and PRINTF[call.name][0] == 1 or call.name.startswith('sqlite3_str'):
            target = call.arg(0) if call.args else ''
            if self.is_gstring(function, target) and \
                    ('gstring', source.path, function.name, target) in self.sql_marks:
                return True
        return False

    def check_printf(self, source, function, call, record):
        format_index, va = PRINTF[call.name]
        if format_index >= len(call.args):
            return
        format_expr = call.arg(format_index)
        format_text = self.literal_text(format_expr, source, function)
        if not self.builder_is_sql(source, function, call, [format_text]):
            return
        self.mark_builder_target(source, function, call)
        if format_text is None:
            if record:
                self.report(source, call.arg_start(format_index), function, 'format', format_expr, [],
                            '%s() builds SQL from a format that is not a constant: “%s”'
                            % (call.name, shorten(format_expr)))
            return
        if va:
            if record:
                self.report(source, call.start, function, 'va', format_text, [],
                            '%s() builds SQL from a va_list: its values cannot be checked; bind them'
                            % call.name)
            return
        # The format of each branch of a ternary has the same conversions.
        branch = format_text.split(BRANCH)[0]
        arguments = list(range(format_index + 1, len(call.args)))
        bad = []
        integers_only = True
        quoted = QUOTED_CONVERSION.search(branch) is not None
        for conversion in CONVERSION_RE.finditer(branch):
            if conversion.group(5) == '%':
                continue
            for star in (conversion.group(2), conversion.group(3)):
                if star == '*' and arguments:
                    arguments.pop(0)
            if not arguments:
                break
            index = arguments.pop(0)
            expr = call.arg(index)
            if self.is_constant(expr, source, function, mark=True):
                continue
            if conversion.group(5) in INTEGER_CONVERSIONS and conversion.group(4) != 'q':
                if PLACEHOLDER_BEFORE.search(branch[:conversion.start()]):
                    continue           # ?%u, :word%u: the number of a placeholder
                bad.append((conversion.group(0), expr, index, True))
            else:
                integers_only = False
                bad.append((conversion.group(0), expr, index, False))
        if not bad or not record:
            return
        what = ', '.join('%s ← “%s”' % (conv, shorten(expr)) for conv, expr, _, _ in bad)
        if integers_only:
            message = '%s() puts an integer variable into SQL (%s): bind it, or review it' % (call.name, what)
        else:
            message = '%s() pastes text that is not a constant into SQL (%s)' % (call.name, what)
            if quoted:
                message += '; it is quoted in the format: a value, which must be bound (?N)'
            if 'bind' not in function.body():
                message += '; %s() binds nothing: a value belongs in a bound parameter' % function.name
        self.report(source, call.arg_start(bad[0][2]), function, 'printf', format_text,
                    [expr for _, expr, _, _ in bad], message)

    def mark_builder_target(self, source, function, call):
        if (call.name in PRINTF and PRINTF[call.name][0] == 1) or call.name in GSTRING_OPS:
            target = call.arg(0) if call.args else ''
            if self.is_gstring(function, target):
                self.mark_gstring(function, target)

    def check_concat(self, source, function, call, record):
        pieces = list(range(len(call.args)))
        texts = [self.literal_text(call.arg(i), source, function) for i in pieces]
        if not self.builder_is_sql(source, function, call, texts):
            return
        bad = []
        for i in pieces:
            expr = call.arg(i)
            if call.name == 'g_strjoinv' and i == 1:
                if not self.is_constant(expr, source, function, mark=True):
                    bad.append(expr)
                continue
            if not self.is_constant(expr, source, function, mark=True):
                bad.append(expr)
        if bad and record:
            self.report(source, call.arg_start(pieces[0]), function, 'concat',
                        '|'.join(t or '' for t in texts), bad,
                        '%s() joins text that is not a constant into SQL (%s)'
                        % (call.name, ', '.join('“%s”' % shorten(b) for b in bad)))

    def gstring_target(self, source, function, call):
        if call.name in GSTRING_NEW:
            # The variable it is assigned to.
            before = source.masked[function.body_start:call.start]
            m = re.search(r'(\w+)\s*\)?\s*=\s*$', before)
            return m.group(1) if m else None
        return call.arg(0) if call.args else None

    def check_gstring_op(self, source, function, call, record):
        target = self.gstring_target(source, function, call)
        if call.name in GSTRING_NEW:
            indexes = (0,) if call.args else ()
        else:
            indexes = GSTRING_OPS[call.name][1]
        indexes = [i for i in indexes if i < len(call.args)]
        texts = [self.literal_text(call.arg(i), source, function) for i in indexes]
        marked = target is not None and ('gstring', source.path, function.name, target) in self.sql_marks
        if not marked and not any(self.sql_like(t) for t in texts):
            return
        if target is not None and re.match(r'^\w+$', target):
            self.mark_gstring(function, target)
        bad = [call.arg(i) for i in indexes if not self.is_constant(call.arg(i), source, function, mark=True)]
        if bad and record:
            self.report(source, call.arg_start(indexes[0]), function, 'gstring', target or '', bad,
                        '%s() adds text that is not a constant to the SQL in “%s” (%s)'
                        % (call.name, target, ', '.join('“%s”' % shorten(b) for b in bad)))

    def check_no_sql(self):
        sinks = self.global_sinks
        for source in self.no_sql_sources:
            if source.includes_sqlite:
                self.report(source, source.text.find('sqlite3.h'), None, 'layer', 'include', [],
                            'includes <sqlite3.h>: SQL lives in data/ only (ARCHITECTURE.md)')
            for call in source.calls_in(0, len(source.masked)):
                if call.name.startswith('sqlite3_'):
                    self.report(source, call.start, source.function_at(call.start), 'layer', call.name, [],
                                'calls %s(): SQL lives in data/ only (ARCHITECTURE.md)' % call.name)
                elif call.name in sinks:
                    self.report(source, call.start, source.function_at(call.start), 'layer', call.name, [],
                                'calls %s(), which runs its argument %d as SQL: SQL lives in data/ only '
                                '(ARCHITECTURE.md)' % (call.name, sinks[call.name] + 1))
            for m in STRING_RE.finditer(source.plain):
                if source.masked[m.start()] != '"':
                    continue
                text = unescape(m.group(0)[1:-1])
                if SQL_STATEMENT.match(text):
                    self.report(source, m.start(), source.function_at(m.start()), 'layer', text, [],
                                'a literal that starts an SQL statement (“%s”): SQL lives in data/ only'
                                % shorten(text))

    def run(self):
        self.find_wrappers()
        # Marks spread from the sinks to the builders and GStrings that feed
        # them, and from those to the GStrings whose text they paste.
        previous = None
        while previous != len(self.sql_marks):
            previous = len(self.sql_marks)
            self.check_sinks(record=False)
            self.check_builders(record=False)
        self.check_sinks(record=True)
        self.check_builders(record=True)
        self.check_no_sql()
        unique = {}
        for finding in self.findings:
            unique.setdefault((finding.source.rel, finding.line, finding.fingerprint), finding)
        self.findings = sorted(unique.values(), key=lambda f: (f.source.rel, f.line))
        return self.findings


def split_operators(masked):
    """Spans of the operands of the binary operators at depth 0 of @masked
    (one span when there is none; '->' and '.' are not operators here)."""
    spans = []
    depth = 0
    begin = 0
    i = 0
    while i < len(masked):
        c = masked[i]
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif depth == 0 and masked.startswith('->', i):
            i += 2
            continue
        elif depth == 0 and c in '+-*/%<>=!&|^~' and i > 0:
            j = i
            while j < len(masked) and masked[j] in '+-*/%<>=!&|^~':
                j += 1
            if masked[begin:i].strip():
                spans.append((begin, i))
            begin = j
            i = j
            continue
        i += 1
    spans.append((begin, len(masked)))
    return spans


def statement_end(masked, start, stop_at_comma=False):
    depth = 0
    for i in range(start, len(masked)):
        c = masked[i]
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and (c == ';' or (stop_at_comma and c == ',')):
            return i
    return len(masked)


def matching_plain(text, start):
    return matching(mask_source(text)[0], start, '(', ')')


def top_level_index(masked, char):
    depth = 0
    for i, c in enumerate(masked):
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == char and depth == 0:
            return i
    return -1


def ternary_colon(masked, question):
    depth = 0
    nested = 0
    for i in range(question + 1, len(masked)):
        c = masked[i]
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif depth == 0 and c == '?':
            nested += 1
        elif depth == 0 and c == ':':
            if nested == 0:
                return i
            nested -= 1
    return -1


def unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def shorten(text, width=70):
    text = squeeze(text)
    return text if len(text) <= width else text[:width - 1] + '…'


def files_under(folder):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for name in sorted(filenames):
            if name.endswith(SOURCE_EXTS):
                yield os.path.join(dirpath, name)


def read_allowlist(path):
    entries = {}
    problems = []
    if path is None or not os.path.exists(path):
        return entries, problems
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith('#'):
                continue
            fields = [x.strip() for x in stripped.split('|', 3)]
            if len(fields) != 4 or not re.match(r'^[0-9a-f]{12}$', fields[2]) or len(fields[3]) < 10:
                problems.append('%s:%d: an entry is FILE | FUNCTION | FINGERPRINT (12 hex digits) | REASON '
                                '(a sentence that says why the pieces are constant)' % (path, number))
                continue
            entries[(fields[0], fields[1], fields[2])] = number
    return entries, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--allowlist', help='reviewed exceptions (default: none)')
    parser.add_argument('--sql-dir', action='append',
                        help='a folder where SQL may be (relative to the root; default: data)')
    parser.add_argument('--no-sql-dir', action='append',
                        help='a folder without SQL (default: app and widgets)')
    parser.add_argument('--verbose', action='store_true', help='also list the calls that run SQL')
    options = parser.parse_args()

    root = os.path.abspath(options.source_root)
    sql_dirs = options.sql_dir or ['data']
    no_sql_dirs = options.no_sql_dir if options.no_sql_dir is not None else ['app', 'widgets']
    for folder in sql_dirs + no_sql_dirs:
        if not os.path.isdir(os.path.join(root, folder)):
            print('%s: no such folder under %s' % (folder, root))
            return 2

    checker = Checker(root, sql_dirs, no_sql_dirs)
    findings = checker.run()
    entries, problems = read_allowlist(options.allowlist)
    used = set()
    failures = list(problems)
    for finding in findings:
        key = finding.key()
        if key in entries and finding.kind != 'layer':
            used.add(key)
            continue
        failures.append('%s:%d: %s\n    unreviewed; once reviewed safe, add to %s:\n    %s | %s | %s | <why each '
                        'piece is constant>' % (finding.source.rel, finding.line, finding.message,
                                                os.path.basename(options.allowlist or 'sql-review.txt'),
                                                key[0], key[1], key[2]))
    for key, number in sorted(entries.items(), key=lambda e: e[1]):
        if key not in used:
            failures.append('%s:%d: the reviewed exception %s | %s | %s matches no site any more: remove it, '
                            'or review the changed site and update its fingerprint'
                            % (options.allowlist, number, key[0], key[1], key[2]))

    if options.verbose:
        for source in checker.sources:
            for function in source.functions:
                for call in function.calls():
                    if checker.sink_index(source, call.name) is not None:
                        print('%s:%d: %s() in %s()' % (source.rel, call.line, call.name, function.name))
    n_sites = sum(1 for s in checker.sources for f in s.functions for c in f.calls()
                  if checker.sink_index(s, c.name) is not None)
    for failure in failures:
        print(failure)
    print('%d files, %d calls that run SQL, %d wrappers found, %d reviewed exceptions, %d problems'
          % (len(checker.sources), n_sites,
             len(checker.global_sinks) - len(SINKS) + len(checker.static_sinks), len(used), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
