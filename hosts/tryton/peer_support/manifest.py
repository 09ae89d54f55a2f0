# manifest.py: reading the plugin's installed manifest and refusing a plugin before it is loaded.
#
# The same checks as the host simulator's plugin manager (host_sim/plugin_manifest.cpp), in the
# same order: the manifest's shape, the ABI major this host speaks, the data scopes (this host
# grants `directory` and refuses disciplinary and related scopes to every plugin), and the
# library's SHA-256 against the manifest. Only a manifest that passes all of them names a
# library this host will dlopen.
import hashlib
import json
import os
import re

from . import abi

GRANTED_SCOPES = frozenset(['directory'])
# Never granted, whatever a manifest asks: peer support must not become a channel into
# disciplinary data (IACP 3.10).
REFUSED_SCOPES = frozenset(
    ['discipline', 'internal_affairs', 'complaints', 'investigations', 'grievances'])

_NAME = re.compile(r'^[a-z][a-z0-9-]{0,63}$')
_VERSION = re.compile(r'^[0-9]+\.[0-9]+\.[0-9]+$')
_SHA256 = re.compile(r'^[0-9a-f]{64}$')


class ManifestRejected(Exception):
    "The plugin was refused before loading; the message says why and what to do."


class PluginManifest(object):
    def __init__(self, path, document):
        self.path = os.path.abspath(path)
        self.name = document['name']
        self.version = document['version']
        self.abi_major = document['abi_major']
        self.library_sha256 = document['library']['sha256']
        self.library_file = _resolve_library(self.path, document['library']['file'])
        self.requested_scopes = list(document['scopes']['requested'])
        self.forbidden_scopes = list(document['scopes']['forbidden'])
        self.methods = {m['name']: m for m in document['methods']}
        # A plugin that reads policy.directory.mapping says, in directory.sync's answer, which
        # mapping it read with (0.2.0 on); an older one refuses that policy key as unknown.
        sync = self.methods.get('directory.sync', {})
        self.reads_directory_mapping = 'mapping' in (
            sync.get('result_schema', {}).get('properties', {}))


def _resolve_library(manifest_path, file):
    # The library must sit in the manifest's folder or below: a manifest may not point this host
    # at some other file on the machine.
    relative = os.path.normpath(file)
    if os.path.isabs(relative) or relative.split(os.sep)[0] == '..':
        raise ManifestRejected(
            "the manifest's library.file %r must be a path inside the manifest's folder" % file)
    return os.path.join(os.path.dirname(manifest_path), relative)


def _require(condition, manifest_path, what):
    if not condition:
        raise ManifestRejected('the manifest %s is malformed: %s' % (manifest_path, what))


def _check_shape(path, document):
    _require(isinstance(document, dict), path, 'it must be a JSON object')
    for key in ('name', 'version', 'abi_major', 'library', 'scopes', 'methods'):
        _require(key in document, path, 'the field %r is missing' % key)
    _require(isinstance(document['name'], str) and _NAME.match(document['name']), path,
             'name must match %s' % _NAME.pattern)
    _require(isinstance(document['version'], str) and _VERSION.match(document['version']),
             path, 'version must be MAJOR.MINOR.PATCH')
    _require(isinstance(document['abi_major'], int) and 1 <= document['abi_major'] <= 65535,
             path, 'abi_major must be an integer from 1 to 65535')
    library = document['library']
    _require(isinstance(library, dict) and isinstance(library.get('file'), str)
             and library['file'] and isinstance(library.get('sha256'), str)
             and _SHA256.match(library['sha256']), path,
             'library needs file and sha256 (64 lowercase hex digits)')
    scopes = document['scopes']
    _require(isinstance(scopes, dict)
             and all(isinstance(scopes.get(k), list)
                     and all(isinstance(s, str) for s in scopes[k])
                     for k in ('requested', 'forbidden')), path,
             'scopes needs the lists requested and forbidden')
    _require(isinstance(document['methods'], list) and document['methods']
             and all(isinstance(m, dict) and isinstance(m.get('name'), str)
                     for m in document['methods']), path,
             'methods must be a non-empty list of objects with a name')


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(path):
    "Parses the manifest at `path`; raises ManifestRejected naming what is wrong."
    try:
        with open(path, 'rb') as f:
            document = json.loads(f.read().decode('utf-8'))
    except OSError as e:
        raise ManifestRejected('cannot read the plugin manifest %s: %s (set [peer_support] '
                               'manifest in trytond.conf to the installed '
                               'psp_plugin.manifest.json)' % (path, e.strerror))
    except ValueError as e:
        raise ManifestRejected('the manifest %s is not JSON: %s' % (path, e))
    _check_shape(path, document)
    return PluginManifest(path, document)


def verify_manifest(manifest):
    "The checks before loading; raises ManifestRejected at the first that fails."
    if manifest.abi_major != abi.PSP_ABI_VERSION_MAJOR:
        raise ManifestRejected(
            'the plugin %s %s speaks ABI major %d; this Tryton module speaks ABI major %d'
            % (manifest.name, manifest.version, manifest.abi_major, abi.PSP_ABI_VERSION_MAJOR))
    for scope in manifest.requested_scopes:
        if scope in REFUSED_SCOPES:
            raise ManifestRejected(
                "the plugin requests scope '%s', which this host refuses to every plugin "
                "(disciplinary and related records are never shared)" % scope)
        if scope not in GRANTED_SCOPES:
            raise ManifestRejected(
                "the plugin requests scope '%s', which this host does not grant (it grants: %s)"
                % (scope, ', '.join(sorted(GRANTED_SCOPES))))
    try:
        actual = sha256_file(manifest.library_file)
    except OSError as e:
        raise ManifestRejected('cannot read the plugin library %s: %s'
                               % (manifest.library_file, e.strerror))
    if actual != manifest.library_sha256:
        raise ManifestRejected(
            'the plugin library %s does not match its manifest: SHA-256 is %s, the manifest '
            'says %s (the file was changed or replaced; it was not loaded)'
            % (manifest.library_file, actual, manifest.library_sha256))
    return actual
