# test_lifecycle.py: the plugin's lifecycle driven through Tryton's own module machinery, not by
# calling the module's hooks: `trytond-admin -u peer_support` is Pool.init(update=[...]), and
# Administration > Modules (deactivate, activate, then "Perform Pending Activation/Upgrade") is
# ir.module's buttons and the ir.module.activate_upgrade wizard.
#
# These commit, reload the pool and change which modules are activated, so they run in a process
# and on an in-memory database of their own (run_tests.py), each test from Tryton's cached
# activated database.
import os
import unittest

from sql import Table

from trytond import cache
from trytond.config import config as trytond_config
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, activate_module, drop_db
from trytond.transaction import Transaction

from trytond.modules.peer_support import agency as agency_module
from trytond.modules.peer_support import runtime
from trytond.modules.peer_support.tests import tools

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(os.path.realpath(os.path.join(HERE, '..')), '..', '..', '..'))
RELEASE_0_1_0 = os.path.join(REPO, 'tests', 'fixtures', 'release-0.1.0',
                             'psp_plugin.manifest.json')
HR = {'id': 'U0', 'roles': ['peer_support.group_hr_admin']}


def trytond_admin_update(module):
    "What `trytond-admin -d DB -u MODULE` runs (trytond/admin.py), outside any transaction."
    Pool(DB_NAME).init(update=[module], lang=['en'])


def modules_button(button, module):
    """Administration > Modules: the module's button, then the activate/upgrade wizard, as the
    client runs them (trytond.tests.test_tryton.activate_module does the same)."""
    with Transaction().start(DB_NAME, 0, close=True) as transaction:
        pool = Pool()
        Module = pool.get('ir.module')
        record, = Module.search([('name', '=', module)])
        getattr(Module, button)([record])
        transaction.commit()
        ActivateUpgrade = pool.get('ir.module.activate_upgrade', type='wizard')
        instance_id, _, _ = ActivateUpgrade.create()
        transaction.commit()
        ActivateUpgrade(instance_id).transition_upgrade()
        ActivateUpgrade.delete(instance_id)
        transaction.commit()


def reload_pool():
    """What each Tryton process does when it notices the activated modules changed (Cache.sync,
    after [cache] clean_timeout, or at once through the bus on PostgreSQL): a new pool."""
    with Transaction().start(DB_NAME, 0) as transaction:
        modules = cache._get_modules(transaction.connection.cursor())
    Pool(DB_NAME).refresh(modules)
    Pool(DB_NAME).init()


def module_state(module):
    with Transaction().start(DB_NAME, 0):
        record, = Pool().get('ir.module').search([('name', '=', module)])
        return record.state


def agency_rows():
    "peer_support_agency as the database holds it, whether or not the module is activated."
    table = Table('peer_support_agency')
    with Transaction().start(DB_NAME, 0) as transaction:
        cursor = transaction.connection.cursor()
        cursor.execute(*table.select(table.id, table.company, table.data_dir,
                                     order_by=table.id))
        return list(cursor)


def plugin_databases(data_dir):
    return sorted(name for name in os.listdir(data_dir) if name.endswith('.sqlite3'))


def open_instances():
    return [key for key in agency_module._instances if key[0] == DB_NAME]


