/* Summaries by label (pr_eval_by_label): hand-worked medians, and lines of any length (an
 * account name longer than 1024 bytes once split a line in two). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "peoplerank/evaluate.h"
#include "peoplerank/line_reader.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static pr_graph *named_graph(const char **names, pr_node n)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, 0, NULL), PR_OK);
    assert_int_equal(pr_graph_set_names(g, names), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

static void labels_of_any_length(void **state)
{
    (void)state;
    static char long_name[3000];
    memset(long_name, 'x', sizeof long_name - 1);
    memcpy(long_name, "twitter:", 8);
    const char *names[] = {"twitter:a", "twitter:b", "twitter:c", long_name};
    pr_graph *g = named_graph(names, 4);
    const double value[] = {10.0, 20.0, 30.0, 99.0};

    char path[600];
    snprintf(path, sizeof path, "%s/labels.tsv", pr_test_tmpdir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "# account\tlabel\ntwitter:a\tcasual\ntwitter:b\tcasual\r\n%s\tceleb\n"
            "twitter:c\tcasual\ntwitter:unknown\tceleb\n",
            long_name);
    fclose(f);

    pr_label_summary *s = NULL;
    size_t count = 0;
    pr_error err = PR_ERROR_INIT;
    if (pr_eval_by_label(&s, &count, g, value, path, &err) != PR_OK) {
        fail_msg("%s:%llu: %s", err.file, (unsigned long long)err.line, err.message);
    }
    assert_int_equal(count, 2);
    const pr_label_summary *casual = pr_eval_find_label(s, count, "casual");
    const pr_label_summary *celeb = pr_eval_find_label(s, count, "celeb");
    assert_non_null(casual);
    assert_non_null(celeb);
    assert_int_equal(casual->count, 3);
    assert_true(casual->median == 20.0);
    assert_int_equal(celeb->count, 1); /* the long name, found whole */
    assert_true(celeb->median == 99.0);
    pr_free(s);

    /* a malformed line is named by its number */
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "twitter:a\tcasual\ntwitter:b casual\n");
    fclose(f);
    assert_int_equal(pr_eval_by_label(&s, &count, g, value, path, &err), PR_EPARSE);
    assert_int_equal(err.line, 2);

    /* one label too many is named as such, on its line (it read "line too long" before) */
    f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i <= 64; i++) {
        fprintf(f, "twitter:a\tlabel%d\n", i);
    }
    fclose(f);
    assert_int_equal(pr_eval_by_label(&s, &count, g, value, path, &err), PR_ELIMIT);
    assert_int_equal(err.line, 65);
    assert_non_null(strstr(err.message, "more than 64 labels"));

    /* an over-long line is named by its own number (it read the next line's before) */
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "twitter:a\tcasual\n");
    for (unsigned i = 0; i <= PR_MAX_LINE; i++) {
        fputc('x', f);
    }
    fprintf(f, "\ttoo-long\ntwitter:b\tcasual\n");
    fclose(f);
    assert_int_equal(pr_eval_by_label(&s, &count, g, value, path, &err), PR_ELIMIT);
    assert_int_equal(err.line, 2);
    pr_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(labels_of_any_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
