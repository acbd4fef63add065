/* One person's explanation as JSON: the object `peoplerank explain --json` prints and the
 * service's GET /v1/persons/{name}/explain answers (one shape for both). */
#ifndef PR_EXPLAIN_JSON_H
#define PR_EXPLAIN_JSON_H

#include "peoplerank/explain.h"

#include <json-c/json.h>

/* {"name","rank","score","parts":[{kind,name,network,action,value}...],
 *  "contributors":{"by_network":{...},"by_action":{...}}}; raw values in round-trip form, so
 * that the parts sum to the rank as stored. */
json_object *explain_json(const pr_explanation *e, pr_snapshot *s);
/* The parts alone (the "parts" array above). */
json_object *explain_parts_json(const pr_explanation *e, pr_snapshot *s);
/* A raw value in round-trip form. */
json_object *explain_jnum(double v);
/* The network's name, or NULL (JSON null) for k < 0. */
const char *explain_network_name(pr_snapshot *s, int k);

#endif
