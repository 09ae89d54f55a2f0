#!/usr/bin/env python3
"""python_host.py: a host for the Peer Support Program plugin written in Python with ctypes.

A worked example for integrators whose platform is not C++: it loads the plugin's shared library,
fills in the host services with Python callbacks, creates an instance for one agency, makes a few
calls and cleans up, following the ownership and threading rules of abi/psp_plugin.h:

  - every buffer the PLUGIN returns (responses, instance_create's error) is released with the
    plugin's `free`, exactly once;
  - every buffer the HOST returns from `fetch` is allocated with the C allocator (malloc) and is
    released BY THE PLUGIN through the host's `free` callback, so the host never frees it itself;
  - the callbacks (and the structs holding them) must stay alive until instance_destroy returns;
  - a callback must never raise into the plugin: each one catches everything and answers with a
    status. The plugin calls them only from the thread inside a plugin function (it starts no
    threads), so the GIL ctypes takes for a callback is always available.

Run it (the CTest entry integration.python_host does, then checks what it printed):

  python3 docs/examples/python_host.py build/default/plugin/libpsp_plugin.so.0.2.0

Only the Python standard library is used.
"""

import calendar
import ctypes
import json
import sys
import tempfile
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int32, c_int64, c_size_t,
                    c_uint32, c_void_p)

# ---- psp_plugin.h, transcribed ------------------------------------------------------------------

PSP_ABI_VERSION_MAJOR = 1
PSP_OK = 0
PSP_ERR_FORBIDDEN = 4
PSP_ERR_HOST = 8
LOG_LEVELS = {0: "debug", 1: "info", 2: "warning", 3: "error"}

NOW_MS_FN = CFUNCTYPE(c_int64, c_void_p)
LOG_FN = CFUNCTYPE(None, c_void_p, c_int32, c_char_p)
# char **out_json is taken as void** so the pointer stays a raw address (c_char_p would copy).
FETCH_FN = CFUNCTYPE(c_int32, c_void_p, c_char_p, c_char_p, POINTER(c_void_p), POINTER(c_size_t))
NOTIFY_FN = CFUNCTYPE(c_int32, c_void_p, c_char_p)
HOST_FREE_FN = CFUNCTYPE(None, c_void_p, c_void_p)


class HostServices(Structure):
    _fields_ = [("struct_size", c_uint32), ("abi_major", c_uint32), ("host_data", c_void_p),
                ("now_ms", NOW_MS_FN), ("log", LOG_FN), ("fetch", FETCH_FN),
                ("notify", NOTIFY_FN), ("free", HOST_FREE_FN)]


class InstanceConfig(Structure):
    _fields_ = [("struct_size", c_uint32), ("agency_id", c_char_p), ("data_dir", c_char_p),
                ("config_json", c_char_p)]


INSTANCE_CREATE_FN = CFUNCTYPE(c_int32, POINTER(HostServices), POINTER(InstanceConfig),
                               POINTER(c_void_p), POINTER(c_void_p))
INSTANCE_DESTROY_FN = CFUNCTYPE(None, c_void_p)
CALL_FN = CFUNCTYPE(c_int32, c_void_p, c_char_p, c_size_t, POINTER(c_void_p), POINTER(c_size_t))
PLUGIN_FREE_FN = CFUNCTYPE(None, c_void_p)


class PluginApi(Structure):
    _fields_ = [("struct_size", c_uint32), ("abi_major", c_uint32), ("abi_minor", c_uint32),
                ("plugin_version", c_char_p), ("instance_create", INSTANCE_CREATE_FN),
                ("instance_destroy", INSTANCE_DESTROY_FN), ("call", CALL_FN),
                ("free", PLUGIN_FREE_FN)]


# Frozen 1.0 sizes (PSP_*_SIZE_1_0 in psp_plugin.h): the end of each struct's last 1.0 field.
PLUGIN_API_SIZE_1_0 = PluginApi.free.offset + ctypes.sizeof(PLUGIN_FREE_FN)


# The C allocator: fetch answers are malloc'd here and free'd in host_free, whoever calls it.
libc = ctypes.CDLL(None)
libc.malloc.argtypes = [c_size_t]
libc.malloc.restype = c_void_p
libc.free.argtypes = [c_void_p]
libc.free.restype = None

# ---- The host services --------------------------------------------------------------------------

EMPTY_SCIM_LIST = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                   "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []}


