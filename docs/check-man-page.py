#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks one generated manual page against its program (TAP output).

- the page formats with groff without a single warning;
- every long option that the program's help prints is described in the
  page, and every option the page describes still exists;
- for esim-onboard-cli: every command has its own subsection, which
  describes exactly the options of "COMMAND --help", and the EXIT STATUS
  section lists every exit code of src/cli/eo-cli.h.

Usage: check-man-page.py --groff GROFF --page PAGE.1 --program PROGRAM
                         [--help-option --help-all] [--commands]
                         [--exit-codes eo-cli.h]
"""

import argparse
import os
import re
import subprocess
import sys

OPTION_RE = re.compile(r'^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)', re.M)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, details=()):
        self.n += 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, name))
        if not ok:
            self.failed += 1
            for line in details:
                print('# ' + line)

    def done(self):
        print('1..%d' % self.n)
        return 1 if self.failed else 0


def plain_text(troff):
    """The page's troff source with fonts and escapes removed, so that
    \\fB\\%\\-\\-wait\\fR reads "--wait"."""
    text = re.sub(r'\\f[BIRP]', '', troff)
    text = text.replace('\\%', '').replace('\\&', '').replace('\\-', '-')
    return text.replace('\\e', '\\')


def sections(troff, macro):
    """{title: body} for each .SH or .SS of the page."""
    result = {}
    # A subsection ends at the next section or subsection.
    parts = re.split(r'^\.(SH|SS) "?(.*?)"?$', troff, flags=re.M)
    for k in range(1, len(parts), 3):
        if parts[k] == macro:
            result[plain_text(parts[k + 1]).strip()] = parts[k + 2]
    return result


def described_options(troff):
    """Long options that a page section describes: the tags of its .TP
    entries (those whose tag starts with an option)."""
    found = set()
    for m in re.finditer(r'^\.TP\n(.*)$', troff, flags=re.M):
        tag = plain_text(m.group(1))
        if tag.startswith('-'):
            found.update(re.findall(r'(--[a-z][a-z0-9-]*)', tag))
    return found


def run_help(program, args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')
    env.pop('DISPLAY', None)
    env.pop('WAYLAND_DISPLAY', None)
    proc = subprocess.run([program] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, timeout=30)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace'), proc.stderr.decode('utf-8', 'replace')


def help_options(text):
    return set(OPTION_RE.findall(text))


def mentions(text, option):
    """Whether @text names @option itself (not --clearer for --clear)."""
    return re.search(r'(?<![\w-])%s(?![\w-])' % re.escape(option), text) is not None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--groff', required=True)
    parser.add_argument('--page', required=True)
    parser.add_argument('--program', required=True)
    parser.add_argument('--help-option', default='--help')
    parser.add_argument('--commands', action='store_true')
    parser.add_argument('--exit-codes')
    args = parser.parse_args()

    tap = Tap()
    page_name = os.path.basename(args.page)
    with open(args.page, encoding='ascii') as f:
        troff = f.read()
    text = plain_text(troff)

    # groff exits 0 on warnings: any output at all is a failure.
    proc = subprocess.run([args.groff, '-man', '-Tutf8', '-ww', '-z', args.page],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=dict(os.environ, LC_ALL='C.UTF-8'))
    out = proc.stdout.decode('utf-8', 'replace').strip()
    tap.check(proc.returncode == 0 and out == '', '%s formats without groff warnings' % page_name,
              out.splitlines())

    rc, top_help, err = run_help(args.program, [args.help_option])
    tap.check(rc == 0 and top_help.strip() != '', '%s %s runs' % (args.program, args.help_option),
              ['exit status %d' % rc] + err.splitlines())

    if not args.commands:
        wanted = help_options(top_help)
        missing = sorted(o for o in wanted if not mentions(text, o))
        tap.check(len(wanted) > 0 and not missing,
                  'every option of %s is in %s' % (args.help_option, page_name),
                  ['missing: ' + ', '.join(missing)] if missing else ['no option found in the help'])
        stale = sorted(described_options(troff) - wanted)
        tap.check(not stale, '%s describes no option the program lacks' % page_name,
                  ['not in the help: ' + ', '.join(stale)])
    else:
        m = re.search(r'^Commands:\n((?:  .*\n)+)', top_help, flags=re.M)
        commands = re.findall(r'^  (\S+)', m.group(1), flags=re.M) if m else []
        tap.check(len(commands) > 0, 'the help lists the commands', [top_help])
        subsections = sections(troff, 'SS')
        tap.check(set(subsections) == set(commands),
                  'one subsection per command in %s' % page_name,
                  ['commands: ' + ', '.join(commands),
                   'subsections: ' + ', '.join(subsections)])
        for command in commands:
            rc, cmd_help, err = run_help(args.program, [command, '--help'])
            wanted = help_options(cmd_help)
            body = subsections.get(command, '')
            # --help is described once, in OPTIONS, for every command.
            missing = sorted(o for o in wanted
                             if o != '--help' and not mentions(plain_text(body), o))
            tap.check(rc == 0 and len(wanted) > 1 and not missing,
                      'every option of “%s --help” is in its subsection' % command,
                      ['exit status %d' % rc, 'missing: ' + ', '.join(missing)] + err.splitlines())
            stale = sorted(described_options(body) - wanted)
            tap.check(not stale, 'the subsection of “%s” describes no option it lacks' % command,
                      ['not in the help: ' + ', '.join(stale)])
        options = sections(troff, 'SH').get('OPTIONS', '')
        for option in ('--help', '--version'):
            tap.check(mentions(plain_text(options), option), '%s is described in OPTIONS' % option)
        rc, version, err = run_help(args.program, ['--version'])
        tap.check(rc == 0 and version.startswith(os.path.basename(args.program) + ' '),
                  '%s --version works as described' % args.program, [version, err])

    if args.exit_codes:
        with open(args.exit_codes, encoding='utf-8') as f:
            codes = sorted({int(n) for n in re.findall(r'^\s*EO_CLI_EXIT_\w+\s*=\s*(\d+)', f.read(), re.M)})
        exit_section = sections(troff, 'SH').get('EXIT STATUS', '')
        listed = {int(n) for n in re.findall(r'^\.TP\n(\d+)$', exit_section, flags=re.M)}
        tap.check(len(codes) >= 7, 'exit codes found in %s' % os.path.basename(args.exit_codes),
                  ['codes: %s' % codes])
        missing = [c for c in codes if c not in listed]
        extra = sorted(listed - set(codes))
        tap.check(not missing and not extra, 'EXIT STATUS lists exactly the codes of eo-cli.h',
                  ['missing: %s' % missing, 'not in eo-cli.h: %s' % extra])

    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
