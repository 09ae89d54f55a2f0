# tools.py: a small police department in Tryton, built with proteus as an agency's HR staff would
# enter it, and helpers to call the plugin as each of its people through Tryton's RPC.
import base64
import contextlib
import datetime
import glob
import json
import logging
import os
import shutil
import tempfile
import urllib.parse
from unittest import mock

from proteus import Model

from trytond.config import config as trytond_config
from trytond.modules.company.tests.tools import create_company, get_company
from trytond.modules.peer_support import program as program_module

# Marker values in Tryton's own data that the plugin must never see, store or log (IACP 3.10).
TRAP_NOTE = 'IA-CASE-7731 sustained finding: DISCIPLINARY-TRAP-NOTE-5f0c'
TRAP_ATTACHMENT = b'Letter of reprimand DISCIPLINARY-TRAP-FILE-91ab'
TRAP_EMAIL = 'disciplinary-trap-mail-3e2d@example.org'
MARKERS = [b'DISCIPLINARY-TRAP', b'IA-CASE-7731', b'disciplinary-trap-mail']

# name, key, supervisor key, category, division, unit, shift, title, peer support groups
PEOPLE = [
    ('Morgan Reyes', 'chief', None, 'sworn', 'Office of the Chief', 'Command', 'Day',
     'Chief of Police', []),
    ('Priya Natarajan', 'hr', 'chief', 'civilian', 'Administration', 'Human Resources', 'Day',
     'HR Manager', ['group_hr_admin', 'group_employee']),
    ('Sam Okafor', 'coordinator', 'chief', 'sworn', 'Administration', 'Wellness', 'Day',
     'Sergeant', ['group_coordinator', 'group_employee']),
    ('Leah Brandt', 'lieutenant', 'chief', 'sworn', 'Patrol', 'Patrol Command', 'Day',
     'Lieutenant', ['group_command_staff', 'group_employee']),
    ('Tom Alvarez', 'patrol_sgt', 'lieutenant', 'sworn', 'Patrol', 'Patrol Squad 1', 'Day',
     'Sergeant', ['group_employee']),
    ('Ana Kowalski', 'officer_a', 'patrol_sgt', 'sworn', 'Patrol', 'Patrol Squad 1', 'Day',
     'Officer', ['group_employee']),
    ('Ben Harper', 'officer_b', 'patrol_sgt', 'sworn', 'Patrol', 'Patrol Squad 1', 'Day',
     'Officer', ['group_employee']),
    ('Carla Diaz', 'officer_c', 'patrol_sgt', 'sworn', 'Patrol', 'Patrol Squad 1', 'Night',
     'Officer', ['group_employee']),
    ('Victor Lang', 'det_sgt', 'chief', 'sworn', 'Investigations', 'Detectives', 'Day',
     'Detective Sergeant', ['group_employee']),
    ('Dana Whitfield', 'candidate', 'det_sgt', 'sworn', 'Investigations', 'Detectives', 'Day',
     'Detective', ['group_employee', 'group_peer_supporter']),
    ('Eli Brooks', 'peer', 'det_sgt', 'sworn', 'Investigations', 'Detectives', 'Day',
     'Detective', ['group_employee']),
    ('Rosa Jimenez', 'dispatcher', 'chief', 'dispatcher', 'Communications', 'Dispatch',
     'Night', 'Dispatcher', ['group_employee']),
    ('Ian Mercer', 'it', None, None, None, None, None, None, ['group_it_admin']),
    ('Audrey Kim', 'auditor', None, None, None, None, None, None, ['group_auditor']),
]


class TestClock(object):
    "Tryton's clock in tests: peer_support.clock.now, moved by the test."

    def __init__(self, at):
        self.at = at

    def advance(self, **delta):
        self.at += datetime.timedelta(**delta)

    def patch(self):
        clock = self
        return mock.patch.object(program_module.Clock, 'now',
                                 classmethod(lambda cls: clock.at))


def start_clock(test):
    "A TestClock at the journeys' start, in force until `test` ends."
    clock = TestClock(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone.utc))
    patcher = clock.patch()
    patcher.start()
    test.addCleanup(patcher.stop)
    return clock


class LogCapture(logging.Handler):
    "Every line the plugin logs through Tryton's logger."

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def capture_plugin_log():
    handler = LogCapture()
    log = logging.getLogger('trytond.modules.peer_support')
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    return handler


def build_agency(config):
    """The company, its employees (with the directory fields and a supervisor chain), one Tryton
    user per person with the peer support groups HR gave them, and a disciplinary trap: a note,
    an attachment and a contact address on the candidate's records."""
    create_company(config=config)
    company = get_company(config=config)
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Company = Model.get('company.company')
    ModelData = Model.get('ir.model.data')
    employees, users = {}, {}
    for name, key, boss, category, division, unit, shift, title, _ in PEOPLE:
        if category is None:
            continue
        party = Party(name=name)
        party.save()
        employee = Employee(party=party, company=company,
                            start_date=datetime.date(2012, 3, 1),
                            staff_category=category, division=division, unit=unit,
                            shift=shift, title=title)
        if boss:
            employee.supervisor = employees[boss]
        employee.save()
        employees[key] = employee
    for name, key, _, _, _, _, _, _, groups in PEOPLE:
        user = User(name=name, login=key)
        user.companies.append(Company(company.id))
        user.company = Company(company.id)
        if key in employees:
            user.employees.append(Employee(employees[key].id))
            user.employee = Employee(employees[key].id)
        for xml_id in groups:
            data, = ModelData.find([('module', '=', 'peer_support'), ('fs_id', '=', xml_id)])
            user.groups.append(Group(data.db_id))
        user.save()
        users[key] = user
    # The trap: what an HR platform holds about a person besides the directory.
    candidate = employees['candidate']
    Note = Model.get('ir.note')
    Note(resource=candidate, message=TRAP_NOTE).save()
    Attachment = Model.get('ir.attachment')
    Attachment(resource=candidate, name='reprimand.txt', type='data',
               data=TRAP_ATTACHMENT).save()
    ContactMechanism = Model.get('party.contact_mechanism')
    ContactMechanism(party=candidate.party, type='email', value=TRAP_EMAIL).save()
    return company, employees, users


