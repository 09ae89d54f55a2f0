/*
 * c99_host.c: a minimal host written in strict ISO C99, the ABI's C conformance test.
 *
 * It proves three things a C host relies on (DESIGN.md, "The C ABI: rules", rule 9):
 *  - psp_plugin.h compiles as pedantic C99 with warnings as errors (the build does that);
 *  - the library can be driven through dlopen/dlsym and the one entry symbol alone;
 *  - struct_size versioning works both ways: a host built against this header (an "old host"
 *    from the point of view of any later plugin) accepts a table at least as large as it knows,
 *    and the plugin accepts a newer host's larger tables but refuses truncated ones.
 *
 * Usage: c99_host <path/to/libpsp_plugin.so> [--struct-sizes]
 * Without a mode it runs the basic tour (entry, create, plugin.info, health); --struct-sizes runs
 * the larger/smaller table checks. Exit status 0 means every check passed.
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
static int64_t host_now_ms(void *host_data) {
    (void)host_data;
    return FIXED_NOW_MS;
}

static void host_log(void *host_data, int32_t level, const char *message) {
    (void)host_data;
    fprintf(stderr, "c99_host: plugin log [%ld] %s\n", (long)level, message);
}

/* This host grants no data scope, so every fetch is refused and nothing is allocated. */
static psp_status host_fetch(void *host_data, const char *scope, const char *query_json,
                             char **out_json, size_t *out_len) {
    (void)host_data;
    (void)scope;
    (void)query_json;
    *out_json = NULL;
    *out_len = 0;
    return PSP_ERR_FORBIDDEN;
}

static psp_status host_notify(void *host_data, const char *notification_json) {
    (void)host_data;
    (void)notification_json;
    return PSP_OK;
}

static void host_free(void *host_data, void *ptr) {
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

/* The table for ABI 1, checked the way any host must check it before use; NULL when any check
 * failed, because calling through a table that is not what the header says would crash. */
static const psp_plugin_api *checked_api(psp_plugin_entry_fn entry) {
    const int failures_before = failures;
    const psp_plugin_api *api = NULL;
    expect(entry(2) == NULL, "entry(2) returns NULL: the plugin does not speak ABI major 2");
    expect(entry(0) == NULL, "entry(0) returns NULL");
    api = entry(PSP_ABI_VERSION_MAJOR);
    if (!expect(api != NULL, "entry(1) returns a table")) {
        return NULL;
    }
    expect(entry(PSP_ABI_VERSION_MAJOR) == api, "entry(1) returns the same table every time");
    if (!expect(api->struct_size >= sizeof(psp_plugin_api),
                "table struct_size >= sizeof(psp_plugin_api) this host was built with")) {
        return NULL;
    }
    expect(api->abi_major == PSP_ABI_VERSION_MAJOR, "table abi_major is 1");
    expect(api->plugin_version != NULL && api->plugin_version[0] != '\0', "plugin_version set");
    expect(api->instance_create != NULL && api->instance_destroy != NULL && api->call != NULL &&
               api->free != NULL,
           "every function of the 1.0 table is set");
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

static void run_basic_tour(const psp_plugin_api *api, const char *data_dir) {
    psp_host_services host = make_host();
    psp_instance_config config = make_config(data_dir);
    psp_instance *instance = NULL;
    char *error = NULL;
    psp_status status = api->instance_create(&host, &config, &instance, &error);
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

/* A host compiled against a later minor: the 1.0 fields, then fields this plugin never heard of. */
typedef struct newer_host_services {
    psp_host_services v1_0;
    int64_t (*monotonic_ns)(void *host_data);
    void *reserved[4];
} newer_host_services;

typedef struct newer_instance_config {
    psp_instance_config v1_0;
    const char *region;
} newer_instance_config;

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

static void run_struct_sizes(const psp_plugin_api *api, const char *data_dir) {
    newer_host_services newer;
    newer_instance_config newer_config;
    psp_host_services host = make_host();
    psp_instance_config config = make_config(data_dir);
    psp_instance *instance = NULL;
    char *error = NULL;
    psp_status status;

    memset(&newer, 0, sizeof newer);
    newer.v1_0 = make_host();
    newer.v1_0.struct_size = (uint32_t)sizeof newer;
    newer_config.v1_0 = make_config(data_dir);
    newer_config.v1_0.struct_size = (uint32_t)sizeof newer_config;
    newer_config.region = "north";
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

static int run(const char *library_path, int struct_sizes_mode) {
    char data_dir[] = "/tmp/psp-c99-host-XXXXXX";
    void *library = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
    psp_plugin_entry_fn entry;
    const psp_plugin_api *api;
    if (!expect(library != NULL, "dlopen the plugin")) {
        fprintf(stderr, "c99_host: %s\n", dlerror());
        return 1;
    }
    entry = find_entry(library);
    api = expect(entry != NULL, "dlsym finds " PSP_PLUGIN_ENTRY_SYMBOL) ? checked_api(entry) : NULL;
    if (api != NULL && expect(mkdtemp(data_dir) != NULL, "mkdtemp a data folder")) {
        if (struct_sizes_mode) {
            run_struct_sizes(api, data_dir);
        } else {
            run_basic_tour(api, data_dir);
        }
        remove_tree(data_dir);
    }
    expect(dlclose(library) == 0, "dlclose the plugin");
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    int struct_sizes_mode = 0;
    if (argc == 3 && strcmp(argv[2], "--struct-sizes") == 0) {
        struct_sizes_mode = 1;
    } else if (argc != 2) {
        fprintf(stderr, "usage: %s <libpsp_plugin.so> [--struct-sizes]\n", argv[0]);
        return 2;
    }
    if (run(argv[1], struct_sizes_mode) != 0) {
        fprintf(stderr, "c99_host: %d check(s) failed\n", failures);
        return 1;
    }
    printf("c99_host: all checks passed (%s)\n", struct_sizes_mode ? "struct sizes" : "basic tour");
    return 0;
}
