/* The person record as the service sends it: THE record shape (pr_snapshot_record_json, the one
 * of `lookup --json` and `export --format jsonl`) with the service's fields appended: the
 * score's bucket, the as-of date of the snapshot it came from, and any the caller adds. */
#include "serve.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void serve_bucket(char out[8], double score)
{
    int lo = isfinite(score) ? (int)floor(score / 10.0) * 10 : 0;
    lo = lo < 0 ? 0 : (lo > 90 ? 90 : lo);
    snprintf(out, 8, "%d-%d", lo, lo + 10);
}

void serve_buf_json_string(serve_buf *b, const char *s)
{
    json_object *o = json_object_new_string(s);
    const char *text = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                                 JSON_C_TO_STRING_NOSLASHESCAPE)
                         : NULL;
    if (text == NULL) {
        b->failed = 1;
    } else {
        serve_buf_add(b, text, strlen(text));
    }
    json_object_put(o);
}

int serve_record_append(serve_buf *b, serve_gen *g, pr_snapshot *r, uint64_t position,
                        const char *extra, pr_error *err)
{
    pr_snapshot_record rec;
    pr_strbuf text = PR_STRBUF_INIT;
    char bucket[8];
    int rc = pr_snapshot_at(&rec, r, position, err);
    if (rc == PR_OK) {
        serve_bucket(bucket, rec.score);
        rc = pr_snapshot_record_json(&text, r, position, err);
    }
    if (rc == PR_OK && (text.failed || text.len == 0 || text.data[text.len - 1] != '}')) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory rendering a record");
    }
    if (rc == PR_OK) {
        serve_buf_add(b, text.data, text.len - 1);
        serve_buf_printf(b, ",\"bucket\":\"%s\",\"as_of\":\"%s\"%s}", bucket, g->date,
                         extra ? extra : "");
    }
    pr_strbuf_free(&text);
    return rc;
}