class PythonHost:
    """The host side: one clock, a log, the `directory` scope (empty here) and nothing else."""

    def __init__(self, start_ms):
        self.clock_ms = start_ms
        self.log_lines = []
        self.fetches = []        # (scope, query, granted)
        self.notifications = []
        self.outstanding = set()  # fetch buffers handed to the plugin and not yet released
        # Kept as attributes: ctypes callbacks die with their Python objects.
        self.services = HostServices(
            struct_size=ctypes.sizeof(HostServices), abi_major=PSP_ABI_VERSION_MAJOR,
            host_data=None, now_ms=NOW_MS_FN(self._now_ms), log=LOG_FN(self._log),
            fetch=FETCH_FN(self._fetch), notify=NOTIFY_FN(self._notify),
            free=HOST_FREE_FN(self._free))

    def _now_ms(self, _host_data):
        return self.clock_ms

    def _log(self, _host_data, level, message):
        try:
            self.log_lines.append((LOG_LEVELS.get(level, str(level)),
                                   (message or b"").decode("utf-8", "replace")))
        except Exception:  # never raise into the plugin
            pass

    def _fetch(self, _host_data, scope, query_json, out_json, out_len):
        try:
            out_json[0] = None
            out_len[0] = 0
            scope_name = scope.decode("utf-8")
            granted = scope_name == "directory"
            self.fetches.append((scope_name, json.loads(query_json or b"{}"), granted))
            if not granted:
                return PSP_ERR_FORBIDDEN  # refuse every scope not granted, by name
            answer = json.dumps(EMPTY_SCIM_LIST).encode("utf-8")
            buffer = libc.malloc(len(answer))
            if not buffer:
                return PSP_ERR_HOST
            ctypes.memmove(buffer, answer, len(answer))
            self.outstanding.add(buffer)
            out_json[0] = buffer  # now the plugin's to release through _free
            out_len[0] = len(answer)
            return PSP_OK
        except Exception:
            return PSP_ERR_HOST

    def _notify(self, _host_data, notification_json):
        try:
            self.notifications.append(json.loads(notification_json))
            return PSP_OK
        except Exception:
            return PSP_ERR_HOST

    def _free(self, _host_data, pointer):
        if pointer:
            self.outstanding.discard(pointer)
            libc.free(pointer)


# ---- The plugin ----------------------------------------------------------------------------------

class PluginError(Exception):
    pass


class Plugin:
    """The loaded library and its ABI table."""

    def __init__(self, library_path):
        self.library = ctypes.CDLL(library_path, mode=ctypes.RTLD_LOCAL)
        entry = self.library.psp_plugin_entry
        entry.argtypes = [c_uint32]
        entry.restype = POINTER(PluginApi)
        table = entry(PSP_ABI_VERSION_MAJOR)
        if not table:
            raise PluginError("the plugin does not speak ABI major %d" % PSP_ABI_VERSION_MAJOR)
        # The struct_size rule of psp_plugin.h: accept at least the frozen 1.0 size, copy
        # min(struct_size, what this host knows) into a zeroed table, so a function an older
        # plugin never had reads as NULL and one a newer plugin appended is simply not seen.
        written = table.contents.struct_size
        if written < PLUGIN_API_SIZE_1_0:
            raise PluginError("the plugin's function table is truncated (struct_size %d, below "
                              "the %d bytes of ABI 1.0)" % (written, PLUGIN_API_SIZE_1_0))
        self.api = PluginApi()
        ctypes.memmove(ctypes.byref(self.api), table,
                       min(written, ctypes.sizeof(PluginApi)))
        self.version = self.api.plugin_version.decode("utf-8")

    def take_text(self, pointer, length=None):
        """Copies a plugin-owned buffer into Python and releases it with the plugin's free."""
        if not pointer:
            return None
        try:
            return ctypes.string_at(pointer, length) if length is not None \
                else ctypes.string_at(pointer)
        finally:
            self.api.free(pointer)


class Instance:
    """One agency's instance; destroy() before the host or the library goes away."""

    def __init__(self, plugin, host, agency_id, data_dir, config=None):
        self.plugin = plugin
        self.host = host  # keeps the callbacks alive as long as the instance
        self.config = InstanceConfig(
            struct_size=ctypes.sizeof(InstanceConfig), agency_id=agency_id.encode("utf-8"),
            data_dir=data_dir.encode("utf-8"),
            config_json=json.dumps(config).encode("utf-8") if config is not None else None)
        self.handle = c_void_p()
        error = c_void_p()
        status = plugin.api.instance_create(ctypes.byref(host.services),
                                            ctypes.byref(self.config), ctypes.byref(self.handle),
                                            ctypes.byref(error))
        if status != PSP_OK:
            raise PluginError("instance_create failed (%d): %s"
                              % (status, plugin.take_text(error.value)))

    def call(self, method, roles, params=None, principal="E1001", idempotency_key=None):
        request = {"method": method, "principal": {"id": principal, "roles": roles},
                   "params": params or {}}
        if idempotency_key is not None:
            request["idempotency_key"] = idempotency_key
        text = json.dumps(request).encode("utf-8")
        response, length = c_void_p(), c_size_t()
        status = self.plugin.api.call(self.handle, text, len(text), ctypes.byref(response),
                                      ctypes.byref(length))
        answer = json.loads(self.plugin.take_text(response.value, length.value))
        return status, answer

    def destroy(self):
        if self.handle:
            self.plugin.api.instance_destroy(self.handle)
            self.handle = c_void_p()


