#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn a manual page written in a small Markdown dialect into troff (man).

The same Markdown file is read on the web (as the reference section of the
user guide) and installed as a manual page, so there is one source for both.
Only this subset is understood; anything else is an error, so a page cannot
silently come out wrong:

  # name(1)                  first line: the page's name and section (.TH)
  ## HEADING                 a section (.SH); written in capitals by convention
  ### Heading                a subsection (.SS)
  text                       paragraphs, separated by blank lines (.PP)
  term                       a definition list entry (.TP): the term on one
  :   definition             line, then ":" and three spaces; the definition
      more text              goes on in lines indented by four spaces, and
                             further paragraphs of it are indented as well
  - item  or  * item         a bullet list; continuation lines are indented
  1. item                    a numbered list
  ```                        a code block, printed as is (no inline markup)
  | a | b |                  a table: each body row becomes an entry whose
                             tag is the first cell (header row dropped)
  <!-- ... -->               a comment, left out (on lines of its own)

Inline: `code` and **bold** are bold, *emphasis* is italic, [text](url)
keeps the text (and the URL after it, when it is a web address), and a
backslash before punctuation makes it literal.

Usage: md2man.py [--source TEXT] [--manual TEXT] [--date TEXT] INPUT OUTPUT
"""

import argparse
import os
import re
import sys
import time


class Md2ManError(Exception):
    pass


def escape_text(text):
    """Escape characters that troff would interpret, and non-ASCII ones."""
    out = []
    for ch in text:
        if ch == '\\':
            out.append('\\e')
        elif ord(ch) > 127:
            out.append('\\[u%04X]' % ord(ch))
        else:
            out.append(ch)
    return ''.join(out)


def escape_literal(text):
    """Like escape_text, and every '-' is a real minus (options, commands)."""
    return escape_text(text).replace('-', '\\-')


INLINE_RE = re.compile(
    r'(?P<code>`+)(?P<code_text>.+?)(?P=code)'
    r'|\*\*(?P<bold>.+?)\*\*'
    r'|\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*'
    r'|\[(?P<link_text>[^\]]+)\]\((?P<link_url>[^)\s]+)\)'
    r'|\\(?P<escaped>[!-/:-@\[-`{-~])'
)


def inline(text, font='R'):
    """Markdown inline markup to troff; @font is the font to return to."""
    out = []
    pos = 0
    for m in INLINE_RE.finditer(text):
        out.append(escape_prose(text[pos:m.start()]))
        pos = m.end()
        if m.group('code') is not None:
            # \\% : never hyphenate a command, a path or an option.
            out.append('\\fB\\%' + escape_literal(m.group('code_text').strip()) + '\\f' + font)
        elif m.group('bold') is not None:
            bold = m.group('bold')
            # A single word in bold is a name (a command, an option): keep
            # it whole; bold prose may be hyphenated as usual.
            keep = '' if ' ' in bold else '\\%'
            out.append('\\fB' + keep + inline(bold, 'B') + '\\f' + font)
        elif m.group('em') is not None:
            out.append('\\fI' + inline(m.group('em'), 'I') + '\\f' + font)
        elif m.group('link_text') is not None:
            label = inline(m.group('link_text'), font)
            url = m.group('link_url')
            out.append(label)
            if re.match(r'https?://', url) and url != m.group('link_text'):
                out.append(' <' + escape_literal(url) + '>')
        else:
            out.append(escape_text(m.group('escaped')))
    out.append(escape_prose(text[pos:]))
    return ''.join(out)


def escape_prose(text):
    # A '-' that starts a word (an option such as --wait) or follows
    # another one is a minus; hyphens inside words stay hyphens.
    text = escape_text(text)
    return re.sub(r'(?:(?<=^)|(?<=[\s(\[/]))-+',
                  lambda m: '\\-' * len(m.group(0)), text)


def protect_line(line):
    """A line of troff text must not start with a control character."""
    if line.startswith(('.', "'")):
        return '\\&' + line
    return line


