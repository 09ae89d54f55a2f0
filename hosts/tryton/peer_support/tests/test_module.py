# test_module.py: the module as Tryton tests a module: ModuleTestCase (views, access, RPC,
# fields), the plugin's lifecycle driven by Tryton's, and a proteus scenario in which an agency
# runs its peer support program inside Tryton, on an in-memory SQLite database.
import ctypes
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from unittest import mock

from proteus import Model

from trytond.config import config as trytond_config
from trytond.exceptions import UserError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, ModuleTestCase, with_transaction
from trytond.tests.test_tryton import suite as test_suite
from trytond.tests.tools import activate_modules
from trytond.transaction import Transaction

from trytond.modules.peer_support import abi
from trytond.modules.peer_support import agency as agency_module
from trytond.modules.peer_support import employee as employee_module
from trytond.modules.peer_support import runtime
from trytond.modules.peer_support.tests import tools

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(os.path.realpath(os.path.join(HERE, '..')), '..', '..', '..'))


def set_manifest(path):
    trytond_config.set('peer_support', 'manifest', path)


def tampered_copy(manifest, work, **changes):
    "A copy of the installed manifest and library with `changes` made to the manifest."
    folder = tempfile.mkdtemp(dir=work)
    with open(manifest) as f:
        document = json.load(f)
    library = os.path.join(os.path.dirname(manifest), document['library']['file'])
    shutil.copy(library, os.path.join(folder, document['library']['file']))
    for key, value in changes.items():
        if key == 'sha256':
            document['library']['sha256'] = value
        elif key == 'requested':
            document['scopes']['requested'] = value
        else:
            document[key] = value
    path = os.path.join(folder, 'psp_plugin.manifest.json')
    with open(path, 'w') as f:
        json.dump(document, f)
    return path