# ---- The walk-through, each step checked ---------------------------------------------------------

RECORDS = [
    {"id": "E1001", "name": "Dana Chief", "category": "sworn", "division": "Office of the Chief"},
    {"id": "E1002", "name": "Ari Sergeant", "category": "sworn", "division": "Patrol",
     "unit": "Patrol Squad 1", "shift": "Day", "supervisor_id": "E1001"},
    {"id": "E1003", "name": "Lee Dispatcher", "category": "dispatcher", "division": "Communications",
     "supervisor_id": "E1001", "personal_email": "lee@example.org"},
]


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print("ok  " + what)


def ok_result(status, answer, what):
    check(status == PSP_OK and answer.get("ok") is True, what)
    return answer["result"]


def walk_through(plugin, data_dir):
    host = PythonHost(start_ms=calendar.timegm((2026, 11, 23, 9, 0, 0)) * 1000)
    instance = Instance(plugin, host, "python-agency", data_dir,
                        {"policy": {"directory": {"single_root": True}}})
    try:
        info = ok_result(*instance.call("plugin.info", ["it_admin"]), "plugin.info answers")
        check(info["version"] == plugin.version, "plugin.info version " + info["version"]
              + " matches the function table")
        check(info["abi"]["major"] == PSP_ABI_VERSION_MAJOR, "ABI major 1")
        check(info["scopes"]["requested"] == ["directory"], "the plugin requests only 'directory'")
        names = [m["name"] for m in info["methods"]]
        check({"directory.sync", "directory.get"} <= set(names),
              "%d methods, directory.sync and directory.get among them" % len(names))

        pulled = ok_result(*instance.call("directory.sync", ["hr_admin"],
                                          {"mode": "full", "source": "host"},
                                          idempotency_key="py-pull-1"),
                           "directory.sync pulls the 'directory' scope from the Python host")
        check(pulled["total"] == 0, "the empty SCIM ListResponse gives an empty directory")
        check([f[0] for f in host.fetches] == ["directory"] and host.fetches[0][2],
              "one fetch, of the granted 'directory' scope")
        check(not host.outstanding, "the plugin released the fetch buffer through host free")

        synced = ok_result(*instance.call("directory.sync", ["hr_admin"],
                                          {"mode": "full", "source": "records",
                                           "records": RECORDS},
                                          idempotency_key="py-records-1"),
                           "directory.sync from records")
        check(synced["added"] == 3 and synced["total"] == 3, "3 employees added")
        check(synced["dropped_fields"] == ["personal_email"],
              "a field outside the allow-list is dropped and named: personal_email")

        status, again = instance.call("directory.sync", ["hr_admin"],
                                      {"mode": "full", "source": "records", "records": RECORDS},
                                      idempotency_key="py-records-1")
        check(status == PSP_OK and again["result"] == synced,
              "a retry with the same idempotency key returns the first answer")

        employee = ok_result(*instance.call("directory.get", ["hr_admin"],
                                            {"employee_id": "E1002"}),
                             "directory.get E1002")["employee"]
        check(employee["name"] == "Ari Sergeant" and employee["supervisor_id"] == "E1001",
              "E1002 is Ari Sergeant, supervised by E1001")

        status, refused = instance.call("directory.get", ["employee"], {"employee_id": "E1002"})
        check(status == 4 and refused["error"]["code"] == "forbidden",
              "an 'employee' may not read the directory: forbidden")
        status, missing = instance.call("directory.get", ["hr_admin"], {"employee_id": "E9999"})
        check(status == 5 and missing["error"]["code"] == "not_found", "an unknown id: not_found")

        # What the host's fetch does with a scope it never grants (the plugin never asks for one).
        out, length = c_void_p(), c_size_t()
        check(host.services.fetch(None, b"grievances", b"{}", ctypes.byref(out),
                                  ctypes.byref(length)) == PSP_ERR_FORBIDDEN and not out.value,
              "the host's fetch refuses any other scope and hands out no buffer")
        check(all(f[0] == "directory" for f in host.fetches[:-1]),
              "the plugin itself only ever fetched 'directory'")
    finally:
        instance.destroy()
    check(not host.outstanding, "no host buffer left unreleased")
    return host


def main(argv):
    if len(argv) != 2:
        print("usage: python_host.py PATH/TO/libpsp_plugin.so", file=sys.stderr)
        return 2
    plugin = Plugin(argv[1])
    print("loaded psp-peer-support %s (ABI %d.%d)"
          % (plugin.version, plugin.api.abi_major, plugin.api.abi_minor))
    with tempfile.TemporaryDirectory(prefix="psp-python-host-") as data_dir:
        host = walk_through(plugin, data_dir)
    print("plugin log: %d lines, %d notifications" % (len(host.log_lines), len(host.notifications)))
    print("python host: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
