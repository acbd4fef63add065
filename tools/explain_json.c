/* One person's explanation as JSON (explain_json.h): shared by `peoplerank explain --json` and
 * the service, so the two cannot drift apart. */
#include "explain_json.h"

#include "peoplerank/snapshot_export.h"

const char *explain_network_name(pr_snapshot *s, int k)
{
    return k >= 0 ? pr_snapshot_network_name(s, (uint32_t)k) : NULL;
}

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

json_object *explain_jnum(double v)
{
    char text[32];
    pr_snapshot_format_double(text, v);
    return json_object_new_double_s(v, text);
}

static const char *kind_name(pr_part_kind k)
{
    return k == PR_PART_CONTRIBUTOR ? "contributor" : k == PR_PART_TELEPORT ? "teleport" : "rest";
}

json_object *explain_parts_json(const pr_explanation *e, pr_snapshot *s)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < e->part_count; i++) {
        const pr_explain_part *p = &e->parts[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "kind", json_object_new_string(kind_name(p->kind)));
        json_object_object_add(o, "name", jstr(p->name));
        json_object_object_add(o, "network", jstr(explain_network_name(s, p->network)));
        json_object_object_add(o, "action",
                               p->action >= 0 ? jstr(pr_explain_action_name(p->action)) : NULL);
        json_object_object_add(o, "value", explain_jnum(p->value));
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *groups_json(const pr_explanation *e, pr_snapshot *s)
{
    json_object *by_net = json_object_new_object(), *by_act = json_object_new_object();
    for (uint32_t k = 0; k < e->network_count; k++) {
        json_object_object_add(by_net, explain_network_name(s, (int)k),
                               explain_jnum(e->by_network[k]));
    }
    for (int a = 0; a < PR_EXPLAIN_ACTIONS; a++) {
        json_object_object_add(by_act, pr_explain_action_name(a), explain_jnum(e->by_action[a]));
    }
    json_object *o = json_object_new_object();
    json_object_object_add(o, "by_network", by_net);
    json_object_object_add(o, "by_action", by_act);
    return o;
}

json_object *explain_json(const pr_explanation *e, pr_snapshot *s)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(e->name));
    json_object_object_add(o, "rank", explain_jnum(e->rank));
    json_object_object_add(o, "score", json_object_new_double(e->score));
    json_object_object_add(o, "parts", explain_parts_json(e, s));
    json_object_object_add(o, "contributors", groups_json(e, s));
    return o;
}
