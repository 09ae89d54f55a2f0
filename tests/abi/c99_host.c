/*
 * c99_host.c: a minimal host written in strict ISO C99, the ABI's C conformance test.
 *
 * It proves three things a C host relies on (DESIGN.md, "The C ABI: rules", rule 9):
 *  - psp_plugin.h compiles as pedantic C99 with warnings as errors (the build does that);
 *  - the library can be driven through dlopen/dlsym and the one entry symbol alone;
 *  - struct_size versioning works both ways, by the rule of psp_plugin.h (accept any struct_size
 *    of at least the frozen 1.0 size, copy min(struct_size, sizeof), treat the rest as absent):
 *    the plugin accepts structs exactly 1.0-sized and a newer host's larger ones, and refuses
 *    truncated ones; a host compiled against a later minor (simulated here by structs with
 *    appended fields) drives a plugin of any minor, including the 0.1.0 release fixture.
 *
 * Usage: c99_host <path/to/libpsp_plugin.so> [--struct-sizes | --newer-host]
 * Without a mode it runs the basic tour (entry, create, plugin.info, health) as a 1.0 host;
 * --struct-sizes runs the 1.0-sized, larger and smaller struct checks; --newer-host runs the basic
 * tour as a simulated 1.1 host. Exit status 0 means every check passed.
 */
/* dlopen, mkdtemp and nftw under -std=c99; a feature-test macro is the program's to define. */
#define _XOPEN_SOURCE 700 /* NOLINT(bugprone-reserved-identifier) */

#include <dlfcn.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psp_plugin.h"

/* The point of this file is strict C99: fail loudly if the build slipped into a GNU dialect. */
#if !defined(__STDC_VERSION__) || __STDC_VERSION__ != 199901L || !defined(__STRICT_ANSI__)
#error "c99_host.c must be compiled with -std=c99 (strict ISO C99, not gnu99)"
#endif

#define FIXED_NOW_MS 1700000000000LL

static int failures = 0;

/* Records a failed check and says which; returns the condition so callers can stop early. */
static int expect(int condition, const char *what) {
    if (!condition) {
        fprintf(stderr, "c99_host: FAILED: %s\n", what);
        ++failures;
    }
    return condition;
}

/* ---- Host services: plain C callbacks ---------------------------------------------------- */

/* A fixed clock, so the test can see the plugin reads time from the host only. */
static int64_t PSP_ABI host_now_ms(void *host_data) {
    (void)host_data;
    return FIXED_NOW_MS;
}

static void PSP_ABI host_log(void *host_data, int32_t level, const char *message) {
    (void)host_data;
    fprintf(stderr, "c99_host: plugin log [%ld] %s\n", (long)level, message);
}

/* This host grants no data scope, so every fetch is refused and nothing is allocated. */
static psp_status PSP_ABI host_fetch(void *host_data, const char *scope, const char *query_json,
                                     char **out_json, size_t *out_len) {
    (void)host_data;
    (void)scope;
    (void)query_json;
    *out_json = NULL;
    *out_len = 0;
    return PSP_ERR_FORBIDDEN;
}

static psp_status PSP_ABI host_notify(void *host_data, const char *notification_json) {
    (void)host_data;
    (void)notification_json;
    return PSP_OK;
}

static void PSP_ABI host_free(void *host_data, void *ptr) {
    (void)host_data;
    free(ptr);
}

static psp_host_services make_host(void) {
    psp_host_services host;
    memset(&host, 0, sizeof host);
    host.struct_size = (uint32_t)sizeof(psp_host_services);
    host.abi_major = PSP_ABI_VERSION_MAJOR;
    host.host_data = NULL;
    host.now_ms = host_now_ms;
    host.log = host_log;
    host.fetch = host_fetch;
    host.notify = host_notify;
    host.free = host_free;
    return host;
}

static psp_instance_config make_config(const char *data_dir) {
    psp_instance_config config;
    memset(&config, 0, sizeof config);
    config.struct_size = (uint32_t)sizeof(psp_instance_config);
    config.agency_id = "c99-host-agency";
    config.data_dir = data_dir;
    config.config_json = NULL;
    return config;
}

/* ---- Loading ------------------------------------------------------------------------------ */

