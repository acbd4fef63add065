/* Fuzz target: the "jetstream" input format through pr_ingest_add_file, then every graph build. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pr_fuzz_ingest("jetstream", NULL, NULL, 0, data, size);
    return 0;
}
