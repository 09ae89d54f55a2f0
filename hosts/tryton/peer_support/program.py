# program.py: plugin methods for Tryton users, the principal from Tryton's session, the clock and
# notifications.
#
# The principal of every call is built here from Tryton's own session: the logged-in user's
# groups (mapped to plugin roles by the instance's role_map) and their current employee in the
# company. Nothing a client sends names who is calling: RPC takes a method and its params only.
import datetime
import json
import uuid

from trytond.bus import notify
from trytond.exceptions import UserError
from trytond.model import Model, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.rpc import RPC
from trytond.transaction import Transaction

from .agency import GROUP_ROLES
from .runtime import PluginCallFailed, logger


class Clock(Model):
    'Peer Support Clock'
    __name__ = 'peer_support.clock'

    @classmethod
    def now(cls):
        "The one clock the plugin reads (psp_host_services.now_ms); tests and modules override."
        return datetime.datetime.now(datetime.timezone.utc)

    @classmethod
    def now_ms(cls):
        return int(cls.now().timestamp() * 1000)


def current_company_id():
    pool = Pool()
    User = pool.get('res.user')
    company = Transaction().context.get('company')
    if company is None:
        user = User(Transaction().user)
        company = user.company.id if user.company else None
    if company is None:
        raise UserError('Choose a company in your preferences to use peer support.')
    return company


def current_principal(company_id):
    "The principal from Tryton's session: the user's groups and current employee."
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    user = User(Transaction().user)
    group_ids = {g.id for g in user.groups}
    roles = ['peer_support.' + xml_id for xml_id, _ in GROUP_ROLES
             if ModelData.get_id('peer_support', xml_id) in group_ids]
    employee = user.employee
    if (employee is not None and employee.company.id == company_id
            and employee.party.code):
        principal_id = employee.party.code
    else:
        # Someone with no employee record in this company (IT staff, an auditor from outside).
        principal_id = 'tryton-user:%s' % user.login
    return {'id': principal_id, 'roles': roles}


class Program(Model):
    'Peer Support Program'
    __name__ = 'peer_support.program'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'call': RPC(readonly=False),
                'methods': RPC(),
                })

    @classmethod
    def call(cls, method, params=None, idempotency_key=None):
        """Calls one plugin method for the current user in the current company.

        Returns the plugin's answer, {"ok": true, "result": ...} or {"ok": false, "error": ...}:
        a business error is an answer for the caller to show, never an exception that could
        take a Tryton worker down. `idempotency_key`, for a client's retries, is scoped to the
        user so no one can replay another's answer."""
        if not isinstance(method, str) or (params is not None and not isinstance(params, dict)):
            raise UserError('Peer support calls take a method name and a params object.')
        company_id = current_company_id()
        principal = current_principal(company_id)
        request = {
            'method': method, 'principal': principal, 'params': params or {},
            'idempotency_key': 'tryton:%s:%s' % (Transaction().user,
                                                 idempotency_key or uuid.uuid4()),
            }
        Agency = Pool().get('peer_support.agency')
        try:
            # The host's own records: looked up whatever the caller's access to them.
            with Transaction().set_context(_check_access=False):
                instance = Agency.for_company(company_id).instance()
            _, answer = instance.call(request)
        except PluginCallFailed as e:
            logger.error('peer support call %s failed: %s', method, e)
            return {'ok': False, 'error': {'code': 'host_error', 'message': str(e)}}
        return answer

    @classmethod
    def call_result(cls, method, params=None, idempotency_key=None):
        "call() for server-side code: the result, or a UserError with the plugin's message."
        answer = cls.call(method, params, idempotency_key)
        if not answer.get('ok'):
            error = answer.get('error', {})
            raise UserError('%s: %s' % (error.get('code'), error.get('message')))
        return answer['result']

    @classmethod
    def methods(cls):
        "The plugin methods the current user's roles may call (for menus in the web client)."
        answer = cls.call('plugin.info')
        if not answer.get('ok'):
            return []
        return [{'name': m['name'], 'summary': m.get('summary', ''),
                 'writes': m.get('writes', False)}
                for m in answer['result']['methods']]


class Notification(ModelSQL, ModelView):
    'Peer Support Notification'
    __name__ = 'peer_support.notification'
    company = fields.Many2One('company.company', "Company", required=True, readonly=True)
    kind = fields.Char("Kind", readonly=True)
    audience = fields.Many2One('res.group', "Audience", readonly=True)
    employee = fields.Many2One('company.employee', "Employee", readonly=True)
    content = fields.Text("Content", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('create_date', 'DESC'))

    @classmethod
    def deliver(cls, company_id, notification):
        """psp_host_services.notify: stored for its audience and pushed on Tryton's bus to each
        user it addresses (the web client shows it at once; on SQLite the bus is off)."""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Employee = pool.get('company.employee')
        User = pool.get('res.user')
        roles = dict((role, xml_id) for xml_id, role in GROUP_ROLES)
        audience = notification.get('audience')
        group_id = (ModelData.get_id('peer_support', roles[audience])
                    if audience in roles else None)
        employee = None
        if notification.get('employee_id'):
            found = Employee.search([('company', '=', company_id),
                                     ('party.code', '=', notification['employee_id'])])
            employee = found[0] if found else None
        if group_id is None and employee is None:
            group_id = ModelData.get_id('peer_support', 'group_coordinator')
        record, = cls.create([{
                    'company': company_id, 'kind': str(notification.get('kind', '')),
                    'audience': group_id, 'employee': employee.id if employee else None,
                    'content': json.dumps(notification, sort_keys=True)}])
        users = set()
        if group_id is not None:
            users.update(u.id for u in User.search([('groups', '=', group_id)]))
        if employee is not None:
            users.update(u.id for u in User.search([('employees', '=', employee.id)]))
        title = 'Peer support: %s' % record.kind.replace('_', ' ')
        for user_id in sorted(users):
            notify(title, body=record.content, user=user_id)
        return record
