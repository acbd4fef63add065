/* Parsing of input specifications "FORMAT[:NETWORK]=PATH". */
#include "peoplerank/job.h"

#include <string.h>

int pr_input_spec_parse(pr_input_spec *spec, char **storage, const char *text, pr_error *err)
{
    *storage = NULL;
    const char *eq = strchr(text, '=');
    if (eq == NULL || eq == text || eq[1] == '\0') {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "--input '%s': expected FORMAT[:NETWORK]=PATH", text);
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