/* Looks up the entry symbol. ISO C has no object-to-function pointer conversion, so the
 * address is copied bytewise, as POSIX allows for dlsym results. */
static psp_plugin_entry_fn find_entry(void *library) {
    void *symbol = dlsym(library, PSP_PLUGIN_ENTRY_SYMBOL);
    psp_plugin_entry_fn entry = NULL;
    if (symbol == NULL) {
        return NULL;
    }
    memcpy(&entry, &symbol, sizeof entry);
    return entry;
}

/* ---- A simulated 1.1 host ------------------------------------------------------------------- */

/* What this header's structs would look like in a later minor that appended one field to each. A
 * host compiled against that minor uses these types throughout. */
typedef struct next_minor_plugin_api {
    psp_plugin_api v1_0;
    psp_status(PSP_ABI *describe)(psp_instance *instance, char **out_json);
} next_minor_plugin_api;

typedef struct next_minor_host_services {
    psp_host_services v1_0;
    int64_t(PSP_ABI *monotonic_ns)(void *host_data);
} next_minor_host_services;

typedef struct next_minor_instance_config {
    psp_instance_config v1_0;
    const char *region;
} next_minor_instance_config;

/* The host's own copy of the plugin's table, read by the header's rule. Static: the host keeps
 * it for as long as it uses the plugin. */
static next_minor_plugin_api host_table;

/* Reads the table the way psp_plugin.h says any host must: at least the 1.0 size, then
 * min(struct_size, sizeof what this host knows) bytes into a zeroed copy. `known_size` is
 * sizeof(psp_plugin_api) for a 1.0 host and sizeof(next_minor_plugin_api) for a 1.1 host. */
static const psp_plugin_api *read_table(const psp_plugin_api *written, size_t known_size) {
    if (!expect(written->struct_size >= PSP_PLUGIN_API_SIZE_1_0,
                "table struct_size is at least the frozen 1.0 size")) {
        return NULL;
    }
    memset(&host_table, 0, sizeof host_table);
    memcpy(&host_table, written,
           written->struct_size < known_size ? written->struct_size : known_size);
    return &host_table.v1_0;
}

/* The table for ABI 1, checked the way any host must check it before use; NULL when any check
 * failed, because calling through a table that is not what the header says would crash. */
static const psp_plugin_api *checked_api(psp_plugin_entry_fn entry, size_t known_size) {
    const int failures_before = failures;
    const psp_plugin_api *written = NULL;
    const psp_plugin_api *api = NULL;
    expect(entry(2) == NULL, "entry(2) returns NULL: the plugin does not speak ABI major 2");
    expect(entry(0) == NULL, "entry(0) returns NULL");
    written = entry(PSP_ABI_VERSION_MAJOR);
    if (!expect(written != NULL, "entry(1) returns a table")) {
        return NULL;
    }
    expect(entry(PSP_ABI_VERSION_MAJOR) == written, "entry(1) returns the same table every time");
    api = read_table(written, known_size);
    if (api == NULL) {
        return NULL;
    }
    expect(api->abi_major == PSP_ABI_VERSION_MAJOR, "table abi_major is 1");
    expect(api->plugin_version != NULL && api->plugin_version[0] != '\0', "plugin_version set");
    expect(api->instance_create != NULL && api->instance_destroy != NULL && api->call != NULL &&
               api->free != NULL,
           "every function of the 1.0 table is set");
    if (known_size == sizeof(next_minor_plugin_api)) {
        /* Every plugin built so far is 1.0: a 1.1 host must find the appended function absent. */
        expect(host_table.describe == NULL,
               "a 1.1 host sees the function a 1.0 plugin never had as absent (NULL)");
    }
    return failures == failures_before ? api : NULL;
}

/* ---- Temporary data folder ---------------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw) {
    (void)info;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path) {
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        fprintf(stderr, "c99_host: could not remove %s\n", path);
    }
}

/* ---- Calls -------------------------------------------------------------------------------- */

