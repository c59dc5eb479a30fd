#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The running app as a screen reader sees it: starts the simulator and
# the real esim-onboard binary (demo mode, a device list on the command
# line) with GTK's AT-SPI backend, walks the accessibility tree over the
# AT-SPI bus, checks that the main controls are there by name, focusable,
# and usable from the keyboard (Ctrl+Return opens the assign confirmation,
# Escape closes it; actions invoked through AT-SPI work too).
#
# Needs a display (Xvfb) and a session bus (dbus-run-session), which start
# the AT-SPI bus on demand. Output: TAP.

import os
import shutil
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

APP_NAME = 'esim-onboard'
n_tests = 0
failures = 0


def ok(passed, name, detail=''):
    global n_tests, failures
    n_tests += 1
    if not passed:
        failures += 1
    print('%s %d %s%s' % ('ok' if passed else 'not ok', n_tests, ' '.join(str(name).split()),
                          (' # ' + ' '.join(str(detail).split())) if detail and not passed else ''))
    if not passed:
        note('FAILED: %s %s' % (name, detail))
    sys.stdout.flush()
    return passed


def note(text):
    # Every line a TAP comment, also when the text has line breaks.
    for line in str(text).splitlines() or ['']:
        print('# ' + line)
    sys.stdout.flush()


