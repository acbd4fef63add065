/* peoplerank: OpenMP's thread numbers, also in a build without OpenMP (one thread), so that no
 * file needs its own #ifdef _OPENMP shims. */
#ifndef PEOPLERANK_THREADS_H
#define PEOPLERANK_THREADS_H

#ifdef _OPENMP
#include <omp.h>
#endif

/* The calling thread's number in its team (0 outside a parallel region). */
static inline int pr_thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* The team size a parallel region would get by default (at least 1). */
static inline int pr_max_threads(void)
{
#ifdef _OPENMP
    int n = omp_get_max_threads();
    return n > 0 ? n : 1;
#else
    return 1;
#endif
}

#endif
