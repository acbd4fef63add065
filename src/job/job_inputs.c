/* The inputs of a run: parsing "FORMAT[:NETWORK]=PATH" and the ingest set-up every reader of
 * inputs shares (job, `build`, the hold-out). */
#include "peoplerank/dist.h"
#include "peoplerank/job.h"

#include <string.h>

int pr_input_spec_parse(pr_input_spec *spec, char **storage, const char *text, pr_error *err)
{
    *storage = NULL;
    const char *eq = strchr(text, '=');
    if (eq == NULL || eq == text || eq[1] == '\0') {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "--input '%s': expected FORMAT[:NETWORK]=PATH",
                            text);
    }
    char *copy = pr_strdup(text);
    if (copy == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    char *sep = copy + (eq - text);
    *sep = '\0';
    spec->path = sep + 1;
    spec->format = copy;
    char *colon = strchr(copy, ':');
    spec->network = NULL;
    if (colon != NULL) {
        *colon = '\0';
        spec->network = colon + 1;
        if (spec->network[0] == '\0') {
            pr_free(copy);
            return pr_error_set(err, PR_EINVAL, NULL, 0, "--input '%s': empty network name", text);
        }
    }
    *storage = copy;
    return PR_OK;
}

int pr_job_read_inputs(pr_ingest **ig, const pr_job_opts *o, const pr_ingest_opts *io,
                       pr_error *err)
{
    int rc = pr_ingest_new(ig, io != NULL ? io : &o->ingest);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "cannot start ingest: %s", pr_strerror(rc));
    }
    pr_ingest_set_progress(*ig, o->ingest_progress, o->progress_ctx);
    if (o->csv_columns != NULL && (rc = pr_ingest_set_csv_columns(*ig, o->csv_columns)) != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "--columns: %s", pr_strerror(rc));
    }
    if (o->identities != NULL &&
        (rc = pr_ingest_load_identities(*ig, o->identities, err)) != PR_OK) {
        return rc;
    }
    /* One process reads every input in order; several (mpirun) each read a share. */
    pr_dist_input *in = pr_calloc(o->input_count + 1, sizeof *in);
    if (in == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < o->input_count; i++) {
        in[i] = (pr_dist_input){o->inputs[i].format, o->inputs[i].network, o->inputs[i].path};
    }
    rc = pr_dist_read_inputs(*ig, io != NULL ? io : &o->ingest, o->csv_columns, in, o->input_count,
                             err);
    pr_free(in);
    return rc;
}
