# The peer_support Tryton module: the Peer Support Program plugin loaded into Tryton.
from trytond.pool import Pool

from . import agency, employee, program

__all__ = ['register']


def register():
    Pool.register(
        program.Clock,
        agency.Agency,
        agency.Company,
        agency.Cron,
        employee.Employee,
        program.Program,
        program.Notification,
        module='peer_support', type_='model')
