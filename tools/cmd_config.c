/* peoplerank config: prints the weights config (defaults, or a file merged over them). */
#include "cli.h"

#include "peoplerank/ingest.h"

#include <string.h>

int cmd_config(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--defaults") == 0) {
        pr_ingest_opts_print(stdout, NULL);
        return PR_EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "--check") == 0) {
        pr_ingest_opts o = PR_INGEST_OPTS_INIT;
        pr_error err = PR_ERROR_INIT;
        if (pr_ingest_opts_load(&o, argv[2], &err) != PR_OK) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
        pr_ingest_opts_print(stdout, &o);
        return PR_EXIT_OK;
    }
    FILE *out = (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
                    ? stdout
                    : stderr;
    fprintf(out, "usage: peoplerank config --defaults | --check FILE\n\n"
                 "--defaults    print the default weights config (a valid config file)\n"
                 "--check FILE  read FILE over the defaults and print the result, or the error\n"
                 "exit: 0 ok, 1 bad config file, 2 usage error\n");
    return out == stdout ? PR_EXIT_OK : PR_EXIT_USAGE;
}
