/* Request counters by status, a latency histogram and the snapshot's date, as Prometheus text.
 * Lock-free: every field is an atomic counter, so memory stays fixed however many requests. */
#include "serve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double bucket_le[SERVE_LATENCY_BUCKETS] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

void serve_metrics_add(serve_metrics *m, unsigned status, double seconds)
{
    int b = 0;
    while (b < SERVE_LATENCY_BUCKETS && seconds > bucket_le[b]) {
        b++;
    }
    atomic_fetch_add(&m->by_status[status < 600 ? status : 599], 1);
    atomic_fetch_add(&m->latency[b], 1);
    atomic_fetch_add(&m->latency_sum_us, (unsigned long)(seconds * 1e6));
    atomic_fetch_add(&m->total, 1);
}

void serve_metrics_write(serve_buf *b, const serve_metrics *m, serve_holder *h)
{
    serve_buf_printf(b, "# HELP peoplerank_requests_total Requests answered, by HTTP status.\n"
                        "# TYPE peoplerank_requests_total counter\n");
    for (unsigned s = 100; s < 600; s++) {
        unsigned long n = atomic_load(&m->by_status[s]);
        if (n != 0) {
            serve_buf_printf(b, "peoplerank_requests_total{status=\"%u\"} %lu\n", s, n);
        }
    }
    serve_buf_printf(b, "# HELP peoplerank_request_seconds Time from request to response.\n"
                        "# TYPE peoplerank_request_seconds histogram\n");
    unsigned long cum = 0;
    for (int i = 0; i <= SERVE_LATENCY_BUCKETS; i++) {
        cum += atomic_load(&m->latency[i]);
        if (i < SERVE_LATENCY_BUCKETS) {
            serve_buf_printf(b, "peoplerank_request_seconds_bucket{le=\"%g\"} %lu\n", bucket_le[i],
                             cum);
        } else {
            serve_buf_printf(b, "peoplerank_request_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
        }
    }
    serve_buf_printf(b, "peoplerank_request_seconds_sum %.6f\n",
                     (double)atomic_load(&m->latency_sum_us) / 1e6);
    serve_buf_printf(b, "peoplerank_request_seconds_count %lu\n", cum);
    serve_gen *g = serve_gen_acquire(h);
    serve_buf_printf(
        b,
        "# HELP peoplerank_snapshot_as_of_seconds As-of time of the snapshot served.\n"
        "# TYPE peoplerank_snapshot_as_of_seconds gauge\n"
        "peoplerank_snapshot_as_of_seconds %lld\n"
        "# HELP peoplerank_snapshot_age_seconds Seconds since that as-of time.\n"
        "# TYPE peoplerank_snapshot_age_seconds gauge\n"
        "peoplerank_snapshot_age_seconds %lld\n"
        "# HELP peoplerank_snapshot_persons Persons in the snapshot served.\n"
        "# TYPE peoplerank_snapshot_persons gauge\n"
        "peoplerank_snapshot_persons %llu\n"
        "# HELP peoplerank_snapshot_switches_total New latest snapshots swapped in.\n"
        "# TYPE peoplerank_snapshot_switches_total counter\n"
        "peoplerank_snapshot_switches_total %lu\n"
        "# HELP peoplerank_snapshot_switch_errors_total New latest that failed to open.\n"
        "# TYPE peoplerank_snapshot_switch_errors_total counter\n"
        "peoplerank_snapshot_switch_errors_total %lu\n",
        (long long)g->as_of, (long long)(time(NULL) - g->as_of), (unsigned long long)g->count,
        atomic_load(&h->switches), atomic_load(&h->switch_errors));
    serve_gen_release(g);
}