class Converter:
    def __init__(self, lines, source, manual, date):
        self.lines = lines
        self.i = 0
        self.out = []
        self.source = source
        self.manual = manual
        self.date = date
        # Inside a list item or definition: whether the next paragraph
        # of its body needs a new .IP (it does after the first one).
        self._need_ip = False

    def error(self, message):
        raise Md2ManError('line %d: %s' % (self.i + 1, message))

    def emit(self, *lines):
        self.out.extend(lines)

    def emit_text(self, text, font='R'):
        # One paragraph is one line of troff, so that inline markup may
        # span the line breaks of the Markdown source.
        text = ' '.join(line.strip() for line in text.split('\n') if line.strip())
        if text:
            self.emit(protect_line(inline(text, font)))

    def peek(self, offset=0):
        j = self.i + offset
        return self.lines[j] if j < len(self.lines) else None

    def convert(self):
        first = self.peek()
        m = re.match(r'^# (\S+)\((\w+)\)\s*$', first or '')
        if not m:
            self.error('the first line must be “# name(section)”')
        self.emit('.\\" Generated by build-aux/md2man.py: edit the Markdown source instead.',
                  '.TH "%s" "%s" "%s" "%s" "%s"' % (escape_literal(m.group(1).upper()),
                                                   m.group(2),
                                                   escape_text(self.date),
                                                   escape_text(self.source),
                                                   escape_text(self.manual)))
        self.i += 1
        while self.i < len(self.lines):
            self.block()
        return '\n'.join(self.out) + '\n'

    def block(self):
        line = self.peek()
        if not line.strip():
            self.i += 1
            return
        if line.startswith('<!--'):
            while '-->' not in self.peek():
                self.i += 1
                if self.peek() is None:
                    self.error('unclosed comment')
            self.i += 1
            return
        if line.startswith('# '):
            self.error('only the first line may be a level-1 heading')
        if line.startswith('## '):
            self.emit('.SH "%s"' % inline(line[3:].strip()).replace('"', '\\(dq'))
            self.i += 1
            return
        if line.startswith('### '):
            self.emit('.SS "%s"' % inline(line[4:].strip()).replace('"', '\\(dq'))
            self.i += 1
            return
        if line.startswith('#'):
            self.error('headings deeper than ### are not supported')
        if line.startswith('```'):
            self.code_block(indent='')
            return
        if line.startswith('|'):
            self.table()
            return
        if re.match(r'^[-*] ', line):
            self.list_items(r'^[-*] ', bullet=True)
            return
        if re.match(r'^\d+\. ', line):
            self.list_items(r'^\d+\. ', bullet=False)
            return
        if line.startswith((' ', '\t')):
            self.error('unexpected indented text (code blocks are fenced with ```)')
        nxt = self.peek(1)
        if nxt is not None and nxt.startswith(':   '):
            self.definition()
            return
        self.paragraph()

    def paragraph(self):
        text = []
        while True:
            line = self.peek()
            if line is None or not line.strip() or self.starts_block(line):
                break
            text.append(line)
            self.i += 1
        self.emit('.PP')
        self.emit_text('\n'.join(text))

    @staticmethod
    def starts_block(line):
        return (line.startswith(('#', '```', '|', '<!--', ':   ')) or
                re.match(r'^([-*]|\d+\.) ', line) is not None)

    def code_block(self, indent):
        self.i += 1
        body = []
        while True:
            line = self.peek()
            if line is None:
                self.error('unclosed code block')
            if line[len(indent):].startswith('```') and line.startswith(indent):
                self.i += 1
                break
            if line.strip() and not line.startswith(indent):
                self.error('code block line not indented like its fence')
            body.append(line[len(indent):])
            self.i += 1
        # Inside a list item or a definition, .RS indents by the item's own
        # indentation, so the code lines up with the item's text.
        self.emit('.sp', '.RS' if indent else '.RS 4', '.nf')
        for line in body:
            if '\t' in line:
                self.error('tab in a code block')
            self.emit(protect_line(escape_literal(line)) if line else '')
        self.emit('.fi', '.RE')

    def indented_body(self, indent, first_text):
        """Text and code blocks indented by @indent, after a list or
        definition head whose own text is @first_text."""
        paragraphs = [[first_text]]
        while True:
            line = self.peek()
            if line is None:
                break
            if not line.strip():
                nxt = self.peek(1)
                if nxt is not None and nxt.startswith(indent) and nxt.strip():
                    self.i += 1
                    paragraphs.append([])
                    continue
                break
            if not line.startswith(indent):
                if self.starts_block(line) or not paragraphs[-1]:
                    break
                # A lazy continuation line of the same paragraph.
                paragraphs[-1].append(line)
                self.i += 1
                continue
            if line[len(indent):].startswith('```'):
                self.flush_body(paragraphs, indent)
                paragraphs = [[]]
                self.code_block(indent)
                continue
            paragraphs[-1].append(line[len(indent):])
            self.i += 1
        self.flush_body(paragraphs, indent)

    def flush_body(self, paragraphs, indent):
        for k, para in enumerate(paragraphs):
            if not para:
                continue
            if k > 0 or self._need_ip:
                self.emit('.IP')
            self._need_ip = True
            for line in para:
                if re.match(r'^[-*] |^\d+\. |^\|', line.strip()):
                    self.error('nested lists and tables are not supported')
            self.emit_text('\n'.join(para))

    def definition(self):
        term = self.peek()
        self.i += 1
        first = self.peek()[4:]
        self.i += 1
        self.emit('.TP')
        self.emit_text(term)
        self._need_ip = False
        self.indented_body('    ', first)
        self._need_ip = False

    def list_items(self, pattern, bullet):
        number = 0
        while True:
            line = self.peek()
            if line is None or not re.match(pattern, line):
                break
            number += 1
            m = re.match(pattern, line)
            text = line[m.end():]
            self.i += 1
            if bullet:
                self.emit('.IP \\(bu 2')
                indent = '  '
            else:
                self.emit('.IP %d. 4' % number)
                indent = ' ' * m.end()
            self._need_ip = False
            self.indented_body(indent, text)
            self._need_ip = False
            # Items may be separated by one blank line.
            if self.peek() is not None and not self.peek().strip():
                nxt = self.peek(1)
                if nxt is not None and re.match(pattern, nxt):
                    self.i += 1

    def table(self):
        rows = []
        while True:
            line = self.peek()
            if line is None or not line.startswith('|'):
                break
            cells = [c.strip() for c in re.split(r'(?<!\\)\|', line.strip())[1:-1]]
            rows.append(cells)
            self.i += 1
        if len(rows) < 2 or not all(re.match(r'^:?-+:?$', c) for c in rows[1]):
            self.error('a table needs a header row and a separator row')
        for cells in rows[2:]:
            if len(cells) != len(rows[0]):
                self.error('table row with %d cells, header has %d' % (len(cells), len(rows[0])))
            cells = [c.replace('\\|', '|') for c in cells]
            self.emit('.TP')
            self.emit_text(cells[0])
            rest = [c for c in cells[1:] if c]
            self.emit_text(' \u2014 '.join(rest) if rest else '\u2014')
        self.emit('.PP')


def main(argv):
    parser = argparse.ArgumentParser(description='Markdown manual page to troff')
    parser.add_argument('--source', default='')
    parser.add_argument('--manual', default='User Commands')
    parser.add_argument('--date', default=None)
    parser.add_argument('input')
    parser.add_argument('output')
    args = parser.parse_args(argv)

    date = args.date
    if date is None:
        # Reproducible builds: the date of the source tree, not of the build.
        epoch = os.environ.get('SOURCE_DATE_EPOCH')
        date = time.strftime('%Y-%m-%d', time.gmtime(int(epoch))) if epoch else ''

    with open(args.input, encoding='utf-8') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()

    try:
        text = Converter(lines, args.source, args.manual, date).convert()
    except Md2ManError as e:
        sys.stderr.write('%s:%s\n' % (args.input, e))
        return 1

    tmp = args.output + '.tmp'
    with open(tmp, 'w', encoding='ascii') as f:
        f.write(text)
    os.replace(tmp, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
