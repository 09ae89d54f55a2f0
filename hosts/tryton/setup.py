#!/usr/bin/env python3
# setup.py: installs the peer_support module where Tryton finds modules (the `trytond.modules`
# entry point), for an agency's Tryton server:  /usr/bin/python3 -m pip install hosts/tryton
from setuptools import setup

setup(
    name='trytond_peer_support',
    version='6.0.0',
    description='Peer Support Program plugin for Tryton (loads the psp-plugin C library)',
    license='Proprietary',
    package_dir={'trytond.modules.peer_support': 'peer_support'},
    packages=['trytond.modules.peer_support', 'trytond.modules.peer_support.tests'],
    package_data={'trytond.modules.peer_support': ['tryton.cfg', '*.xml', 'view/*.xml']},
    python_requires='>=3.6',
    install_requires=['trytond >= 6.0, < 6.1', 'trytond_company >= 6.0, < 6.1'],
    entry_points={'trytond.modules': ['peer_support = trytond.modules.peer_support']},
    zip_safe=False,
)
