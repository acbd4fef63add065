/* Fuzz target: the identity map (pr_ingest_load_identities), followed by a fixed events input so
 * that the merge of accounts into persons runs on whatever the map made of them. */
#include "fuzz_util.h"

#include <string.h>

static const char events[] = "1700000000\ttwitter\talice\tlike\tbob\n"
                             "1700000000\ttwitter\tbob\treply\tcarol\t2\n"
                             "1700086400\tbluesky\tcarol.bsky.social\treshare\talice.bsky.social\n"
                             "1700086400\tbluesky\talice.bsky.social\tfollow\tbob\n"
                             "1700090000\tmastodon\tbob\tmention\talice\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pr_fuzz_ingest("events", NULL, data, size, (const uint8_t *)events, strlen(events));
    return 0;
}
