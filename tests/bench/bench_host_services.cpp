// bench_host_services.cpp: the benchmarks' minimal host services.
#include "bench_host_services.hpp"

#include <cstdlib>

namespace psp_bench {
namespace {

int64_t fixed_clock(void *) {
    return 1'780'000'000'000;
}
void quiet_log(void *, int32_t, const char *) {}
psp_status no_fetch(void *, const char *, const char *, char **, size_t *) {
    return PSP_ERR_FORBIDDEN;
}
psp_status accept_notify(void *, const char *) {
    return PSP_OK;
}
void host_free(void *, void *ptr) {
    std::free(ptr);
}

}  // namespace

const psp_host_services &bench_host_services() {
    static const psp_host_services host = {sizeof(psp_host_services),
                                           PSP_ABI_VERSION_MAJOR,
                                           nullptr,
                                           &fixed_clock,
                                           &quiet_log,
                                           &no_fetch,
                                           &accept_notify,
                                           &host_free};
    return host;
}

}  // namespace psp_bench
