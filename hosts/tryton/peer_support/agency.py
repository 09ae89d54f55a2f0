# agency.py: one plugin instance per Tryton company, and Tryton's module lifecycle driving it.
#
# Activating this module (or creating a company afterwards) installs the plugin for each
# company: manifest checked, library loaded, instance created (its schema migrations run), health
# required. `trytond-admin -u peer_support` upgrades: a company whose installed library differs
# from the manifest's gets the plugin manager's careful upgrade (snapshot of its data folder, the
# new library's migrations, health, and the snapshot put back on any failure, which also fails
# the Tryton upgrade). Deactivating the module closes the instances and leaves every data folder
# and agency record in place, as the plugin manager's uninstall does; activating it again reopens
# them (docs/integration.md, "Tryton").
import copy
import json
import os
import re
import shutil
import threading
import uuid

from sql import Table

from trytond.config import config
from trytond.exceptions import UserError
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .employee import DIRECTORY_MAPPING
from .manifest import ManifestRejected
from .runtime import (HostCallbacks, PluginCallFailed, PluginInstance, load_library, logger)

DEFAULT_MANIFEST = '/usr/lib/x86_64-linux-gnu/psp-plugin/psp_plugin.manifest.json'

# Tryton groups (XML ids in this module) and the plugin role each grants: the instance's
# role_map, so the plugin, not this module, decides what each role may call.
GROUP_ROLES = [
    ('group_hr_admin', 'hr_admin'),
    ('group_coordinator', 'coordinator'),
    ('group_clinician', 'clinician'),
    ('group_peer_supporter', 'peer_supporter'),
    ('group_employee', 'employee'),
    ('group_command_staff', 'command_staff'),
    ('group_auditor', 'auditor'),
    ('group_it_admin', 'it_admin'),
]
ROLE_MAP = {'peer_support.' + group: [role] for group, role in GROUP_ROLES}
# Who the host itself acts as for lifecycle and periodic calls (no Tryton user behind them).
SYSTEM_PRINCIPAL = {'id': 'tryton:system', 'roles': ['peer_support.group_it_admin']}

_instances = {}  # (database name, company id) -> PluginInstance
_instances_lock = threading.RLock()


def manifest_path():
    return config.get('peer_support', 'manifest', default=DEFAULT_MANIFEST)


def data_root():
    default = os.path.join(config.get('database', 'path'), 'peer_support')
    return config.get('peer_support', 'data_dir', default=default)


def _database_folder():
    name = Transaction().database.name
    return re.sub(r'[^A-Za-z0-9_.-]', '_', name).strip('.') or 'database'


class TrytonServices(object):
    "What only Tryton can answer for one company's instance, asked from inside a plugin call."

    def __init__(self, company_id, library):
        self.company_id = company_id
        self.library = library

    def now_ms(self):
        return Pool().get('peer_support.clock').now_ms()

    # The host acts here, not the user whose call is running: it reads every employee of the
    # company and stores notifications whatever that user's own access.
    def directory_page(self, query):
        if not self.library.manifest.reads_directory_mapping:
            # Tryton's export needs DIRECTORY_MAPPING; a plugin that cannot be given it would
            # read the export with its own names and guess what it lacks. The pull fails instead
            # (host_error, this message in Tryton's log) until the plugin is upgraded.
            raise PluginCallFailed('the plugin %s reads no directory mappings; upgrade it to '
                                   'pull the directory from Tryton' % self.library.version)
        with Transaction().set_user(0), Transaction().set_context(_check_access=False):
            return Pool().get('company.employee').peer_support_directory_page(
                self.company_id, query)

    def deliver(self, notification):
        with Transaction().set_user(0), Transaction().set_context(_check_access=False):
            Pool().get('peer_support.notification').deliver(self.company_id, notification)


def _open(agency_id, data_dir, company_id, config_json, library):
    os.makedirs(data_dir, mode=0o700, exist_ok=True)
    callbacks = HostCallbacks(agency_id, TrytonServices(company_id, library))
    return PluginInstance(library, callbacks, agency_id, data_dir, config_json)