class PeerSupportLifecycle(unittest.TestCase):
    "Tryton's upgrade, deactivation and activation drive the plugin's"

    def setUp(self):
        drop_db()
        activate_module('peer_support')  # from Tryton's cache of the activated database
        self.manifest = trytond_config.get('peer_support', 'manifest')
        self.addCleanup(trytond_config.set, 'peer_support', 'manifest', self.manifest)
        tools.private_plugin_data(self, 'psp-tryton-lifecycle-')

    def agency_with_a_directory_record(self, manifest):
        "A company (its instance installed from `manifest`) and one directory record, committed."
        trytond_config.set('peer_support', 'manifest', manifest)
        with Transaction().start(DB_NAME, 0, close=True) as transaction:
            pool = Pool()
            Currency = pool.get('currency.currency')
            Party = pool.get('party.party')
            Company = pool.get('company.company')
            currency, = Currency.create([{'name': 'Dollar', 'code': 'USD', 'symbol': '$'}])
            party, = Party.create([{'name': 'Lifecycle Police Department'}])
            Company.create([{'party': party.id, 'currency': currency.id}])
            agency, = pool.get('peer_support.agency').search([])
            self.call(agency, 'directory.sync', {
                    'mode': 'full', 'source': 'records',
                    'records': [{'id': 'U1', 'name': 'Ada Lifecycle', 'category': 'sworn'}]},
                key='lifecycle-1')
            transaction.commit()
            return agency.id, agency.plugin_version, agency.schema_version, agency.data_dir

    def answer(self, agency, method, params, key=None):
        request = {'method': method, 'principal': HR, 'params': params}
        if key:
            request['idempotency_key'] = key
        return agency.instance().call(request)[1]

    def call(self, agency, method, params, key=None):
        answer = self.answer(agency, method, params, key)
        self.assertTrue(answer['ok'], answer)
        return answer['result']

    @unittest.skipUnless(os.path.isfile(RELEASE_0_1_0), 'no release 0.1.0 fixture')
    def test_trytond_admin_update_upgrades_the_plugin_with_its_data(self):
        "trytond-admin -u peer_support: the previous release's data migrates to this build"
        agency_id, version, old_schema, data_dir = \
            self.agency_with_a_directory_record(RELEASE_0_1_0)
        self.assertEqual(version, '0.1.0')
        # 0.1.0 reads no mappings, so Tryton's export is not given to it to misread.
        with Transaction().start(DB_NAME, 0):
            agency, = Pool().get('peer_support.agency').search([])
            with self.assertLogs('trytond.modules.peer_support', 'ERROR') as logged:
                pull = self.answer(agency, 'directory.sync', {'mode': 'full', 'source': 'host'},
                                   key='lifecycle-2')
            self.assertEqual(pull['error']['code'], 'host_error', pull)
            self.assertIn('reads no directory mappings', '\n'.join(logged.output))

        trytond_config.set('peer_support', 'manifest', self.manifest)
        trytond_admin_update('peer_support')

        new = runtime.load_library(self.manifest)
        with Transaction().start(DB_NAME, 0):
            agency, = Pool().get('peer_support.agency').search([])
            self.assertEqual(agency.id, agency_id)
            self.assertEqual((agency.previous_version, agency.plugin_version),
                             ('0.1.0', new.version))
            self.assertEqual(agency.library_sha256, new.sha256)
            self.assertGreaterEqual(agency.schema_version, old_schema)
            self.assertEqual(agency.data_dir, data_dir)
            self.assertTrue(os.path.isdir(data_dir + '.before-' + new.version))
            employee = self.call(agency, 'directory.get', {'employee_id': 'U1'})['employee']
            self.assertEqual(employee['name'], 'Ada Lifecycle')
            # The upgraded instance is opened with Tryton's directory mapping.
            preview = self.call(agency, 'directory.sync', {'mode': 'full', 'source': 'host',
                                                           'dry_run': True})
            self.assertEqual(preview['mapping'], 'plugin')

    def test_deactivate_keeps_the_data_and_activate_finds_it(self):
        "Deactivating leaves data folder and agency; activating again reopens the same data"
        agency_id, version, schema, data_dir = self.agency_with_a_directory_record(self.manifest)
        databases = plugin_databases(data_dir)
        self.assertTrue(databases)
        self.assertTrue(open_instances())

        modules_button('deactivate', 'peer_support')
        self.assertEqual(module_state('peer_support'), 'not activated')
        # The plugin manager's uninstall without --export-data: instance closed, data kept.
        self.assertEqual(open_instances(), [])
        # (closing it checkpoints SQLite's -wal and -shm into the database file)
        self.assertEqual(plugin_databases(data_dir), databases)
        self.assertEqual([row[0] for row in agency_rows()], [agency_id])
        reload_pool()
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            with self.assertRaises(KeyError):
                pool.get('peer_support.agency')
            # Tryton deletes what the module's XML created: its groups, menus and cron.
            Group = pool.get('res.group')
            self.assertEqual(Group.search([('name', 'like', 'Peer Support:%')]), [])

        modules_button('activate', 'peer_support')
        self.assertEqual(module_state('peer_support'), 'activated')
        self.assertEqual([row[0] for row in agency_rows()], [agency_id])
        self.assertEqual(len(open_instances()), 1)
        with Transaction().start(DB_NAME, 0):
            agency, = Pool().get('peer_support.agency').search([])
            self.assertEqual((agency.id, agency.data_dir, agency.plugin_version,
                              agency.schema_version), (agency_id, data_dir, version, schema))
            employee = self.call(agency, 'directory.get', {'employee_id': 'U1'})['employee']
            self.assertEqual(employee['name'], 'Ada Lifecycle')
            self.assertEqual(len(Pool().get('res.group').search(
                        [('name', 'like', 'Peer Support:%')])), len(agency_module.GROUP_ROLES))
        # The same folder, no second one beside it.
        self.assertEqual(os.listdir(os.path.dirname(data_dir)), [os.path.basename(data_dir)])


def suite():
    return unittest.TestLoader().loadTestsFromTestCase(PeerSupportLifecycle)
