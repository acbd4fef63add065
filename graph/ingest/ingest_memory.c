/* What the ingest's stores hold (the run summary's memory lines) and freeing them once every
 * graph was built, so that the rank and write stages do not carry the events and folded edges. */
#include "ingest_internal.h"

#include <string.h>

static uint64_t names_bytes(const pr_names *t)
{
    uint64_t slots = t->slots ? t->mask + 1 : 0;
    return t->cap + (uint64_t)t->off_cap * (sizeof *t->off + sizeof *t->hash) +
           slots * sizeof *t->slots;
}

void pr_ingest_memory_get(pr_ingest_memory *m, const pr_ingest *ig)
{
    const pr_event_store *e = &ig->events;
    const pr_fold_store *f = &ig->folded;
    m->events = e->cap * (sizeof *e->src + sizeof *e->dst + sizeof *e->ts + sizeof *e->meta);
    m->fold = f->count * (sizeof *f->src + sizeof *f->dst + sizeof *f->w + sizeof *f->follow);
    m->timeless = ig->timeless.cap *
                  (sizeof *ig->timeless.src + sizeof *ig->timeless.dst + sizeof *ig->timeless.w);
    m->peak = ig->peak_held;
    m->names = names_bytes(&ig->names) + names_bytes(&ig->ident) + names_bytes(&ig->persons) +
               (uint64_t)ig->node_of_count * sizeof *ig->node_of;
}

void pr_ingest__note_held(pr_ingest *ig, uint64_t extra)
{
    pr_ingest_memory m;
    pr_ingest_memory_get(&m, ig);
    uint64_t held = m.events + m.fold + m.timeless + extra;
    ig->peak_held = held > ig->peak_held ? held : ig->peak_held;
}

void pr_ingest_release_stores(pr_ingest *ig, int keep_events)
{
    ig->released_edges |= ig->folded.count > 0 || ig->timeless.count > 0;
    pr_ingest__fold_store_free(&ig->folded);
    pr_free(ig->timeless.src), pr_free(ig->timeless.dst), pr_free(ig->timeless.w);
    memset(&ig->timeless, 0, sizeof ig->timeless);
    keep_events &= !ig->released_edges; /* else no visit can use them */
    ig->released = keep_events ? 1 : 2;
    if (!keep_events) {
        pr_event_store *e = &ig->events;
        pr_free(e->src), pr_free(e->dst), pr_free(e->ts), pr_free(e->meta);
        memset(e, 0, sizeof *e);
    }
}
