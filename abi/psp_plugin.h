/*
 * psp_plugin.h: the stable C ABI of the Peer Support Program plugin.
 *
 * A host (an HR or records-management platform) loads the plugin's shared library, looks up the
 * one exported symbol, psp_plugin_entry, and asks it for the function table of the ABI major it
 * speaks. Everything else crosses as JSON through psp_plugin_api.call.
 *
 * Conventions, for every function and struct in this file:
 *  - Pure C99; only <stdint.h>, <stddef.h>, <stdbool.h> types; strings are UTF-8 and
 *    NUL-terminated unless a length is given.
 *  - Every struct starts with `struct_size` (set by whoever fills it in to sizeof the struct it
 *    was compiled against). Fields are only ever appended. Each struct's 1.0 size is frozen below
 *    (PSP_*_SIZE_1_0). A reader accepts any struct_size of at least that, copies
 *    min(struct_size, sizeof) bytes into a zeroed struct of its own, and treats every field past
 *    what the writer declared as absent (zero, NULL). So an older peer and a newer peer of the
 *    same major both work; a struct_size below the 1.0 size is refused.
 *  - Every function pointer and the entry point use the PSP_ABI calling convention.
 *  - Ownership is stated on every pointer. Memory the plugin hands out is released with
 *    psp_plugin_api.free; memory the host hands out is released with psp_host_services.free.
 *  - Threading is stated on every function.
 *  - No function aborts, throws or lets a C++ type cross. Every failure returns a psp_status and,
 *    where a response buffer exists, a JSON error object:
 *      {"ok":false,"error":{"code":"<machine code>","message":"<for people>","field":"<where>"}}
 */
#ifndef PSP_PLUGIN_H
#define PSP_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Calling convention -------------------------------------------------------------------- */

/* The calling convention of every function that crosses the boundary, in both directions. Empty
 * where the platform has a single convention; __cdecl on 32-bit Windows, so a host built with
 * another default (/Gz, /Gr) still calls the plugin correctly. A host may predefine it only to
 * the same convention. */
#if !defined(PSP_ABI)
#if defined(_WIN32) || defined(__CYGWIN__)
#define PSP_ABI __cdecl
#else
#define PSP_ABI
#endif
#endif

/* ---- Versions ------------------------------------------------------------------------------ */

/* The ABI major this header describes. A major changes only when a table or struct changes
 * incompatibly; the plugin keeps serving every major it has ever shipped. */
#define PSP_ABI_VERSION_MAJOR 1u
/* Minor versions append fields to structs and methods to the JSON catalogue. */
#define PSP_ABI_VERSION_MINOR 0u

/* ---- Status codes -------------------------------------------------------------------------- */

/* Every function returning psp_status returns one of these. The JSON error's "code" string is
 * finer grained (for example "forbidden", "unknown_method"); the status says what kind of
 * failure it was, so a C host can branch without parsing JSON. */
typedef int32_t psp_status;
#define PSP_OK 0                   /* success */
#define PSP_ERR_INVALID_ARGUMENT 1 /* a NULL pointer, a wrong struct_size, a bad length */
#define PSP_ERR_INVALID_REQUEST 2  /* malformed JSON, invalid UTF-8, schema violation, too large */
#define PSP_ERR_UNKNOWN_METHOD 3   /* the method is not in the catalogue */
#define PSP_ERR_FORBIDDEN 4        /* the principal's roles may not call the method */
#define PSP_ERR_NOT_FOUND 5        /* a referenced record does not exist */
#define PSP_ERR_CONFLICT 6         /* wrong state, lost race, idempotency key reused */
#define PSP_ERR_UNSUPPORTED 7      /* an ABI major or feature this plugin does not speak */
#define PSP_ERR_HOST 8             /* a host service failed or answered badly */
#define PSP_ERR_STORAGE 9          /* the database failed; nothing was changed */
#define PSP_ERR_INTERNAL 10        /* a bug in the plugin; nothing was changed */

/* ---- Log levels ---------------------------------------------------------------------------- */

