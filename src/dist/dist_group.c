/* The process group: joining it (the MPI module loaded when a launcher started this process),
 * agreeing on failures, ending it on a fatal one. The group is process-wide by nature
 * (MPI_COMM_WORLD), so its size, this process's id and the module are the room's only state,
 * set once by pr_dist_start. Started directly, the job is one process: no module, no MPI. */
#include "dist_internal.h"
#include "peoplerank/dynlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    int joined; /* init was called */
    int rank, size;
    const dist_comm *comm;
} group = {0, 0, 1, NULL};

/* Launchers set one of these for the processes they start (Open MPI, PMIx, PMI: MPICH, Slurm);
 * without one, the job is one process and MPI is never loaded. */
static const char *launcher_variable(void)
{
    static const char *const names[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                        "PMI_SIZE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (getenv(names[i]) != NULL) {
            return names[i];
        }
    }
    return NULL;
}

#ifdef PR_MPI_MODULE
/* The module's path: $PEOPLERANK_MPI_MODULE, else PR_MPI_MODULE in the running binary's
 * directory (the build directory, or wherever the binary was copied with it). */
static int module_path(char *path, size_t cap, pr_error *err)
{
    const char *env = getenv("PEOPLERANK_MPI_MODULE");
    if (env != NULL && env[0] != '\0') {
        if (strlen(env) >= cap) {
            return pr_error_set(err, PR_ELIMIT, NULL, 0, "PEOPLERANK_MPI_MODULE is too long");
        }
        memcpy(path, env, strlen(env) + 1);
        return PR_OK;
    }
    ssize_t len = readlink("/proc/self/exe", path, cap - 1);
    if (len <= 0) {
        return pr_error_set(err, PR_EIO, NULL, 0,
                            "cannot find the running binary (/proc/self/exe) to load %s beside it",
                            PR_MPI_MODULE);
    }
    path[len] = '\0';
    char *slash = strrchr(path, '/');
    size_t dir = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    if (dir + sizeof PR_MPI_MODULE > cap) {
        return pr_error_set(err, PR_ELIMIT, NULL, 0, "the binary's path is too long");
    }
    memcpy(path + dir, PR_MPI_MODULE, sizeof PR_MPI_MODULE);
    return PR_OK;
}

typedef struct module_table {
    const dist_comm *comm;
} module_table;

static int load_module(const char *launcher, pr_error *err)
{
    static const pr_dynlib_symbol symbols[] = {
        PR_DYNLIB_SYMBOL(module_table, comm, "pr_dist_mpi_comm"),
    };
    module_table table = {NULL};
    char path[4096];
    pr_error why = PR_ERROR_INIT;
    void *module = NULL;
    int rc;
    if ((rc = module_path(path, sizeof path, &why)) != PR_OK) {
        goto done;
    }
    /* Global: the plugins MPI_Init loads look for libmpi's symbols. Never unloaded. */
    if ((module = pr_dynlib_open(path, 1, &table, symbols, 1, &why)) == NULL) {
        rc = why.code;
        goto done;
    }
    if (table.comm->abi != DIST_COMM_ABI || table.comm->size_of != sizeof *table.comm) {
        rc =
            pr_error_set(&why, PR_EFORMAT, NULL, 0, "%s is from another build of peoplerank", path);
        pr_dynlib_close(module);
        goto done;
    }
    group.comm = table.comm;
done:
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0,
                            "started by a launcher (%s is set) but %s (the MPI module must sit "
                            "beside the peoplerank binary, or PEOPLERANK_MPI_MODULE name it)",
                            launcher, why.message);
    }
    return PR_OK;
}
#else
static int load_module(const char *launcher, pr_error *err)
{
    return pr_error_set(err, PR_EINVAL, NULL, 0,
                        "started by a launcher (%s is set) but built without MPI (-DPR_MPI=OFF): "
                        "this peoplerank runs as one process only",
                        launcher);
}
#endif

int pr_dist_start(int *argc, char ***argv, pr_error *err)
{
    const char *launcher = launcher_variable();
    int rc;
    if (group.joined || launcher == NULL) {
        return PR_OK;
    }
    if ((rc = load_module(launcher, err)) != PR_OK) {
        return rc;
    }
    /* Only the main thread calls MPI; OpenMP teams run between the calls. */
    if (group.comm->init(argc, argv, &group.rank, &group.size) != 0) {
        return pr_error_set(err, PR_EIO, NULL, 0,
                            "cannot join the other processes (MPI_Init failed)");
    }
    group.joined = 1;
    return PR_OK;
}

void pr_dist_stop(void)
{
    if (group.joined) {
        group.comm->finalize();
        group.joined = 0;
    }
}

unsigned pr_dist_rank(void)
{
    return (unsigned)group.rank;
}

unsigned pr_dist_size(void)
{
    return (unsigned)group.size;
}

int pr_dist_built(void)
{
#ifdef PR_MPI_MODULE
    return 1;
#else
    return 0;
#endif
}

const dist_comm *dist__comm(void)
{
    return group.comm;
}

void dist__must(int comm_rc)
{
    if (comm_rc != 0) {
        group.comm->abort();
    }
}

void pr_dist_broadcast(void *data, uint64_t bytes)
{
    const uint64_t piece = UINT64_C(1) << 30; /* MPI counts are int */
    for (uint64_t at = 0; group.size > 1 && at < bytes; at += piece) {
        int n = (int)(bytes - at < piece ? bytes - at : piece);
        dist__must(group.comm->bcast((char *)data + at, n, DIST_BYTE, 0));
    }
}

void pr_dist_fail(const pr_error *err)
{
    if (group.size <= 1) {
        return;
    }
    char text[1200];
    pr_error_format(text, sizeof text, err);
    fprintf(stderr, "peoplerank: process %d of %d: %s: stopping every process\n", group.rank,
            group.size, text);
    fflush(stderr);
    group.comm->abort();
    exit(1); /* not reached: MPI_Abort does not return */
}

/* The failure every process reports: the first failing process's code and details. */
typedef struct shared_failure {
    int rc;
    pr_error err;
} shared_failure;

int pr_dist_agree(int rc, pr_error *err)
{
    if (group.size <= 1) {
        return rc;
    }
    int mine = rc != PR_OK ? group.rank : group.size, first = group.size;
    dist__must(group.comm->allreduce_min_int(&mine, &first));
    if (first == group.size) {
        return PR_OK;
    }
    return dist__failure_of(first, rc, err);
}

int dist__failure_of(int from, int rc, pr_error *err)
{
    shared_failure f = {rc, PR_ERROR_INIT};
    if (err != NULL) {
        f.err = *err;
    }
    dist__must(group.comm->bcast(&f, (int)sizeof f, DIST_BYTE, from));
    if (err != NULL) {
        *err = f.err;
    }
    return f.rc;
}
