# employee.py: what the plugin's directory needs on Tryton's employee, its SCIM export, and the
# peer support panel on the employee form.
#
# Tryton's company.employee knows a person's party, company, dates and supervisor. An agency's HR
# platform also holds a staff category, division, unit, shift and title: they are added here as
# HR would keep them. The `directory` scope is answered as SCIM 2.0 pages in SCIM's own terms
# (core and enterprise attributes) plus, for what SCIM has no attribute for, a Tryton extension
# with Tryton's field names. The module does not speak the plugin's own extension: the instance is
# configured with DIRECTORY_MAPPING (policy.directory.mapping), so Tryton's employees go through
# the same onboarding mapping, adapter and allow-list as any other HR export, and whatever the
# mapping does not read is dropped and named. Nothing else about a person (contact details,
# notes, attachments) is ever put in a page.
import datetime

from sql.aggregate import Max

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
SCIM_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
# Tryton's own attributes, named as its fields are, in the form SCIM gives custom extensions.
SCIM_TRYTON = 'urn:ietf:params:scim:schemas:extension:tryton:2.0:User'
MAX_PAGE = 1000

# The plugin's `plugin` profile already reads the core and enterprise attributes (displayName,
# title, active, employeeNumber, division, manager); what only Tryton's export has is named here.
# An agency's own policy.directory.mapping is merged over it (agency.py).
DIRECTORY_MAPPING = {
    'profile': 'plugin',
    'scim': {
        'category': [SCIM_TRYTON + ':staff_category'],
        'unit': [SCIM_ENTERPRISE + ':department'],
        'shift': [SCIM_TRYTON + ':shift'],
        'hire_date': [SCIM_TRYTON + ':start_date'],
        },
    }

