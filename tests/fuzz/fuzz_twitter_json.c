/* Fuzz target: the "twitter-json" input format through pr_ingest_add_file, then every graph build.
 */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pr_fuzz_ingest("twitter-json", NULL, NULL, 0, data, size);
    return 0;
}