def _health(instance):
    status, answer = instance.call({'method': 'health', 'principal': SYSTEM_PRINCIPAL,
                                    'params': {}})
    if not answer.get('ok'):
        raise PluginCallFailed('the plugin is not healthy: %s'
                               % answer.get('error', {}).get('message'))
    return answer['result']


def _module_state(module_name):
    "The module's state in ir.module while Tryton loads it: 'to remove' when deactivating."
    ir_module = Table('ir_module')
    cursor = Transaction().connection.cursor()
    cursor.execute(*ir_module.select(ir_module.state, where=ir_module.name == module_name))
    row = cursor.fetchone()
    return row[0] if row else None


def _forget_database():
    """Deactivation: this database's instances are closed (calls in flight finish first) and
    their data folders and agency records left as they are, as the plugin manager's uninstall
    leaves its data; activating the module again reopens them."""
    name = Transaction().database.name
    with _instances_lock:
        instances = [_instances.pop(key) for key in list(_instances) if key[0] == name]
    for instance in instances:
        instance.destroy()
    logger.info('peer support deactivated: %d instance(s) closed, their data kept',
                len(instances))


def _merged(base, override):
    """`override` over `base`, object by object: an agency's policy may add to Tryton's mapping
    (value maps, another source for one field) without restating it."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(base.get(key), value) if key in base else value
    return merged


def _forget(company_id):
    with _instances_lock:
        instance = _instances.pop((Transaction().database.name, company_id), None)
    if instance is not None:
        instance.destroy()


class Agency(ModelSQL, ModelView):
    'Peer Support Agency'
    __name__ = 'peer_support.agency'
    company = fields.Many2One('company.company', "Company", required=True, readonly=True,
        ondelete='RESTRICT')
    agency_id = fields.Char("Agency ID", required=True, readonly=True)
    data_dir = fields.Char("Data Folder", readonly=True,
        help="The plugin's own database lives here; deactivating the module leaves it.")
    plugin_version = fields.Char("Plugin Version", readonly=True)
    library_sha256 = fields.Char("Library SHA-256", readonly=True)
    previous_version = fields.Char("Previous Version", readonly=True)
    schema_version = fields.Integer("Schema Version", readonly=True)
    policy = fields.Text("Policy",
        help="The agency's program policy as JSON (docs/integration.md, Policy), merged over "
        "the module's directory mapping; applied when the instance next opens.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('company_uniq', Unique(t, t.company), 'peer_support.msg_agency_company_unique'),
        ]

    @classmethod
    def __register__(cls, module_name):
        super().__register__(module_name)
        # Activation, every `trytond-admin -u peer_support` and deactivation pass here.
        if _module_state(module_name) == 'to remove':
            _forget_database()
        else:
            cls.install_or_upgrade_all()

    def get_rec_name(self, name):
        return self.agency_id

    # ---- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def _instance_config(cls, policy_text, library):
        "role_map, and the policy: Tryton's directory mapping with the agency's policy over it."
        policy = {}
        if library.manifest.reads_directory_mapping:
            policy = {'directory': {'mapping': copy.deepcopy(DIRECTORY_MAPPING)}}
        if policy_text:
            try:
                policy = _merged(policy, json.loads(policy_text))
            except ValueError as e:
                raise UserError('The peer support policy is not JSON: %s' % e)
        document = {'role_map': ROLE_MAP}
        if policy:
            document['policy'] = policy
        return document

    @classmethod
    def _library(cls):
        try:
            return load_library(manifest_path())
        except ManifestRejected as e:
            raise UserError('The peer support plugin was refused: %s' % e)
        except OSError as e:
            raise UserError('The peer support plugin could not be loaded: %s' % e)

    @classmethod
    def install_or_upgrade_all(cls):
        Company = Pool().get('company.company')
        companies = Company.search([])
        if not companies:
            return
        library = cls._library()
        installed = {a.company.id: a for a in cls.search([])}
        for company in companies:
            agency = installed.get(company.id)
            if agency is None:
                cls.install(company, library)
            elif agency.library_sha256 != library.sha256:
                agency.upgrade(library)
            else:
                agency.instance()  # opens it: pending migrations of the same library, health

    @classmethod
    def install(cls, company, library=None):
        library = library or cls._library()
        agency_id = 'tryton-company-%d' % company.id
        data_dir = os.path.join(data_root(), _database_folder(), 'company-%d' % company.id)
        try:
            instance = _open(agency_id, data_dir, company.id,
                             cls._instance_config(None, library), library)
            health = _health(instance)
        except PluginCallFailed as e:
            raise UserError('Peer support could not be installed for %s: %s'
                            % (company.rec_name, e))
        with _instances_lock:
            _instances[(Transaction().database.name, company.id)] = instance
        logger.info('peer support %s installed for company %s in %s', library.version,
                    company.id, data_dir)
        return cls.create([{
                    'company': company.id, 'agency_id': agency_id, 'data_dir': data_dir,
                    'plugin_version': library.version, 'library_sha256': library.sha256,
                    'schema_version': health.get('schema_version'),
                    }])[0]

    def upgrade(self, library):
        "The plugin manager's upgrade: snapshot, migrate, health; the snapshot back on failure."
        _forget(self.company.id)
        snapshot = self.data_dir + '.before-' + library.version
        if os.path.exists(snapshot):
            shutil.rmtree(snapshot)
        if os.path.isdir(self.data_dir):
            shutil.copytree(self.data_dir, snapshot)
        try:
            instance = _open(self.agency_id, self.data_dir, self.company.id,
                             self._instance_config(self.policy, library), library)
            try:
                health = _health(instance)
            except Exception:
                instance.destroy()
                raise
        except Exception as e:
            if os.path.isdir(snapshot):
                shutil.rmtree(self.data_dir, ignore_errors=True)
                shutil.move(snapshot, self.data_dir)
            raise UserError('Peer support could not be upgraded from %s to %s for %s; its data '
                            'was put back as %s left it: %s'
                            % (self.plugin_version, library.version, self.company.rec_name,
                               self.plugin_version, e))
        with _instances_lock:
            _instances[(Transaction().database.name, self.company.id)] = instance
        logger.info('peer support upgraded from %s to %s for company %s (snapshot %s)',
                    self.plugin_version, library.version, self.company.id, snapshot)
        self.write([self], {
                'previous_version': self.plugin_version, 'plugin_version': library.version,
                'library_sha256': library.sha256,
                'schema_version': health.get('schema_version')})

    def instance(self):
        "This company's open instance, opened on first use in this process."
        key = (Transaction().database.name, self.company.id)
        with _instances_lock:
            instance = _instances.get(key)
            if instance is not None:
                return instance
            library = self._library()
            if library.sha256 != self.library_sha256:
                raise UserError(
                    'The peer support plugin on disk (%s) is not the one installed for %s (%s): '
                    'run "trytond-admin -u peer_support" to upgrade it with its data.'
                    % (library.version, self.company.rec_name, self.plugin_version))
            try:
                instance = _open(self.agency_id, self.data_dir, self.company.id,
                                 self._instance_config(self.policy, library), library)
            except PluginCallFailed as e:
                raise UserError(str(e))
            _instances[key] = instance
            return instance

    @classmethod
    def for_company(cls, company_id):
        agencies = cls.search([('company', '=', company_id)])
        if not agencies:
            raise UserError('Peer support is not set up for company %s: activate or upgrade '
                            'the peer_support module.' % company_id)
        return agencies[0]

    @classmethod
    def write(cls, *args):
        super().write(*args)
        # A changed policy applies when the instance opens again.
        actions = iter(args)
        for records, values in zip(actions, actions):
            if 'policy' in values:
                for agency in records:
                    _forget(agency.company.id)

    # ---- the host's periodic call (ir.cron) ---------------------------------------------------

    @classmethod
    def run_maintenance(cls):
        for agency in cls.search([]):
            try:
                agency.instance().call({
                        'method': 'maintenance.run', 'principal': SYSTEM_PRINCIPAL,
                        'params': {}, 'idempotency_key': 'tryton-cron-' + str(uuid.uuid4())})
            except Exception:
                logger.exception('peer support maintenance failed for %s', agency.agency_id)


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    @classmethod
    def create(cls, vlist):
        companies = super().create(vlist)
        Agency = Pool().get('peer_support.agency')
        for company in companies:
            Agency.install(company)
        return companies


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('peer_support.agency|run_maintenance', "Run Peer Support Maintenance"))