HR_ROLES = {'peer_support.group_hr_admin', 'peer_support.group_coordinator'}


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'
    staff_category = fields.Selection([
            (None, ""),
            ('sworn', "Sworn"),
            ('civilian', "Civilian"),
            ('dispatcher', "Dispatcher"),
            ], "Staff Category")
    division = fields.Char("Division")
    unit = fields.Char("Unit")
    shift = fields.Char("Shift")
    title = fields.Char("Title or Rank")
    peer_support_panel = fields.Function(fields.Text("Peer Support",
            states={'invisible': ~Eval('peer_support_panel')}),
        'get_peer_support_panel')

    # ---- the `directory` scope ----------------------------------------------------------------

    def peer_support_scim_user(self, today):
        active = ((self.start_date is None or self.start_date <= today)
                  and (self.end_date is None or self.end_date >= today))
        user = {
            'schemas': [SCIM_USER, SCIM_ENTERPRISE, SCIM_TRYTON],
            'id': self.party.code,
            'displayName': self.party.name,
            'active': active,
            SCIM_ENTERPRISE: {'employeeNumber': self.party.code},
            SCIM_TRYTON: {},
            }
        if self.title:
            user['title'] = self.title
        enterprise, tryton = user[SCIM_ENTERPRISE], user[SCIM_TRYTON]
        if self.division:
            enterprise['division'] = self.division
        if self.unit:
            enterprise['department'] = self.unit
        if self.supervisor:
            enterprise['manager'] = {'value': self.supervisor.party.code}
        for field in ('staff_category', 'shift'):
            if getattr(self, field):
                tryton[field] = getattr(self, field)
        if self.start_date:
            tryton['start_date'] = self.start_date.isoformat()
        return user

    @classmethod
    def _changed_domain(cls, since):
        "Employees whose export may differ from what the plugin read at `since`."
        return ['OR',
                ('write_date', '>', since), ('create_date', '>', since),
                ('party.write_date', '>', since), ('party.create_date', '>', since)]

    @classmethod
    def _directory_cursor(cls, company_id):
        """The latest change to any of the company's employees or their parties, computed by the
        database (SQL MAX) so an incremental pull never reads the unchanged records."""
        pool = Pool()
        Party = pool.get('party.party')
        employee, party = cls.__table__(), Party.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*employee.join(party, condition=employee.party == party.id).select(
                Max(employee.write_date), Max(employee.create_date),
                Max(party.write_date), Max(party.create_date),
                where=employee.company == company_id))
        # SQLite answers an aggregate of timestamps as text, PostgreSQL as a datetime.
        stamps = [s if isinstance(s, datetime.datetime) else datetime.datetime.fromisoformat(s)
                  for s in cursor.fetchone() if s is not None]
        return max(stamps, default=None)

    @classmethod
    def peer_support_directory_page(cls, company_id, query):
        """One page of the company's employees as a SCIM ListResponse; with `since` (the cursor
        of an earlier page) only those changed after it, leavers as active: false. The change
        is a Tryton domain on the write dates, so only the page's records are read."""
        pool = Pool()
        Date = pool.get('ir.date')
        start = max(int(query.get('startIndex', 1)), 1)
        count = min(max(int(query.get('count', MAX_PAGE)), 0), MAX_PAGE)
        domain = [('company', '=', company_id)]
        if query.get('since'):
            domain.append(cls._changed_domain(
                    datetime.datetime.fromisoformat(query['since'])))
        total = cls.search_count(domain)
        page = cls.search(domain, offset=start - 1, limit=count, order=[('id', 'ASC')]) \
            if count else []
        cursor = cls._directory_cursor(company_id)
        today = Date.today()
        answer = {
            'schemas': [SCIM_LIST], 'totalResults': total, 'startIndex': start,
            'itemsPerPage': len(page),
            'Resources': [e.peer_support_scim_user(today) for e in page],
            }
        if cursor is not None:
            answer['cursor'] = cursor.isoformat()
        return answer

    # ---- the panel on the employee form -------------------------------------------------------

    @classmethod
    def get_peer_support_panel(cls, employees, name):
        "What the viewer's roles may see: program status for HR, the roster for oneself."
        pool = Pool()
        Program = pool.get('peer_support.program')
        User = pool.get('res.user')
        from .program import current_principal
        result = {e.id: None for e in employees}
        user = User(Transaction().user)
        for employee in employees:
            try:
                principal = current_principal(employee.company.id)
            except Exception:
                continue
            roles = set(principal['roles'])
            with Transaction().set_context(company=employee.company.id):
                if roles & HR_ROLES:
                    answer = Program.call('program.status',
                                          {'employee_id': employee.party.code})
                    result[employee.id] = _status_text(answer)
                elif user.employee and user.employee.id == employee.id:
                    answer = Program.call('roster.available', {})
                    result[employee.id] = _roster_text(answer)
        return result


def _error_text(answer):
    return 'Peer support: %s' % answer.get('error', {}).get('message', 'unavailable')


def _status_text(answer):
    if not answer.get('ok'):
        if answer.get('error', {}).get('code') == 'not_found':
            return 'Not in the peer support program.'
        return _error_text(answer)
    result = answer['result']
    member = result.get('member') or {}
    lines = ['Program status: %s' % member.get('status', 'not in the program')]
    for event in result.get('history', []):
        if isinstance(event, dict):
            lines.append('  '.join(str(event[k]) for k in ('on', 'date', 'step', 'event',
                                                            'status') if event.get(k)))
    return '\n'.join(lines)


def _roster_text(answer):
    if not answer.get('ok'):
        return _error_text(answer)
    psps = answer['result'].get('psps', [])
    if not psps:
        return 'No peer supporter is available to you right now.'
    lines = ['Peer supporters you may contact (none is in your chain of command):']
    for psp in psps:
        details = ', '.join(str(psp[k]) for k in ('division', 'shift') if psp.get(k))
        lines.append('%s%s' % (psp.get('name', psp.get('id')),
                               ' (%s)' % details if details else ''))
    return '\n'.join(lines)
