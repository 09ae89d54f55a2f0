/* plugin_consumer.c: the smallest host built against the INSTALLED package: the headers found
 * through pkg-config or find_package(psp_plugin), the plugin path from the same place
 * (PSP_PLUGIN_LIBRARY, a string macro). It opens the plugin, asks for the ABI major it was
 * compiled against and prints the plugin's version, which the package test compares. */
#include <dlfcn.h>
#include <stdio.h>

#include "psp_plugin.h"

int main(void) {
    void *library = dlopen(PSP_PLUGIN_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "dlopen %s: %s\n", PSP_PLUGIN_LIBRARY, dlerror());
        return 1;
    }
    psp_plugin_entry_fn entry = (psp_plugin_entry_fn)dlsym(library, PSP_PLUGIN_ENTRY_SYMBOL);
    const psp_plugin_api *api = entry != NULL ? entry(PSP_ABI_VERSION_MAJOR) : NULL;
    if (api == NULL || api->struct_size < sizeof(psp_plugin_api)) {
        fprintf(stderr, "the plugin does not speak ABI major %u\n", PSP_ABI_VERSION_MAJOR);
        dlclose(library);
        return 1;
    }
    printf("plugin %s abi %u\n", api->plugin_version, api->abi_major);
    dlclose(library);
    return 0;
}
