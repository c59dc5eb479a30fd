#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of build-aux/md2man.py (TAP): what troff would misread is escaped,
and what the dialect does not support is refused rather than garbled.

Usage: test-md2man.py MD2MAN GROFF
"""

import os
import subprocess
import sys
import tempfile

md2man, groff = sys.argv[1], sys.argv[2]
n = 0
failed = 0


def check(ok, name, details=''):
    global n, failed
    n += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', n, name))
    if not ok:
        failed += 1
        for line in str(details).splitlines():
            print('# ' + line)


def convert(markdown):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'page.1.md')
        out = os.path.join(tmp, 'page.1')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(markdown)
        proc = subprocess.run([sys.executable, md2man, '--date', '2024-01-01', src, out],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        troff = None
        warnings = ''
        if proc.returncode == 0:
            with open(out, encoding='ascii') as f:
                troff = f.read()
            g = subprocess.run([groff, '-man', '-Tutf8', '-ww', '-z', out],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            warnings = g.stdout.decode('utf-8', 'replace')
        return proc.returncode, troff, proc.stderr.decode('utf-8', 'replace'), warnings


HEAD = '# demo(1)\n\n## NAME\n\ndemo - a test page\n\n## DESCRIPTION\n\n'

rc, troff, err, warn = convert(HEAD + 'Text with a \\ backslash,\n.a line that starts with a dot,\n'
                               "'and one with a quote.\n")
check(rc == 0 and '\\e backslash' in troff, 'a backslash is escaped', troff or err)
check(rc == 0 and '\\&.a line' not in troff, 'a dot inside a paragraph is harmless', troff)
check(rc == 0 and not warn, 'groff reads it without warnings', warn)

rc, troff, err, warn = convert(HEAD + '```\n.not a request\n--wait \\n\n```\n')
check(rc == 0 and '\\&.not a request' in troff and '\\-\\-wait \\en' in troff,
      'code blocks: leading dot protected, minus signs and backslashes escaped', troff or err)

rc, troff, err, warn = convert(HEAD + 'Caf\u00e9 \u2014 \u201cquoted\u201d\n')
check(rc == 0 and '\\[u00E9]' in troff and '\\[u2014]' in troff and '\\[u201C]' in troff,
      'non-ASCII characters become groff escapes', troff or err)
check(rc == 0 and not warn, 'groff reads the escapes without warnings', warn)

rc, troff, err, warn = convert(HEAD + 'Use `--wait` with **submit**, *emphasis*, a\nset-key option --json.\n')
check(rc == 0 and '\\fB\\%\\-\\-wait\\fR' in troff and '\\fB\\%submit\\fR' in troff and
      '\\fIemphasis\\fR' in troff and 'set-key' in troff and ' \\-\\-json' in troff,
      'inline markup; options are minus signs, hyphens inside words stay', troff or err)

rc, troff, err, warn = convert(HEAD + '`--wait`, `-w`\n:   Wait.\n\n    More.\n\n    ```\n    code\n    ```\n')
check(rc == 0 and troff.count('.TP') == 1 and '.IP' in troff and '.RS\n.nf\ncode' in troff,
      'definition list with paragraphs and a code block', troff or err)
check(rc == 0 and not warn, 'groff reads the definition list without warnings', warn)

rc, troff, err, warn = convert(HEAD + '| Code | Meaning |\n|---:|---|\n| 0 | Fine. |\n| 1 | Not fine. |\n')
check(rc == 0 and '.TP\n0\nFine.' in troff and '.TP\n1\nNot fine.' in troff,
      'table rows become tagged paragraphs', troff or err)

rc, troff, err, warn = convert('## NAME\n\ndemo\n')
check(rc != 0 and 'first line' in err, 'a page without its title line is refused', err)

rc, troff, err, warn = convert(HEAD + '```\nnever closed\n')
check(rc != 0 and 'unclosed code block' in err, 'an unclosed code block is refused', err)

rc, troff, err, warn = convert(HEAD + '| a | b |\n|---|---|\n| 1 |\n')
check(rc != 0 and 'table row' in err, 'a table row with missing cells is refused', err)

rc, troff, err, warn = convert(HEAD + '#### Too deep\n')
check(rc != 0 and 'deeper' in err, 'headings deeper than ### are refused', err)

rc, troff, err, warn = convert(HEAD + '- item\n  - nested\n')
check(rc != 0 and 'nested' in err, 'nested lists are refused', err)

print('1..%d' % n)
sys.exit(1 if failed else 0)
