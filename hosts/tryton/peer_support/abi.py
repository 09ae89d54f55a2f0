# abi.py: abi/psp_plugin.h transcribed into ctypes, field for field.
#
# Keep this file honest to the header: the structs below have exactly the header's fields in the
# header's order, every struct this host fills in carries struct_size = ctypes.sizeof(struct), and
# each struct's frozen 1.0 size (PSP_*_SIZE_1_0 in the header: the offset of its last 1.0 field
# plus that field's size) is what a table read from the plugin must at least declare.
import ctypes
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int32, c_int64, c_size_t,
                    c_uint32, c_void_p)

PSP_ABI_VERSION_MAJOR = 1

# psp_status
PSP_OK = 0
PSP_ERR_INVALID_ARGUMENT = 1
PSP_ERR_INVALID_REQUEST = 2
PSP_ERR_UNKNOWN_METHOD = 3
PSP_ERR_FORBIDDEN = 4
PSP_ERR_NOT_FOUND = 5
PSP_ERR_CONFLICT = 6
PSP_ERR_UNSUPPORTED = 7
PSP_ERR_HOST = 8
PSP_ERR_STORAGE = 9
PSP_ERR_INTERNAL = 10

# PSP_LOG_* to Python's logging levels.
PSP_LOG_LEVELS = {0: 10, 1: 20, 2: 30, 3: 40}

ENTRY_SYMBOL = 'psp_plugin_entry'

NOW_MS_FN = CFUNCTYPE(c_int64, c_void_p)
LOG_FN = CFUNCTYPE(None, c_void_p, c_int32, c_char_p)
# char **out_json as void**: the pointer must stay a raw address the host fills in itself.
FETCH_FN = CFUNCTYPE(c_int32, c_void_p, c_char_p, c_char_p, POINTER(c_void_p),
                     POINTER(c_size_t))
NOTIFY_FN = CFUNCTYPE(c_int32, c_void_p, c_char_p)
HOST_FREE_FN = CFUNCTYPE(None, c_void_p, c_void_p)


class HostServices(Structure):
    "psp_host_services: filled in by this host, copied by the plugin at instance_create."
    _fields_ = [('struct_size', c_uint32), ('abi_major', c_uint32), ('host_data', c_void_p),
                ('now_ms', NOW_MS_FN), ('log', LOG_FN), ('fetch', FETCH_FN),
                ('notify', NOTIFY_FN), ('free', HOST_FREE_FN)]


class InstanceConfig(Structure):
    "psp_instance_config: every pointer borrowed for instance_create only."
    _fields_ = [('struct_size', c_uint32), ('agency_id', c_char_p), ('data_dir', c_char_p),
                ('config_json', c_char_p)]


# Plugin-owned out-parameters are void** so the host keeps the address to give back to `free`.
INSTANCE_CREATE_FN = CFUNCTYPE(c_int32, POINTER(HostServices), POINTER(InstanceConfig),
                               POINTER(c_void_p), POINTER(c_void_p))
INSTANCE_DESTROY_FN = CFUNCTYPE(None, c_void_p)
CALL_FN = CFUNCTYPE(c_int32, c_void_p, c_char_p, c_size_t, POINTER(c_void_p), POINTER(c_size_t))
PLUGIN_FREE_FN = CFUNCTYPE(None, c_void_p)


class PluginApi(Structure):
    "psp_plugin_api: static storage inside the plugin, never freed by the host."
    _fields_ = [('struct_size', c_uint32), ('abi_major', c_uint32), ('abi_minor', c_uint32),
                ('plugin_version', c_char_p), ('instance_create', INSTANCE_CREATE_FN),
                ('instance_destroy', INSTANCE_DESTROY_FN), ('call', CALL_FN),
                ('free', PLUGIN_FREE_FN)]


def size_through(struct, last_field):
    "PSP_STRUCT_SIZE_THROUGH: the bytes of `struct` up to and including `last_field`."
    field = getattr(struct, last_field)
    return field.offset + field.size


# The frozen 1.0 sizes (PSP_*_SIZE_1_0): fields after these are minor-version additions.
HOST_SERVICES_SIZE_1_0 = size_through(HostServices, 'free')
INSTANCE_CONFIG_SIZE_1_0 = size_through(InstanceConfig, 'config_json')
PLUGIN_API_SIZE_1_0 = size_through(PluginApi, 'free')

ENTRY_FN = CFUNCTYPE(POINTER(PluginApi), c_uint32)

# The C allocator: fetch answers are malloc'd by this host and released through host `free`,
# whichever thread the plugin calls it from.
libc = ctypes.CDLL(None)
libc.malloc.argtypes = [c_size_t]
libc.malloc.restype = c_void_p
libc.free.argtypes = [c_void_p]
libc.free.restype = None