#define PSP_LOG_DEBUG 0
#define PSP_LOG_INFO 1
#define PSP_LOG_WARNING 2
#define PSP_LOG_ERROR 3

/* ---- Host services ------------------------------------------------------------------------- */

/*
 * What the host provides to each plugin instance. Filled in by the host; the plugin copies the
 * struct at psp_plugin_api.instance_create and keeps `host_data` to pass back on every call.
 * The host keeps the functions valid until instance_destroy returns.
 *
 * Threading: the plugin may call any of these from any host thread that is inside a plugin
 * function, several at once. The plugin starts no threads of its own, so it never calls them
 * from anywhere else.
 */
typedef struct psp_host_services {
    uint32_t struct_size; /* sizeof(psp_host_services) as the host compiled it */
    uint32_t abi_major;   /* PSP_ABI_VERSION_MAJOR as the host compiled it */

    /* Opaque host pointer, passed back unchanged as the first argument of every service. */
    void *host_data;

    /* The one clock: milliseconds since the Unix epoch, UTC. The plugin never reads the system
     * clock, so a host (and a test) controls time. Must not fail. */
    int64_t(PSP_ABI *now_ms)(void *host_data);

    /* A log line for the host's log. `message` is UTF-8, borrowed for the call only; it never
     * holds confidential content. `level` is a PSP_LOG_* value. */
    void(PSP_ABI *log)(void *host_data, int32_t level, const char *message);

    /*
     * Fetch host data for one named scope (for example "directory"). `scope` and `query_json`
     * are borrowed for the call. On PSP_OK the host sets *out_json to a buffer of *out_len bytes
     * of UTF-8 JSON (not necessarily NUL-terminated) that it allocated; the plugin releases it
     * with `free` below. On failure the host returns another status and leaves *out_json NULL.
     * A host refuses any scope its manifest did not grant.
     */
    psp_status(PSP_ABI *fetch)(void *host_data, const char *scope, const char *query_json,
                               char **out_json, size_t *out_len);

    /* Deliver a notification (JSON object, borrowed for the call) to people through the host,
     * for example an overdue-training notice. Returns PSP_OK when the host accepted it. */
    psp_status(PSP_ABI *notify)(void *host_data, const char *notification_json);

    /* Release memory the host handed to the plugin (from fetch). NULL is a no-op. */
    void(PSP_ABI *free)(void *host_data, void *ptr);
} psp_host_services;

/* ---- Instance configuration ---------------------------------------------------------------- */

/*
 * How the host configures one instance (one per agency). Filled in by the host; every pointer is
 * borrowed for the duration of instance_create only.
 */
typedef struct psp_instance_config {
    uint32_t struct_size; /* sizeof(psp_instance_config) as the host compiled it */

    /* Stable identifier of the agency this instance serves (UTF-8, 1 to 64 characters). */
    const char *agency_id;

    /* Folder the host gives the plugin for its data; the embedded SQLite database lives here. */
    const char *data_dir;

    /* Agency configuration as a JSON object, or NULL for the defaults: policy values, the
     * mapping of host roles to plugin roles, and the storage connection string. See
     * docs/integration.md for its schema. */
    const char *config_json;
} psp_instance_config;

/* ---- The plugin ---------------------------------------------------------------------------- */

/* One plugin instance: opaque to the host. */
typedef struct psp_instance psp_instance;

/*
 * The plugin's function table. Static storage inside the plugin: valid until the library is
 * unloaded, never freed by the host.
 */
