/* Shared by the fuzz targets: hands the fuzzer's bytes to a reader that only takes a path.
 * A memfd keeps the input off the disk; /proc/self/fd/N reopens it like a regular file. */
#ifndef PR_FUZZ_UTIL_H
#define PR_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Writes data into a fresh in-memory file; *path receives a name that open() accepts.
 * Returns the descriptor to pass to pr_fuzz_file_close, or -1. */
int pr_fuzz_file_open(char *path, size_t cap, const uint8_t *data, size_t size);
void pr_fuzz_file_close(int fd);

/* Ingests data as one input of `format` (network NULL: the format's default; csv_columns for
 * "csv"; identities: an identity-map text loaded first, or NULL), lenient so that every line is
 * parsed, then builds the merged, follow-only and per-network graphs. Aborts on a result that
 * breaks the API's promises (an error code out of range, a graph without names). */
void pr_fuzz_ingest(const char *format, const char *csv_columns, const uint8_t *identities,
                    size_t identities_size, const uint8_t *data, size_t size);

/* libFuzzer's entry point, also called by the replay main. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