class PeerSupportTestCase(ModuleTestCase):
    'The peer_support module, and the plugin lifecycle Tryton drives'
    module = 'peer_support'

    def setUp(self):
        super().setUp()
        self.manifest = trytond_config.get('peer_support', 'manifest')
        self.work = tempfile.mkdtemp(prefix='psp-tryton-')
        self.addCleanup(shutil.rmtree, self.work, True)
        self.addCleanup(set_manifest, self.manifest)
        # Tryton rolls each test's transaction back; the plugin's data folders it cannot, so each
        # test gets its own (company ids start again at 1).
        data_dir = trytond_config.get('peer_support', 'data_dir')
        self.addCleanup(trytond_config.set, 'peer_support', 'data_dir', data_dir)
        trytond_config.set('peer_support', 'data_dir', os.path.join(self.work, 'plugin-data'))

    def company(self, name):
        pool = Pool()
        Party = pool.get('party.party')
        Currency = pool.get('currency.currency')
        Company = pool.get('company.company')
        currency, = Currency.create([{'name': 'Dollar', 'code': 'USD', 'symbol': '$'}]) \
            if not Currency.search([]) else Currency.search([])[:1]
        party, = Party.create([{'name': name}])
        company, = Company.create([{'party': party.id, 'currency': currency.id}])
        return company

    def refused(self, manifest, words):
        set_manifest(manifest)
        with self.assertRaises(UserError) as raised:
            self.company('Refused Department')
        for word in words:
            self.assertIn(word, str(raised.exception))
        self.assertEqual(Pool().get('peer_support.agency').search([]), [])

    @with_transaction()
    def test_company_creation_installs_the_plugin(self):
        "A new company gets its instance: migrations applied, health answered, recorded"
        Agency = Pool().get('peer_support.agency')
        company = self.company('Lakeview Police Department')
        agency, = Agency.search([('company', '=', company.id)])
        library = runtime.load_library(self.manifest)
        self.assertEqual(agency.plugin_version, library.version)
        self.assertEqual(agency.library_sha256, library.sha256)
        self.assertGreater(agency.schema_version, 0)
        self.assertTrue(os.path.isdir(agency.data_dir))
        self.assertTrue(any(name.endswith('.sqlite3') for name in os.listdir(agency.data_dir)))

    @with_transaction()
    def test_activation_installs_existing_companies(self):
        "Activating the module (each model's __register__) installs every company without one"
        pool = Pool()
        Agency = pool.get('peer_support.agency')
        company = self.company('Harbor Police Department')
        agency, = Agency.search([])
        agency_module._forget(company.id)
        data_dir = agency.data_dir
        Agency.delete([agency])
        shutil.rmtree(data_dir)
        Agency.__register__('peer_support')
        agency, = Agency.search([('company', '=', company.id)])
        self.assertTrue(os.path.isdir(agency.data_dir))
        self.assertGreater(agency.schema_version, 0)

    def test_ctypes_structs_match_the_header(self):
        "abi.py's structs have psp_plugin.h's sizes and field offsets (compiled with cc)"
        header = os.path.join(REPO, 'abi', 'psp_plugin.h')
        cc = shutil.which('cc')
        if not cc or not os.path.isfile(header):
            self.skipTest('no C compiler or header')
        structs = [('psp_host_services', abi.HostServices),
                   ('psp_instance_config', abi.InstanceConfig),
                   ('psp_plugin_api', abi.PluginApi)]
        lines = ['#include <stdio.h>', '#include <stddef.h>', '#include "psp_plugin.h"',
                 'int main(void) {']
        expected = []
        for name, struct in structs:
            lines.append('printf("%%zu\\n", sizeof(%s));' % name)
            expected.append(ctypes.sizeof(struct))
            for field, _ in struct._fields_:
                lines.append('printf("%%zu\\n", offsetof(%s, %s));' % (name, field))
                expected.append(getattr(struct, field).offset)
        lines.append('return 0; }')
        source = os.path.join(self.work, 'layout.c')
        with open(source, 'w') as f:
            f.write('\n'.join(lines))
        program = os.path.join(self.work, 'layout')
        subprocess.check_call([cc, '-std=c99', '-I', os.path.dirname(header), source, '-o',
                               program])
        printed = [int(v) for v in subprocess.check_output([program]).split()]
        self.assertEqual(printed, expected)

    @with_transaction()
    def test_changed_library_is_refused(self):
        "A library whose SHA-256 differs from its manifest is never loaded"
        self.refused(tampered_copy(self.manifest, self.work, sha256='0' * 64),
                     ['does not match its manifest', 'not loaded'])

    @with_transaction()
    def test_other_abi_major_is_refused(self):
        "A plugin for another ABI major is refused before loading"
        self.refused(tampered_copy(self.manifest, self.work, abi_major=2),
                     ['ABI major 2', 'speaks ABI major 1'])

    @with_transaction()
    def test_disciplinary_scope_is_refused(self):
        "A plugin asking for a disciplinary scope is refused, whatever else it offers"
        self.refused(tampered_copy(self.manifest, self.work,
                                   requested=['directory', 'discipline']),
                     ["scope 'discipline'", 'never shared'])

    @with_transaction()
    def test_missing_manifest_says_what_to_set(self):
        "No manifest: the error names the trytond.conf option"
        self.refused(os.path.join(self.work, 'nowhere.json'), ['[peer_support] manifest'])

    def test_instance_config_maps_tryton_under_the_agency_policy(self):
        "The instance reads Tryton's export through DIRECTORY_MAPPING; the agency's policy adds"
        library = runtime.load_library(self.manifest)
        policy = {'directory': {'mapping': {'shift_values': {'B Watch': 'Nights'},
                                            'scim': {'title': ['title', 'userType']}},
                                'single_root': True}}
        config = agency_module.Agency._instance_config(json.dumps(policy), library)
        mapping = config['policy']['directory']['mapping']
        self.assertEqual(mapping['scim']['shift'], employee_module.DIRECTORY_MAPPING['scim']
                         ['shift'])
        self.assertEqual(mapping['scim']['title'], ['title', 'userType'])
        self.assertEqual(mapping['shift_values'], {'B Watch': 'Nights'})
        self.assertTrue(config['policy']['directory']['single_root'])
        self.assertEqual(config['role_map'], agency_module.ROLE_MAP)
        # The module's own mapping is never changed by an agency's.
        self.assertNotIn('title', employee_module.DIRECTORY_MAPPING['scim'])

    @with_transaction()
    def test_library_replaced_without_upgrade_is_refused(self):
        "A library changed on disk is not used until the module is upgraded"
        pool = Pool()
        Agency = pool.get('peer_support.agency')
        company = self.company('Replaced Library Department')
        agency, = Agency.search([])
        agency_module._forget(company.id)  # a new Tryton process starts
        Agency.write([agency], {'library_sha256': 'f' * 64, 'plugin_version': '0.0.9'})
        with self.assertRaises(UserError) as raised:
            agency.instance()
        self.assertIn('trytond-admin -u peer_support', str(raised.exception))


