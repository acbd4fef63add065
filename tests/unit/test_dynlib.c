/* pr_dynlib_open: a library's symbols land in their fields of the caller's table and work; a
 * missing library or symbol is one line naming the library (and the symbol), with nothing
 * left loaded. libm stands for igraph, libmicrohttpd and the MPI module: every system has it. */
#include "peoplerank/dynlib.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#define LIBM "libm.so.6"

typedef struct math_api {
    double (*cos)(double);
    int other; /* a field between: offsets, not order, place the symbols */
    double (*sqrt)(double);
} math_api;

static const pr_dynlib_symbol math_symbols[] = {
    PR_DYNLIB_SYMBOL(math_api, sqrt, "sqrt"),
    PR_DYNLIB_SYMBOL(math_api, cos, "cos"),
};

static void test_fills_the_table(void **state)
{
    (void)state;
    math_api m = {NULL, 42, NULL};
    pr_error err = PR_ERROR_INIT;
    void *h = pr_dynlib_open(LIBM, 0, &m, math_symbols, 2, &err);
    assert_non_null(h);
    assert_int_equal(m.other, 42);
    assert_true(m.sqrt(6.25) == 2.5); /* exact in binary: the real sqrt, not a stray symbol */
    assert_true(m.cos(0.0) == 1.0);
    pr_dynlib_close(h);
    pr_dynlib_close(NULL); /* harmless */
}

static void test_missing_library(void **state)
{
    (void)state;
    math_api m = {NULL, 0, NULL};
    pr_error err = PR_ERROR_INIT;
    void *h = pr_dynlib_open("libpr-no-such-library.so.9", 0, &m, math_symbols, 2, &err);
    assert_null(h);
    assert_int_equal(err.code, PR_ENOTFOUND);
    assert_non_null(strstr(err.message, "cannot load libpr-no-such-library.so.9: "));
    assert_null(strchr(err.message, '\n'));
    assert_null(m.cos);
}

static void test_missing_symbol(void **state)
{
    (void)state;
    static const pr_dynlib_symbol wrong[] = {
        PR_DYNLIB_SYMBOL(math_api, cos, "cos"),
        PR_DYNLIB_SYMBOL(math_api, sqrt, "pr_no_such_function"),
    };
    math_api m = {NULL, 0, NULL};
    pr_error err = PR_ERROR_INIT;
    assert_null(pr_dynlib_open(LIBM, 1, &m, wrong, 2, &err));
    assert_int_equal(err.code, PR_ENOTFOUND);
    assert_string_equal(err.message, LIBM " has no pr_no_such_function");
    assert_null(m.sqrt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fills_the_table),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_symbol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