/* One call; returns the status and checks the response's framing, then the expected text. */
static psp_status call_and_check(const psp_plugin_api *api, psp_instance *instance,
                                 const char *request, const char *must_contain) {
    char *response = NULL;
    size_t length = 0;
    const psp_status status = api->call(instance, request, strlen(request), &response, &length);
    if (!expect(response != NULL, "call always writes a response")) {
        return status;
    }
    expect(length == strlen(response), "response length matches the NUL-terminated text");
    if (status == PSP_OK) {
        expect(strncmp(response, "{\"ok\":true", 10) == 0, "success response starts {\"ok\":true");
    }
    if (must_contain != NULL && !expect(strstr(response, must_contain) != NULL, must_contain)) {
        fprintf(stderr, "c99_host: response was: %.400s\n", response);
    }
    api->free(response);
    return status;
}

static void run_basic_tour(const psp_plugin_api *api, const psp_host_services *host,
                           const psp_instance_config *config) {
    psp_instance *instance = NULL;
    char *error = NULL;
    psp_status status = api->instance_create(host, config, &instance, &error);
    if (!expect(status == PSP_OK && instance != NULL, "instance_create succeeds")) {
        if (error != NULL) {
            fprintf(stderr, "c99_host: %s\n", error);
        }
        api->free(error);
        return;
    }
    expect(error == NULL, "instance_create leaves the error NULL on success");

    status = call_and_check(api, instance,
                            "{\"method\":\"plugin.info\",\"principal\":"
                            "{\"id\":\"c99\",\"roles\":[\"it_admin\"]}}",
                            "\"major\":1");
    expect(status == PSP_OK, "plugin.info returns PSP_OK");
    status = call_and_check(api, instance,
                            "{\"method\":\"health\",\"principal\":"
                            "{\"id\":\"c99\",\"roles\":[\"it_admin\"]},\"params\":{}}",
                            "\"now_ms\":1700000000000");
    expect(status == PSP_OK, "health returns PSP_OK and reports the host's clock");
    status = call_and_check(api, instance, "{\"method\":\"nope\"", "\"ok\":false");
    expect(status == PSP_ERR_INVALID_REQUEST, "malformed JSON returns PSP_ERR_INVALID_REQUEST");
    api->instance_destroy(instance);
}

/* ---- Struct sizes: newer and truncated tables --------------------------------------------- */

/* Creates an instance and expects a refusal with `status`, no instance and a JSON error. */
static void expect_refused(const psp_plugin_api *api, const psp_host_services *host,
                           const psp_instance_config *config, const char *field, const char *what) {
    psp_instance *instance = (psp_instance *)&failures; /* must be overwritten with NULL */
    char *error = NULL;
    const psp_status status = api->instance_create(host, config, &instance, &error);
    expect(status == PSP_ERR_INVALID_ARGUMENT, what);
    expect(instance == NULL, "a refused instance_create sets *out_instance to NULL");
    if (!expect(error != NULL, "a refused instance_create returns a JSON error")) {
        return;
    }
    expect(strstr(error, "\"ok\":false") != NULL, "the error JSON says ok:false");
    expect(strstr(error, "\"code\":\"invalid_argument\"") != NULL, "the error code is named");
    expect(strstr(error, field) != NULL, "the error names the offending struct_size field");
    api->free(error);
}

/* Structs filled in by a simulated 1.1 host: the 1.0 fields, then one appended field each. */
static next_minor_host_services make_next_minor_host(void) {
    next_minor_host_services host;
    memset(&host, 0, sizeof host);
    host.v1_0 = make_host();
    host.v1_0.struct_size = (uint32_t)sizeof host;
    return host;
}

static next_minor_instance_config make_next_minor_config(const char *data_dir) {
    next_minor_instance_config config;
    memset(&config, 0, sizeof config);
    config.v1_0 = make_config(data_dir);
    config.v1_0.struct_size = (uint32_t)sizeof config;
    config.region = "north";
    return config;
}

