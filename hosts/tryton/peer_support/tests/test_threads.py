# test_threads.py: Tryton worker threads calling one company's plugin instance at once.
#
# trytond's threaded server gives each request a thread with its own transaction and database
# connection; the plugin's `call` is thread-safe and ctypes releases the GIL while it runs. Here
# eight threads, each a Tryton transaction as a different user, call the same instance at once
# (reads, writes and a failing call); every answer must be the one that user should get, and the
# calls must really overlap.
import os
import threading
import unittest

from trytond.config import config as trytond_config
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.tests.tools import activate_modules
from trytond.transaction import Transaction

from trytond.modules.peer_support import agency as agency_module
from trytond.modules.peer_support.tests import tools

THREADS = 8
ROUNDS = 15


class PeerSupportThreads(unittest.TestCase):
    'Tryton worker threads on one plugin instance'

    def setUp(self):
        # Tryton restores its cached activated database into an existing SQLite file.
        path = os.path.join(trytond_config.get('database', 'path'), DB_NAME + '.sqlite')
        if not os.path.exists(path):
            open(path, 'wb').close()
        self.config = activate_modules('peer_support')
        self.clock = tools.start_clock(self)

    def test_worker_threads_call_at_once(self):
        company, people, users = tools.build_agency(self.config)
        caller = tools.Caller(self.config)
        ids = {key: tools.code(e) for key, e in people.items()}
        caller.ok(users['hr'], 'directory.sync', {'mode': 'full', 'source': 'host'})
        appliers = ['officer_a', 'officer_b', 'officer_c', 'peer', 'dispatcher', 'patrol_sgt']
        # (user key, method, params, expected error code or None)
        work = [
            ('hr', 'program.list', {}, None),
            ('officer_a', 'roster.available', {}, None),
            ('lieutenant', 'statistics.report', {'tables': ['headcount']}, None),
            ('coordinator', 'directory.get', {'employee_id': ids['officer_c']}, None),
            ('lieutenant', 'program.status', {'employee_id': ids['officer_a']}, 'forbidden'),
            ('dispatcher', 'no.such_method', {}, 'unknown_method'),
            ]
        barrier = threading.Barrier(THREADS)
        failures, answered = [], []

        def worker(index):
            try:
                barrier.wait()
                for round_ in range(ROUNDS):
                    if round_ == 0 and index < len(appliers):
                        key, method, params, expected = (
                            appliers[index], 'selection.apply', {}, None)
                    else:
                        key, method, params, expected = work[(index + round_) % len(work)]
                    user = users[key]
                    with Transaction().start(DB_NAME, user.id,
                                             context={'company': company.id}):
                        answer = Pool().get('peer_support.program').call(method, params)
                    code = None if answer.get('ok') else answer['error']['code']
                    if code != expected:
                        failures.append((key, method, answer))
                    answered.append(method)
            except Exception as e:  # a worker must never die of a plugin call
                failures.append(('exception', index, repr(e)))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(failures, [])
        self.assertEqual(len(answered), THREADS * ROUNDS)
        instance, = [i for (db, _), i in agency_module._instances.items() if db == DB_NAME]
        self.assertGreater(instance.most_in_flight, 1)
        # Every application made it, each once, and the program lists them all.
        listed = caller.ok(users['hr'], 'program.list', {})
        statuses = {m['employee_id']: m['status']
                    for m in listed.get('members', listed.get('items', []))}
        for key in appliers:
            self.assertIn(ids[key], statuses)
        print('most calls in flight at once: %d of %d threads'
              % (instance.most_in_flight, THREADS))


def suite():
    return unittest.TestLoader().loadTestsFromTestCase(PeerSupportThreads)
