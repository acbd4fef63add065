/* Fuzz target: CSV input. The first line of the fuzz input is the column spec (--columns), the
 * rest the CSV table, so that the spec parser and the table reader are both explored. */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t spec_len = nl ? (size_t)(nl - data) : size;
    char *spec = malloc(spec_len + 1);
    if (spec == NULL) {
        return 0;
    }
    memcpy(spec, data, spec_len);
    spec[spec_len] = '\0';
    size_t skip = nl ? spec_len + 1 : size;
    pr_fuzz_ingest("csv", spec, NULL, 0, data + skip, size - skip);
    free(spec);
    return 0;
}
