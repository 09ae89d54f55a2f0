#!/usr/bin/python3
"""run_tests.py: runs the peer_support Tryton module's tests the way Tryton runs a module's tests.

Debian's Tryton lives in /usr/bin/python3's dist-packages, so this must run under
/usr/bin/python3 (CTest does). It makes the module in this folder visible to trytond as an
installed module would be (an entry point in `trytond.modules`, found through an egg-info in a
scratch folder), points the module at the plugin manifest under test, then runs:

  1. on an in-memory SQLite database: ModuleTestCase and the proteus scenarios;
  2. on an in-memory SQLite database of its own: the lifecycle through Tryton's module machinery
     (trytond-admin's update, deactivate, activate), which commits and reloads the pool;
  3. on a SQLite file in the scratch folder: Tryton worker threads calling the plugin at once
     (each thread opens its own connection, as trytond's threaded server does; an in-memory
     SQLite database exists once per thread, so threads need a file).

Usage: run_tests.py MANIFEST WORK_DIR. Exits 77 (CTest's skip) when Tryton is not installed.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def prepare(work_dir):
    site = os.path.join(work_dir, 'site')
    shutil.rmtree(work_dir, ignore_errors=True)
    os.makedirs(os.path.join(site, 'trytond', 'modules'))
    os.symlink(os.path.join(HERE, 'peer_support'),
               os.path.join(site, 'trytond', 'modules', 'peer_support'))
    egg = os.path.join(site, 'trytond_peer_support.egg-info')
    os.makedirs(egg)
    with open(os.path.join(egg, 'PKG-INFO'), 'w') as f:
        f.write('Metadata-Version: 1.1\nName: trytond_peer_support\nVersion: 6.0.0\n')
    with open(os.path.join(egg, 'entry_points.txt'), 'w') as f:
        f.write('[trytond.modules]\npeer_support = trytond.modules.peer_support\n')
    os.makedirs(os.path.join(work_dir, 'db'))
    return site


def run_suite(site, suite):
    "Runs in this process: the environment is set, then trytond imported."
    sys.path.append(site)
    from trytond.modules import import_module
    import_module('peer_support')
    import importlib
    import unittest
    module = importlib.import_module('trytond.modules.peer_support.tests.' + suite)
    tests = module.suite()
    only = os.environ.get('PSP_TRYTON_ONLY')  # a substring of test ids, while developing
    if only:
        def flatten(suite):
            for test in suite:
                if isinstance(test, unittest.TestSuite):
                    yield from flatten(test)
                else:
                    yield test
        tests = unittest.TestSuite(t for t in flatten(tests) if only in t.id())
    result = unittest.TextTestRunner(verbosity=2, warnings='ignore').run(tests)
    return 0 if result.wasSuccessful() else 1


def main(argv):
    if len(argv) == 4 and argv[1] == '--suite':
        return run_suite(argv[2], argv[3])
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import proteus  # noqa: F401
        import trytond  # noqa: F401
        import trytond.modules.company  # noqa: F401
    except ImportError as e:
        print('SKIP: Tryton is not installed for %s (%s); scripts/install-deps.sh installs '
              'tryton-server, tryton-modules-company and tryton-proteus' % (sys.executable, e))
        return SKIP
    manifest, work_dir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    site = prepare(work_dir)
    base = dict(os.environ, TRYTOND_PEER_SUPPORT__MANIFEST=manifest,
                TRYTOND_DATABASE__PATH=os.path.join(work_dir, 'db'),
                TRYTOND_DATABASE__URI='sqlite://', PYTHONDONTWRITEBYTECODE='1',
                PYTHONWARNINGS='ignore::UserWarning')
    # Tryton's own cache of activated databases: the module is activated once per run, and
    # each later suite starts from a copy (companies, and so plugin instances, come after).
    base['DB_CACHE'] = os.path.join(work_dir, 'db-cache')
    os.makedirs(base['DB_CACHE'])
    runs = [('test_module', ':memory:'), ('test_lifecycle', ':memory:'),
            ('test_threads', 'peer_support_threads')]
    status = 0
    for suite, db_name in runs:
        env = dict(base, DB_NAME=db_name,
                   TRYTOND_PEER_SUPPORT__DATA_DIR=os.path.join(work_dir, 'plugin-' + suite))
        print('== %s on %s' % (suite, 'in-memory SQLite' if db_name == ':memory:'
                                else 'a SQLite file'), flush=True)
        code = subprocess.call([sys.executable, os.path.abspath(__file__), '--suite', site,
                                suite], env=env)
        status = status or code
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