static void run_struct_sizes(const psp_plugin_api *api, const char *data_dir) {
    next_minor_host_services newer;
    next_minor_instance_config newer_config;
    psp_host_services host = make_host();
    psp_instance_config config = make_config(data_dir);
    psp_instance *instance = NULL;
    char *error = NULL;
    psp_status status;

    newer = make_next_minor_host();
    newer_config = make_next_minor_config(data_dir);
    status = api->instance_create(&newer.v1_0, &newer_config.v1_0, &instance, &error);
    if (expect(status == PSP_OK && instance != NULL, "larger (newer) host and config accepted")) {
        status = call_and_check(api, instance,
                                "{\"method\":\"health\",\"principal\":"
                                "{\"id\":\"c99\",\"roles\":[\"it_admin\"]}}",
                                "\"status\":\"ok\"");
        expect(status == PSP_OK, "health works on an instance made from newer tables");
        api->instance_destroy(instance);
    }
    api->free(error);

    /* Exactly the frozen 1.0 sizes, as a 1.0 host fills them in, whatever this header's sizeof. */
    host.struct_size = (uint32_t)PSP_HOST_SERVICES_SIZE_1_0;
    config.struct_size = (uint32_t)PSP_INSTANCE_CONFIG_SIZE_1_0;
    instance = NULL;
    status = api->instance_create(&host, &config, &instance, &error);
    if (expect(status == PSP_OK && instance != NULL, "structs of exactly the 1.0 sizes accepted")) {
        api->instance_destroy(instance);
    }
    api->free(error);
    error = NULL;
    config = make_config(data_dir);

    /* A host table that ends before `free`, as if built against a shorter struct. */
    host.struct_size = (uint32_t)(sizeof(psp_host_services) - sizeof(void *));
    expect_refused(api, &host, &config, "host.struct_size",
                   "smaller host struct_size returns PSP_ERR_INVALID_ARGUMENT");
    host = make_host();
    config.struct_size = (uint32_t)(sizeof(psp_instance_config) - sizeof(void *));
    expect_refused(api, &host, &config, "config.struct_size",
                   "smaller config struct_size returns PSP_ERR_INVALID_ARGUMENT");
}

/* ---- main --------------------------------------------------------------------------------- */

enum host_mode { BASIC_TOUR, STRUCT_SIZES, NEWER_HOST };

static void run_mode(const psp_plugin_api *api, enum host_mode mode, const char *data_dir) {
    if (mode == STRUCT_SIZES) {
        run_struct_sizes(api, data_dir);
    } else if (mode == NEWER_HOST) {
        next_minor_host_services host = make_next_minor_host();
        next_minor_instance_config config = make_next_minor_config(data_dir);
        run_basic_tour(api, &host.v1_0, &config.v1_0);
    } else {
        psp_host_services host = make_host();
        psp_instance_config config = make_config(data_dir);
        run_basic_tour(api, &host, &config);
    }
}

static int run(const char *library_path, enum host_mode mode) {
    char data_dir[] = "/tmp/psp-c99-host-XXXXXX";
    void *library = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
    psp_plugin_entry_fn entry;
    const psp_plugin_api *api;
    if (!expect(library != NULL, "dlopen the plugin")) {
        fprintf(stderr, "c99_host: %s\n", dlerror());
        return 1;
    }
    entry = find_entry(library);
    api = expect(entry != NULL, "dlsym finds " PSP_PLUGIN_ENTRY_SYMBOL)
              ? checked_api(entry, mode == NEWER_HOST ? sizeof(next_minor_plugin_api)
                                                      : sizeof(psp_plugin_api))
              : NULL;
    if (api != NULL && expect(mkdtemp(data_dir) != NULL, "mkdtemp a data folder")) {
        run_mode(api, mode, data_dir);
        remove_tree(data_dir);
    }
    expect(dlclose(library) == 0, "dlclose the plugin");
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    static const char *const mode_names[] = {"basic tour", "struct sizes", "newer host"};
    enum host_mode mode = BASIC_TOUR;
    if (argc == 3 && strcmp(argv[2], "--struct-sizes") == 0) {
        mode = STRUCT_SIZES;
    } else if (argc == 3 && strcmp(argv[2], "--newer-host") == 0) {
        mode = NEWER_HOST;
    } else if (argc != 2) {
        fprintf(stderr, "usage: %s <libpsp_plugin.so> [--struct-sizes | --newer-host]\n", argv[0]);
        return 2;
    }
    if (run(argv[1], mode) != 0) {
        fprintf(stderr, "c99_host: %d check(s) failed\n", failures);
        return 1;
    }
    printf("c99_host: all checks passed (%s)\n", mode_names[mode]);
    return 0;
}
