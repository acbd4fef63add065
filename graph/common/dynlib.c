/* Libraries loaded when needed: dlopen and a table of symbols (peoplerank/dynlib.h). */
#include "peoplerank/dynlib.h"

#include <dlfcn.h>
#include <string.h>

void *pr_dynlib_open(const char *library, int global, void *table, const pr_dynlib_symbol *symbols,
                     size_t count, pr_error *err)
{
    void *h = dlopen(library, RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL));
    if (h == NULL) {
        const char *why = dlerror();
        pr_error_set(err, PR_ENOTFOUND, NULL, 0, "cannot load %s: %s", library,
                     why ? why : "unknown reason");
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        void *p = dlsym(h, symbols[i].name);
        if (p == NULL) {
            pr_error_set(err, PR_ENOTFOUND, NULL, 0, "%s has no %s", library, symbols[i].name);
            dlclose(h);
            return NULL;
        }
        memcpy((char *)table + symbols[i].offset, &p, sizeof p); /* object -> any pointer */
    }
    return h;
}

void pr_dynlib_close(void *handle)
{
    if (handle != NULL) {
        dlclose(handle);
    }
}
