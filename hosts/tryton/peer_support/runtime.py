# runtime.py: the loaded plugin library and its instances, one per Tryton company.
#
# This is the part of the host that owns C memory and callbacks, so it follows abi/psp_plugin.h
# to the letter: plugin buffers are copied and released with the plugin's `free` once; fetch
# answers are malloc'd here and released by the plugin through the host's `free`; the callback
# objects and the psp_host_services struct live as long as the instance; no exception ever
# propagates into C. ctypes releases the GIL while the plugin runs, so Tryton worker threads
# calling one instance at once really run at once; a callback takes the GIL back on the same
# thread, inside that thread's own Tryton transaction.
import ctypes
import json
import logging
import os
import threading
from collections import deque
from ctypes import byref, c_size_t, c_void_p

from . import abi
from .manifest import GRANTED_SCOPES, ManifestRejected, read_manifest, verify_manifest

logger = logging.getLogger('trytond.modules.peer_support')
plugin_logger = logging.getLogger('trytond.modules.peer_support.plugin')


class PluginCallFailed(Exception):
    "The plugin could not be reached at all (not a business error: those are answers)."


class LoadedLibrary(object):
    "One verified library, loaded once per process and never unloaded (instances may remain)."

    def __init__(self, manifest, sha256):
        self.manifest = manifest
        self.sha256 = sha256
        self.library = ctypes.CDLL(manifest.library_file,
                                   mode=os.RTLD_NOW | os.RTLD_LOCAL)
        entry = abi.ENTRY_FN((abi.ENTRY_SYMBOL, self.library))
        table = entry(abi.PSP_ABI_VERSION_MAJOR)
        if not table:
            raise ManifestRejected('the plugin %s does not speak ABI major %d'
                                   % (manifest.library_file, abi.PSP_ABI_VERSION_MAJOR))
        api = table.contents
        # A plugin built against a later minor may declare a longer table; it must declare at
        # least the 1.0 table, and this host reads only the fields it knows.
        if api.struct_size < abi.PLUGIN_API_SIZE_1_0:
            raise ManifestRejected('the plugin function table declares %d bytes, less than the '
                                   'ABI 1.0 table (%d)'
                                   % (api.struct_size, abi.PLUGIN_API_SIZE_1_0))
        if api.abi_major != abi.PSP_ABI_VERSION_MAJOR:
            raise ManifestRejected('the plugin returned a table for ABI major %d, not %d'
                                   % (api.abi_major, abi.PSP_ABI_VERSION_MAJOR))
        self.api = api
        self.version = api.plugin_version.decode('utf-8')
        if self.version != manifest.version:
            raise ManifestRejected('the library says it is version %s, its manifest says %s'
                                   % (self.version, manifest.version))

    def take_text(self, pointer, length=None):
        "Copies a plugin-owned buffer into Python and releases it with the plugin's free."
        if not pointer:
            return None
        try:
            if length is None:
                return ctypes.string_at(pointer)
            return ctypes.string_at(pointer, length)
        finally:
            self.api.free(pointer)


_libraries = {}  # sha256 -> LoadedLibrary
_libraries_lock = threading.Lock()


def load_library(manifest_path):
    "Reads and verifies the manifest, then loads (once) the library it names."
    manifest = read_manifest(manifest_path)
    sha256 = verify_manifest(manifest)
    with _libraries_lock:
        library = _libraries.get(sha256)
        if library is None:
            library = LoadedLibrary(manifest, sha256)
            _libraries[sha256] = library
        return library