typedef struct psp_plugin_api {
    uint32_t struct_size; /* sizeof(psp_plugin_api) as the plugin compiled it */
    uint32_t abi_major;   /* the major this table implements */
    uint32_t abi_minor;   /* the minor this table implements */

    /* Plugin version, "MAJOR.MINOR.PATCH", static storage. */
    const char *plugin_version;

    /*
     * Create an instance for one agency: opens (or creates) its database and applies pending
     * schema migrations.
     *
     * host, config: borrowed for this call; the plugin copies what it needs. Each struct_size
     *   must be at least its PSP_*_SIZE_1_0 (else PSP_ERR_INVALID_ARGUMENT); larger ones from a
     *   host built against a later minor are accepted.
     * out_instance: on PSP_OK receives the instance, owned by the host until it passes it to
     *   instance_destroy; on failure set to NULL.
     * out_error_json: may be NULL; otherwise on failure receives a JSON error object the host
     *   releases with `free`, and on PSP_OK is set to NULL.
     *
     * Threading: may be called from any thread, concurrently with calls on other instances.
     */
    psp_status(PSP_ABI *instance_create)(const psp_host_services *host,
                                         const psp_instance_config *config,
                                         psp_instance **out_instance, char **out_error_json);

    /*
     * Destroy an instance: closes its database. `instance` may be NULL (a no-op).
     *
     * Threading: the host must ensure no other call on this instance is running or starts.
     */
    void(PSP_ABI *instance_destroy)(psp_instance *instance);

    /*
     * Perform one business operation. `request` is a UTF-8 JSON object of `request_len` bytes
     * (borrowed for the call; it need not be NUL-terminated):
     *   {"method":"directory.get",
     *    "principal":{"id":"E1001","roles":["hr_admin"]},
     *    "params":{...},
     *    "idempotency_key":"..."}      (required by methods that write)
     *
     * On return *out_response holds a NUL-terminated UTF-8 JSON object that the host releases
     * with `free`, and *out_response_len its length without the NUL:
     *   {"ok":true,"result":{...}}  or  {"ok":false,"error":{"code":...,"message":...}}
     * whatever the status, except when out_response itself is NULL (PSP_ERR_INVALID_ARGUMENT
     * and nothing is written). The status matches the error's kind.
     *
     * Threading: thread-safe; the host may call it on one instance from many threads at once.
     */
    psp_status(PSP_ABI *call)(psp_instance *instance, const char *request, size_t request_len,
                              char **out_response, size_t *out_response_len);

    /* Release memory the plugin handed to the host. NULL is a no-op. Thread-safe. */
    void(PSP_ABI *free)(void *ptr);
} psp_plugin_api;

/* ---- Frozen 1.0 sizes ---------------------------------------------------------------------- */

/* The size of a struct as ABI 1.0 defined it: the end of its last 1.0 field. These never change,
 * whatever a later minor appends; they are the smallest struct_size a reader accepts. */
#define PSP_STRUCT_SIZE_THROUGH(type, last_field) \
    (offsetof(type, last_field) + sizeof(((type *)0)->last_field))
#define PSP_HOST_SERVICES_SIZE_1_0 PSP_STRUCT_SIZE_THROUGH(psp_host_services, free)
#define PSP_INSTANCE_CONFIG_SIZE_1_0 PSP_STRUCT_SIZE_THROUGH(psp_instance_config, config_json)
#define PSP_PLUGIN_API_SIZE_1_0 PSP_STRUCT_SIZE_THROUGH(psp_plugin_api, free)

/*
 * The one exported symbol. Returns the function table for `host_abi_major`, or NULL when the
 * plugin does not speak that major. Never fails otherwise.
 *
 * Threading: thread-safe, may be called any number of times; always returns the same table for
 * the same major.
 */
#if defined(_WIN32)
#define PSP_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define PSP_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define PSP_PLUGIN_EXPORT
#endif

PSP_PLUGIN_EXPORT const psp_plugin_api *PSP_ABI psp_plugin_entry(uint32_t host_abi_major);

/* Name of the entry symbol, for hosts that look it up at run time. */
#define PSP_PLUGIN_ENTRY_SYMBOL "psp_plugin_entry"

/* Type of the entry function, for hosts that look it up at run time. */
typedef const psp_plugin_api *(PSP_ABI *psp_plugin_entry_fn)(uint32_t host_abi_major);

#ifdef __cplusplus
}
#endif

#endif /* PSP_PLUGIN_H */