class PeerSupportScenario(unittest.TestCase):
    'An agency runs its peer support program in Tryton, through Tryton RPC (proteus)'

    def setUp(self):
        self.config = activate_modules('peer_support')
        self.clock = tools.start_clock(self)
        self.log = tools.capture_plugin_log()
        tools.private_plugin_data(self, 'psp-tryton-scenario-')

    def test_agency_journey(self):
        company, people, users = tools.build_agency(self.config)
        c = tools.Caller(self.config)
        ids = {key: tools.code(e) for key, e in people.items()}
        hr, coordinator, candidate = users['hr'], users['coordinator'], users['candidate']

        # --- the directory, pulled from company.employee --------------------------------------
        synced = c.ok(hr, 'directory.sync', {'mode': 'full', 'source': 'host'})
        self.assertEqual(synced['total'], len(people))
        self.assertEqual(synced['dropped_fields'], [])
        record = c.ok(coordinator, 'directory.get',
                      {'employee_id': ids['candidate']})['employee']
        self.assertEqual((record['name'], record['supervisor_id'], record['division'],
                          record['unit'], record['shift'], record['title'], record['category']),
                         ('Dana Whitfield', ids['det_sgt'], 'Investigations', 'Detectives',
                          'Day', 'Detective', 'sworn'))

        # The principal comes from Tryton's session, never from the client.
        answer = c.as_user(users['officer_a'], 'program.status',
                           {'employee_id': ids['candidate']})
        self.assertEqual(answer['error']['code'], 'forbidden')
        answer = c.as_user(users['officer_a'], 'directory.get',
                           {'employee_id': ids['candidate'],
                            'principal': {'id': ids['hr'], 'roles': ['hr_admin']}})
        self.assertFalse(answer['ok'])

        # --- selection of Dana Whitfield, each step by the person whose step it is ------------
        c.ok(coordinator, 'clinician.register',
             {'clinician_id': 'CLIN-1', 'name': 'Dr. Helen Park', 'license': 'LMHP-88123'})
        agreement = c.ok(coordinator, 'agreement.publish',
                         {'title': 'Peer support confidentiality agreement',
                          'body': 'I will keep what I hear in confidence, within the law.'})
        c.ok(candidate, 'selection.apply')
        c.ok(users['det_sgt'], 'selection.recommend',
             {'employee_id': ids['candidate'], 'given_on': '2026-10-01'})
        c.ok(users['peer'], 'selection.recommend',
             {'employee_id': ids['candidate'], 'given_on': '2026-10-02'})
        c.ok(hr, 'selection.attest_standing',
             {'employee_id': ids['candidate'], 'in_good_standing': True,
              'attested_on': '2026-10-05'})
        ratings = {'maturity': 4, 'judgment': 5, 'ethics': 5, 'credibility': 4,
                   'education_training': 4}
        c.ok(coordinator, 'selection.record_interview',
             {'employee_id': ids['candidate'], 'held_on': '2026-10-12', 'suitable': True,
              'ratings': ratings,
              'panel': [{'member_id': 'CLIN-1', 'role': 'clinician'},
                        {'member_id': ids['coordinator'], 'role': 'member'}]})
        c.ok(coordinator, 'selection.decide',
             {'employee_id': ids['candidate'], 'selected': True, 'decided_on': '2026-10-15'})
        c.ok(candidate, 'agreement.sign', {'version': agreement['agreement']['version']})
        # The basic course, 40 hours over the initial topics, recorded before activation.
        for day, topic in enumerate(['confidentiality', 'role_conflict', 'limits_liability',
                                     'suicide_assessment', 'referral']):
            c.ok(coordinator, 'training.record',
                 {'employee_id': ids['candidate'], 'date': '2026-11-0%d' % (day + 2),
                  'hours': 8, 'topic': topic, 'provider': 'State peer support academy'})
        # Initial training is read from those records (the default source): no date to attest.
        member = c.ok(coordinator, 'selection.complete_training',
                      {'employee_id': ids['candidate']})['member']
        self.assertEqual(member['status'], 'active')

        # The panel on the employee form: HR sees the program status ...
        self.config.user = hr.id
        Employee = Model.get('company.employee')
        self.assertIn('Program status: active',
                      Employee(people['candidate'].id).peer_support_panel)
        # ... an officer sees, on their own record, the PSPs they may choose (not their chain).
        self.config.user = users['officer_a'].id
        panel = Employee(people['officer_a'].id).peer_support_panel
        self.assertIn('Dana Whitfield', panel)
        self.assertIsNone(Employee(people['officer_b'].id).peer_support_panel)
        roster = c.ok(users['officer_a'], 'roster.available')['psps']
        self.assertEqual([p['employee_id'] for p in roster], [ids['candidate']])
        # A client naming another employee in its context is still itself.
        spoofed = c.as_user(users['officer_a'], 'roster.available', {},
                            context={'employee': people['candidate'].id})
        self.assertEqual([p['employee_id'] for p in spoofed['result']['psps']],
                         [ids['candidate']])

        # --- a critical incident ---------------------------------------------------------------
        incident = c.ok(coordinator, 'incident.open',
                        {'date': '2026-11-22', 'category': 'post_critical_incident',
                         'involved': [ids['officer_a'], ids['officer_b']]})['incident']
        proposals = c.ok(coordinator, 'incident.proposals',
                         {'incident_id': incident['incident_id']})
        offered = {e['employee_id']: [p['psp_id'] for p in e['psps']]
                   for e in proposals['employees']}
        self.assertEqual(offered, {ids['officer_a']: [ids['candidate']],
                                   ids['officer_b']: [ids['candidate']]})
        for officer in ('officer_a', 'officer_b'):
            c.ok(coordinator, 'activation.assign',
                 {'incident_id': incident['incident_id'], 'employee_id': ids[officer],
                  'psp_id': ids['candidate']})
        self.clock.advance(hours=5)
        c.ok(candidate, 'activation.acknowledge',
             {'incident_id': incident['incident_id'], 'employee_id': ids['officer_a']})
        checked = c.ok(candidate, 'activation.check_in',
                       {'incident_id': incident['incident_id'],
                        'employee_id': ids['officer_a']})['assignment']
        self.assertEqual(checked['status'], 'checked_in')
        # Officer B's check-in is never made: Tryton's cron runs the plugin's maintenance and
        # the coordinators are told through Tryton, naming nobody.
        self.clock.advance(days=4)
        self.config.user = 0
        Agency = Model.get('peer_support.agency')
        Cron = Model.get('ir.cron')
        cron, = Cron.find([('method', '=', 'peer_support.agency|run_maintenance')])
        cron.click('run_once')
        Notification = Model.get('peer_support.notification')
        self.config.user = coordinator.id
        overdue = Notification.find([('kind', '=', 'check_in_overdue')])
        self.assertEqual(len(overdue), 1)
        self.assertEqual(json.loads(overdue[0].content)['audience'], 'coordinator')
        self.assertNotIn('employee_id', json.loads(overdue[0].content))  # names nobody
        # The record rule: an officer does not see the coordinators' notices.
        self.config.user = users['officer_a'].id
        self.assertEqual(Notification.find([('kind', '=', 'check_in_overdue')]), [])

        # --- statistics for command staff, and nothing else -----------------------------------
        lieutenant = users['lieutenant']
        report = c.ok(lieutenant, 'statistics.report', {'tables': ['activations', 'headcount']})
        self.assertEqual({t['name'] for t in report['tables']}, {'activations', 'headcount'})
        for method, params in (('program.status', {'employee_id': ids['candidate']}),
                               ('incident.proposals', {'incident_id': incident['incident_id']}),
                               ('directory.get', {'employee_id': ids['officer_a']})):
            self.assertEqual(c.as_user(lieutenant, method, params)['error']['code'],
                             'forbidden', method)

        # --- the auditor sees the chain intact; IT sees the instance -------------------------
        self.assertTrue(c.ok(users['auditor'], 'audit.verify')['intact'])
        self.config.user = users['it'].id
        agency, = Agency.find([])
        self.assertEqual(agency.company.id, company.id)
        self.config.user = hr.id
        with self.assertRaises(Exception):
            Agency.find([])  # HR has no access to the plugin instances

        # --- a failing call never takes Tryton down -------------------------------------------
        self.assertEqual(c.as_user(hr, 'no.such_method')['error']['code'], 'unknown_method')
        self.assertEqual(c.as_user(hr, 'directory.sync', {'mode': 'sideways',
                                                          'source': 'host'})
                         ['error']['code'], 'invalid_request')
        from trytond.modules.peer_support import employee as employee_module
        with mock.patch.object(employee_module.Employee, 'peer_support_directory_page',
                               classmethod(lambda cls, company, query: 1 / 0)):
            failed = c.as_user(hr, 'directory.sync', {'mode': 'full', 'source': 'host'})
        self.assertEqual(failed['error']['code'], 'host_error')
        self.assertEqual(c.ok(hr, 'directory.get', {'employee_id': ids['candidate']})
                         ['employee']['name'], 'Dana Whitfield')

        # --- the disciplinary firewall held ---------------------------------------------------
        self.config.user = 0
        Note = Model.get('ir.note')
        self.assertEqual(len(Note.find([('message', 'like', '%DISCIPLINARY-TRAP%')])), 1)
        found, scanned = tools.plugin_files_contain(tools.MARKERS)
        self.assertGreater(scanned, 0)
        self.assertEqual(found, [])
        self.assertTrue(self.log.lines)
        for line in self.log.lines:
            for marker in tools.MARKERS:
                self.assertNotIn(marker.decode().lower(), line.lower())
        fetched = [scope for instance in agency_module._instances.values()
                   for scope, _ in instance.callbacks.fetches]
        self.assertTrue(fetched)
        self.assertEqual(set(fetched), {'directory'})
        # What the host's fetch answers a scope it never grants (the plugin never asks).
        instance = next(iter(agency_module._instances.values()))
        for scope in (b'discipline', b'internal_affairs', b'grievances', b'payroll'):
            out, length = ctypes.c_void_p(), ctypes.c_size_t()
            self.assertEqual(instance.callbacks.services.fetch(None, scope, b'{}',
                                                               ctypes.byref(out),
                                                               ctypes.byref(length)),
                             abi.PSP_ERR_FORBIDDEN)
            self.assertIsNone(out.value)
        self.assertEqual(instance.callbacks.outstanding, set())

    def test_directory_through_the_onboarding_mapping(self):
        "Tryton's SCIM export, read through the instance's mapping: the plugin's own directory"
        company, people, users = tools.build_agency(self.config)
        c = tools.Caller(self.config)
        hr = users['hr']
        Employee = Model.get('company.employee')
        search = {'limit': 500}

        # A full pull: the module's mapping reads every field Tryton exports, and drops nothing.
        pulled = c.ok(hr, 'directory.sync', {'mode': 'full', 'source': 'host'})
        self.assertEqual((pulled['mapping'], pulled['total'], pulled['dropped_fields']),
                         ('plugin', len(people), []))
        self.assertEqual(pulled['warnings']['count'], 0, pulled['warnings'])

        # A full pull reads every employee; an incremental one only what changed since (a domain
        # on the write dates): the changed employee, and their supervisor for the manager's id.
        with tools.employees_read_by_directory_pages() as read:
            c.ok(hr, 'directory.sync', {'mode': 'full', 'source': 'host'})
        self.assertEqual(read, {e.id for e in people.values()})
        self.config.user = 0
        officer = Employee(people['officer_c'].id)
        officer.shift = 'Day'
        officer.save()
        with tools.employees_read_by_directory_pages() as read:
            changed = c.ok(hr, 'directory.sync', {'mode': 'incremental', 'source': 'host'})
        self.assertEqual(read, {officer.id, officer.supervisor.id})
        self.assertEqual((changed['added'], changed['updated'], changed['removed']), (0, 1, 0))
        via_mapping = c.ok(hr, 'directory.search', search)['employees']
        self.assertEqual({e['id']: e['shift'] for e in via_mapping}[tools.code(officer)], 'Day')

        # The same people in the plugin's own field names change nothing: the same directory.
        self.config.user = 0
        records = [tools.plugin_record(Employee(e.id)) for e in people.values()]
        same = c.ok(hr, 'directory.sync', {'mode': 'full', 'source': 'records',
                                           'records': records})
        self.assertEqual((same['added'], same['updated'], same['removed'], same['unchanged']),
                         (0, 0, 0, len(people)))
        self.assertEqual(c.ok(hr, 'directory.search', search)['employees'], via_mapping)

        # What the mapping does not read (another module adding the party's e-mail, a Tryton
        # field nobody mapped) is dropped and named, never stored.
        scim_user = employee_module.Employee.peer_support_scim_user

        def extended(employee, today):
            user = scim_user(employee, today)
            user['emails'] = [{'value': tools.TRAP_EMAIL, 'primary': True}]
            user[employee_module.SCIM_TRYTON]['badge_number'] = 'B-1702'
            return user
        with mock.patch.object(employee_module.Employee, 'peer_support_scim_user', extended):
            extra = c.ok(hr, 'directory.sync', {'mode': 'full', 'source': 'host'})
        self.assertEqual(sorted(extra['dropped_fields']),
                         ['emails', employee_module.SCIM_TRYTON + ':badge_number'])
        self.assertEqual(c.ok(hr, 'directory.search', search)['employees'], via_mapping)
        self.assertEqual(tools.plugin_files_contain([b'disciplinary-trap-mail', b'B-1702'])[0],
                         [])

    def test_web_client_rpc(self):
        "peer_support.program.call over Tryton's JSON-RPC with a session, as the web client calls"
        company, people, users = tools.build_agency(self.config)
        c = tools.Caller(self.config)
        c.ok(users['hr'], 'directory.sync', {'mode': 'full', 'source': 'host'})
        with Transaction().start(DB_NAME, 0):
            rpc = Pool().get('peer_support.program').__rpc__
            self.assertFalse(rpc['call'].readonly)  # a plugin call may write
            self.assertTrue(rpc['methods'].readonly)

        self.config.user = 0
        User = Model.get('res.user')
        officer = User(users['officer_a'].id)
        officer.password = 'peer support over JSON-RPC'
        officer.save()
        client = tools.JsonRpcClient(DB_NAME)
        self.assertEqual(client.post('model.peer_support.program.call',
                                     ['plugin.info', {}, None, {}]).status_code, 401)
        client.login('officer_a', 'peer support over JSON-RPC')

        # The session is who calls: a principal or another employee in the request is not.
        spoof = {'company': company.id, 'employee': people['candidate'].id,
                 'principal': {'id': tools.code(people['hr']), 'roles': ['hr_admin']}}
        answer = client.call('model.peer_support.program.call',
                             ['selection.apply', {}, 'rpc-apply-1', spoof])
        self.assertTrue(answer['ok'], answer)
        status = c.ok(users['hr'], 'program.status',
                      {'employee_id': tools.code(people['officer_a'])})
        self.assertEqual(status['member']['status'], 'awaiting_recommendations')
        self.assertEqual(c.as_user(users['hr'], 'program.status',
                                   {'employee_id': tools.code(people['candidate'])})
                         ['error']['code'], 'not_found')
        answer = client.call('model.peer_support.program.call',
                             ['directory.get', {'employee_id': tools.code(people['hr']),
                                                'principal': spoof['principal']}, None, spoof])
        self.assertEqual(answer['error']['code'], 'forbidden')  # officer_a's roles, not HR's
        self.assertIn('selection.apply',
                      [m['name'] for m in client.call('model.peer_support.program.methods',
                                                      [{'company': company.id}])])


def suite():
    suite = test_suite()
    suite.addTests(unittest.TestLoader().loadTestsFromTestCase(PeerSupportTestCase))
    suite.addTests(unittest.TestLoader().loadTestsFromTestCase(PeerSupportScenario))
    return suite