class HostCallbacks(object):
    """The host services of one instance. `tryton` answers the questions only Tryton can
    (clock, directory page, notification delivery); these wrappers make sure nothing raises
    into the plugin and account for every buffer."""

    def __init__(self, agency_id, tryton):
        self.agency_id = agency_id
        self.tryton = tryton
        self.fetches = deque(maxlen=1000)  # (scope, granted): what the plugin asked of Tryton
        self.outstanding = set()           # fetch buffers the plugin has not released yet
        self._lock = threading.Lock()
        self.services = abi.HostServices(
            struct_size=ctypes.sizeof(abi.HostServices),
            abi_major=abi.PSP_ABI_VERSION_MAJOR, host_data=None,
            now_ms=abi.NOW_MS_FN(self._now_ms), log=abi.LOG_FN(self._log),
            fetch=abi.FETCH_FN(self._fetch), notify=abi.NOTIFY_FN(self._notify),
            free=abi.HOST_FREE_FN(self._free))

    def _now_ms(self, _host_data):
        try:
            return int(self.tryton.now_ms())
        except Exception:
            logger.exception('peer support clock failed; using the system clock')
            import time
            return int(time.time() * 1000)

    def _log(self, _host_data, level, message):
        try:
            plugin_logger.log(abi.PSP_LOG_LEVELS.get(level, logging.INFO), '[%s] %s',
                              self.agency_id, (message or b'').decode('utf-8', 'replace'))
        except Exception:
            pass

    def _fetch(self, _host_data, scope, query_json, out_json, out_len):
        try:
            out_json[0] = None
            out_len[0] = 0
            scope_name = (scope or b'').decode('utf-8', 'replace')
            granted = scope_name in GRANTED_SCOPES
            self.fetches.append((scope_name, granted))
            if not granted:
                logger.warning('[%s] the plugin asked for scope %r; refused',
                               self.agency_id, scope_name)
                return abi.PSP_ERR_FORBIDDEN
            query = json.loads((query_json or b'{}').decode('utf-8'))
            try:
                answer = json.dumps(self.tryton.directory_page(query)).encode('utf-8')
            except PluginCallFailed as e:
                # The host refused on purpose and says why: no traceback.
                logger.error('[%s] directory fetch refused: %s', self.agency_id, e)
                return abi.PSP_ERR_HOST
            buffer = abi.libc.malloc(max(len(answer), 1))
            if not buffer:
                return abi.PSP_ERR_HOST
            ctypes.memmove(buffer, answer, len(answer))
            with self._lock:
                self.outstanding.add(buffer)
            out_json[0] = buffer  # the plugin's now, released through _free
            out_len[0] = len(answer)
            return abi.PSP_OK
        except Exception:
            logger.exception('[%s] directory fetch failed', self.agency_id)
            return abi.PSP_ERR_HOST

    def _notify(self, _host_data, notification_json):
        try:
            self.tryton.deliver(json.loads(notification_json.decode('utf-8')))
            return abi.PSP_OK
        except Exception:
            logger.exception('[%s] notification not delivered', self.agency_id)
            return abi.PSP_ERR_HOST

    def _free(self, _host_data, pointer):
        if pointer:
            with self._lock:
                self.outstanding.discard(pointer)
            abi.libc.free(pointer)


class PluginInstance(object):
    "One agency's instance; destroy() only when no call is running on it."

    def __init__(self, library, callbacks, agency_id, data_dir, config):
        self.library = library
        self.callbacks = callbacks  # keeps the callbacks alive as long as the instance
        self.agency_id = agency_id
        self.data_dir = data_dir
        self._config = abi.InstanceConfig(
            struct_size=ctypes.sizeof(abi.InstanceConfig), agency_id=agency_id.encode('utf-8'),
            data_dir=data_dir.encode('utf-8'), config_json=json.dumps(config).encode('utf-8'))
        self.handle = c_void_p()
        error = c_void_p()
        status = library.api.instance_create(byref(callbacks.services), byref(self._config),
                                             byref(self.handle), byref(error))
        if status != abi.PSP_OK:
            text = library.take_text(error.value)
            self.handle = c_void_p()
            raise PluginCallFailed('the plugin could not open agency %s (status %d): %s'
                                   % (agency_id, status,
                                      text.decode('utf-8', 'replace') if text else ''))
        # Calls in flight, so destroy() waits for them (instance_destroy's threading rule).
        self._in_flight = 0
        self.most_in_flight = 0  # how many calls ran at once, at most (threading is measured)
        self._idle = threading.Condition()
        self._closing = False

    def call(self, request):
        "Sends one request (a dict); returns (status, response dict). Never raises for answers."
        with self._idle:
            if self._closing or not self.handle:
                raise PluginCallFailed('the plugin instance of %s is closed' % self.agency_id)
            self._in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self._in_flight)
        try:
            text = json.dumps(request).encode('utf-8')
            response, length = c_void_p(), c_size_t()
            status = self.library.api.call(self.handle, text, len(text), byref(response),
                                           byref(length))
            raw = self.library.take_text(response.value, length.value)
            if raw is None:
                raise PluginCallFailed('the plugin returned no response (status %d)' % status)
            return status, json.loads(raw.decode('utf-8'))
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def destroy(self):
        with self._idle:
            self._closing = True
            while self._in_flight:
                self._idle.wait()
            handle, self.handle = self.handle, c_void_p()
        if handle:
            self.library.api.instance_destroy(handle)