def wait_for(predicate, what, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise TimeoutError('timed out waiting for ' + what)


def has_state(obj, state):
    return obj.get_state_set().contains(state)


def walk(obj, depth=0):
    """Every object under obj (itself first)."""
    yield obj, depth
    try:
        n = obj.get_child_count()
    except Exception:
        return
    for i in range(n):
        try:
            child = obj.get_child_at_index(i)
        except Exception:
            # Gone meanwhile (rows are recycled as the table changes).
            continue
        if child is not None:
            yield from walk(child, depth + 1)


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == APP_NAME:
            return app
    return None


def showing(obj):
    return has_state(obj, Atspi.StateType.SHOWING)


def find_all(root, role=None, name=None, only_showing=False):
    found = []
    for obj, _ in walk(root):
        try:
            if role is not None and obj.get_role() != role:
                continue
            if name is not None and obj.get_name() != name:
                continue
            if only_showing and not showing(obj):
                continue
        except Exception:
            continue
        found.append(obj)
    return found


def find_dialogs(root):
    """The dialogs: windows (libadwaita 1.2) or, from 1.5, sheets in the
    window, alerts among them."""
    return [obj for obj, _ in walk(root)
            if safe_role(obj) in (Atspi.Role.DIALOG, Atspi.Role.ALERT)]


def safe_role(obj):
    try:
        return obj.get_role()
    except Exception:
        return None


def find_one(root, role, name):
    found = find_all(root, role, name)
    return found[0] if found else None


def do_named_action(obj, wanted):
    for i in range(obj.get_n_actions()):
        if obj.get_action_name(i) in wanted:
            return obj.do_action(i)
    return False


def xdotool(*args):
    """Runs xdotool (real key presses through XTest), returns its output."""
    return subprocess.run(['xdotool'] + list(args), check=True, text=True,
                          stdout=subprocess.PIPE).stdout.strip()


def press(keys, window_id):
    """Focuses the window (no window manager here to do it) and presses
    the keys, as a person would."""
    xdotool('windowfocus', '--sync', window_id)
    xdotool('key', '--clearmodifiers', keys)


def launch_app(argv, env, home):
    """Starts the app. Under Xvfb a freshly started server occasionally
    refuses the very first connection of a new client ("cannot open
    display": 3 of 14 runs in fresh sessions here before this): that
    is the X server, not the app, so the launch is tried again, at most
    twice, and said in the TAP output. Any other early exit is a failure."""
    for attempt in range(3):
        log_path = os.path.join(home, 'app-stderr-%d.log' % attempt)
        with open(log_path, 'w') as log:
            app = subprocess.Popen(argv, env=env, stderr=log)
        started = time.monotonic()
        try:
            app.wait(3)
        except subprocess.TimeoutExpired:
            return app, started
        with open(log_path) as log:
            err = log.read()
        sys.stderr.write(err)
        if 'cannot open display' not in err:
            return app, started
        note('the X server refused the app\'s connection (attempt %d): starting it again'
             % (attempt + 1))
    return app, started


def main():
    build_root = os.environ['EO_BUILD_ROOT']
    source_root = os.environ['EO_SOURCE_ROOT']
    simulator = os.environ['EO_SIMULATOR']
    app_path = os.path.join(build_root, 'src', 'app', 'esim-onboard')
    csv = os.path.join(source_root, 'tests', 'app', 'data', 'devices.csv')

    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS') or not os.environ.get('DISPLAY'):
        print('1..0 # needs a display and a session bus: run under xvfb-run dbus-run-session')
        print('Bail out! no display or session bus')
        return 1

    home = tempfile.mkdtemp(prefix='eo-a11y-')
    env = dict(os.environ)
    # GTK talks AT-SPI: not the test backend the other GUI tests use.
    env.pop('NO_AT_BRIDGE', None)
    env['GTK_A11Y'] = 'atspi'
    env['HOME'] = home
    for var, sub in (('XDG_DATA_HOME', 'data'), ('XDG_CONFIG_HOME', 'config'),
                     ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state')):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var])
    env['GSETTINGS_BACKEND'] = 'memory'
    # Criticals make the app abort elsewhere in the tests; here, a crash
    # would only show as a missing tree.
    env['G_DEBUG'] = 'fatal-criticals'
    env['LC_ALL'] = 'C.UTF-8'
    env['LANGUAGE'] = 'C'

    sim = subprocess.Popen([simulator, '--port', '0', '--demo', '--quiet'],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    app = None
    try:
        line = sim.stdout.readline().strip()
        assert line.startswith('Listening on '), line
        url = line[len('Listening on '):]
        note('simulator at ' + url)

        app, started = launch_app([app_path, '--demo', url, csv], env, home)
        accessible = wait_for(find_app, 'the application on the AT-SPI bus')
        frame = wait_for(lambda: find_one(accessible, Atspi.Role.FRAME, 'devices.csv'),
                         'the window showing devices.csv')
        table = wait_for(lambda: find_one(frame, Atspi.Role.TREE_TABLE, 'Devices'),
                         'the device table')
        note('window reachable %.1f s after start' % (time.monotonic() - started))
        ok(frame is not None, 'application and its window found by name')

        # The main controls, by role and name.
        buttons = {}
        # "Show": the drop-down choosing which devices the table shows.
        for name in ('Open', 'History of Uploads', 'Assign eSIMs', 'Main Menu', 'Show'):
            button = find_one(frame, Atspi.Role.PUSH_BUTTON, name) or \
                find_one(frame, Atspi.Role.TOGGLE_BUTTON, name)
            buttons[name] = button
            ok(button is not None, 'button "%s" is there' % name)

        # Every button shown has a name, once (no "_Open Open").
        unnamed = []
        doubled = []
        for button in find_all(frame, Atspi.Role.PUSH_BUTTON) + find_all(frame, Atspi.Role.TOGGLE_BUTTON):
            name = button.get_name()
            if not name:
                unnamed.append(button)
            elif '_' in name or (len(name.split()) % 2 == 0 and
                                 name.split()[:len(name.split()) // 2] == name.split()[len(name.split()) // 2:]):
                doubled.append(name)
        ok(not unnamed, 'every button shown has a name', '%d unnamed' % len(unnamed))
        ok(not doubled, 'button names are said once, without underlines', repr(doubled))

        # Focusable: the keyboard reaches them.
        not_focusable = []
        for name, button in buttons.items():
            if button is None:
                continue
            target = button
            # A menu button's focus goes to its inner toggle.
            if not has_state(button, Atspi.StateType.FOCUSABLE):
                inner = [c for c, _ in walk(button) if c is not button and
                         has_state(c, Atspi.StateType.FOCUSABLE)]
                target = inner[0] if inner else None
            if target is None:
                not_focusable.append(name)
        ok(not not_focusable, 'main controls are focusable', repr(not_focusable))

        # The table: its columns titled, its rows and status icons named.
        texts = [obj.get_name() for obj, _ in walk(table)
                 if obj.get_role() == Atspi.Role.LABEL]
        for title in ('Line', 'Check', 'Name', 'EID', 'ICCID', 'Problem'):
            ok(title in texts, 'column "%s" has a header' % title)
        rows = find_all(table, Atspi.Role.TABLE_ROW)
        ok(len(rows) >= 6, 'header and 5 device rows', '%d rows' % len(rows))
        images = [obj.get_name() for obj, _ in walk(table) if obj.get_role() == Atspi.Role.IMAGE]
        ok(any(n.startswith('Error') for n in images), 'an error icon is named "Error…"', repr(images))
        ok(any(n.startswith('Warning') for n in images), 'a warning icon is named "Warning…"')
        ok(any(n == 'No problems' for n in images), 'a passing row\'s icon is named "No problems"')
        ok('Zulu Phone' in texts and '89049032906790377420875135062935' in texts,
           'cells read out: a name and an EID')

        # Keyboard: Ctrl+Return asks to assign, in a dialog.
        button = buttons['Assign eSIMs']
        window_id = xdotool('search', '--sync', '--onlyvisible', '--pid', str(app.pid), '--name', 'devices.csv').split()[0]
        press('ctrl+Return', window_id)
        try:
            dialog = wait_for(lambda: next(iter(find_dialogs(accessible)), None),
                              'the confirmation dialog', timeout=10)
        except TimeoutError:
            dialog = None
        ok(dialog is not None, 'Ctrl+Return opens the assign confirmation dialog')
        if dialog is not None:
            labels = [o.get_name() for o, _ in walk(dialog) if o.get_role() == Atspi.Role.LABEL]
            note('dialog says: ' + ' | '.join(n for n in labels if n))
            ok(any('demo server' in (n or '') for n in labels), 'the dialog says it is the demo server')
            responses = [o.get_name() for o in find_all(dialog, Atspi.Role.PUSH_BUTTON)]
            ok('Cancel' in responses and 'Assign' in ' '.join(responses),
               'the dialog\'s buttons are named', repr(responses))
            dialog_id = xdotool('search', '--sync', '--onlyvisible', '--pid', str(app.pid), '--name', '.*').split()
            # The dialog is the newest window of the app (or, as a sheet,
            # in the newest one).
            press('Escape', dialog_id[-1])
            try:
                wait_for(lambda: not find_dialogs(accessible), 'the dialog to close', timeout=10)
                closed = True
            except TimeoutError:
                closed = False
            ok(closed, 'Escape closes the dialog without assigning')
            ok(has_state(button, Atspi.StateType.SENSITIVE), 'nothing was sent: Assign is still there')

        # The filter from the keyboard (Ctrl+E: Problems), as a screen
        # reader's user would choose it; the drop-down is reachable above.
        if buttons['Show'] is not None:
            press('ctrl+e', window_id)
            try:
                wait_for(lambda: len(find_all(table, Atspi.Role.TABLE_ROW)) == 3,
                         'only the two problem rows', timeout=10)
                filtered = True
            except TimeoutError:
                filtered = False
            ok(filtered, 'Ctrl+E leaves the 2 devices with problems',
               '%d rows' % len(find_all(table, Atspi.Role.TABLE_ROW)))

        ok(app.poll() is None, 'the app is still running')
    except Exception as e:  # noqa: BLE001
        ok(False, 'walk the running app', repr(e))
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        sim.terminate()
        sim.wait(10)
        shutil.rmtree(home, ignore_errors=True)

    print('1..%d' % n_tests)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