def code(employee):
    "The directory id of an employee: Tryton's party code."
    return employee.party.code


def plugin_record(employee):
    """An employee as the plugin's own records name it (directory.sync source `records`): what
    Tryton's SCIM export, read through the module's mapping, must give."""
    return {
        'id': code(employee), 'name': employee.party.name, 'title': employee.title or '',
        'category': employee.staff_category, 'division': employee.division or '',
        'unit': employee.unit or '', 'shift': employee.shift or '',
        'supervisor_id': code(employee.supervisor) if employee.supervisor else None,
        'active': True, 'hire_date': employee.start_date.isoformat(),
        }


class Caller(object):
    "Calls peer_support.program through Tryton's RPC as one user, as the web client does."

    def __init__(self, config):
        self.config = config

    def as_user(self, user, method, params=None, key=None, context=None):
        self.config.user = user.id
        Program = Model.get('peer_support.program')
        context = dict(self.config.context, **(context or {}))
        return Program.call(method, params or {}, key, context)

    def ok(self, user, method, params=None, key=None):
        answer = self.as_user(user, method, params, key)
        if not answer.get('ok'):
            raise AssertionError('%s as %s: %s' % (method, user.login, answer))
        return answer['result']


class JsonRpcClient(object):
    """Tryton's JSON-RPC over its WSGI application, as the web client (sao) speaks it: a login
    for a session, then each call with that session in the Authorization header."""

    def __init__(self, database):
        from werkzeug.test import Client
        from trytond.wsgi import app
        self.client = Client(app)
        self.url = '/%s/' % urllib.parse.quote(database)
        self.authorization = None

    def post(self, method, params):
        headers = {'Authorization': self.authorization} if self.authorization else {}
        return self.client.post(self.url, headers=headers, content_type='application/json',
                                data=json.dumps({'id': 1, 'method': method, 'params': params}))

    def call(self, method, params):
        response = self.post(method, params)
        document = json.loads(response.get_data(as_text=True))
        if document.get('error'):
            raise AssertionError('%s: %s' % (method, document['error']))
        return document['result']

    def login(self, login, password):
        user_id, session = self.call('common.db.login', [login, {'password': password}, 'en'])
        token = base64.b64encode(('%s:%s:%s' % (login, user_id, session)).encode()).decode()
        self.authorization = 'Session ' + token


@contextlib.contextmanager
def employees_read_by_directory_pages():
    """The ids of the company.employee records Tryton reads while it answers the plugin's
    directory pages (the `fetch` callback), and only then."""
    from trytond.modules.peer_support import agency, employee
    read, inside = set(), []
    directory_page = agency.TrytonServices.directory_page

    def answering(services, query):
        inside.append(True)
        try:
            return directory_page(services, query)
        finally:
            inside.pop()

    def reading(cls, ids, fields_names=None):
        if inside:
            read.update(ids)
        return super(employee.Employee, cls).read(ids, fields_names)
    with mock.patch.object(agency.TrytonServices, 'directory_page', answering), \
            mock.patch.object(employee.Employee, 'read', classmethod(reading), create=True):
        yield read


def close_instances():
    "The test database's plugin instances closed, as a Tryton process ending closes them."
    from trytond.modules.peer_support import agency
    from trytond.tests.test_tryton import DB_NAME
    from trytond.transaction import Transaction
    with Transaction().start(DB_NAME, 0):
        agency._forget_database()


def private_plugin_data(test, prefix):
    """The plugin's data folder moved to a fresh temporary one for `test`, its instances closed
    and the folder removed when it ends: each test starts from Tryton's cached database (the same
    company again), and must not see plugin data a previous test left."""
    work = tempfile.mkdtemp(prefix=prefix)
    test.addCleanup(shutil.rmtree, work, True)
    data_dir = trytond_config.get('peer_support', 'data_dir')
    test.addCleanup(trytond_config.set, 'peer_support', 'data_dir', data_dir)
    trytond_config.set('peer_support', 'data_dir', os.path.join(work, 'plugin-data'))
    test.addCleanup(close_instances)


def plugin_files_contain(markers):
    "The markers found in any byte the plugin wrote (database, -wal, -shm, anything else)."
    root = trytond_config.get('peer_support', 'data_dir')
    found, scanned = [], 0
    for path in glob.glob(os.path.join(root, '**', '*'), recursive=True):
        if os.path.isfile(path):
            with open(path, 'rb') as f:
                data = f.read()
            scanned += 1
            found.extend((path, m) for m in markers if m in data or m.lower() in data.lower())
    return found, scanned
