/* The one date syntax (peoplerank/date.h): event timestamps, date options, snapshot names. */
#include "peoplerank/date.h"

#include "peoplerank/common.h"

#include <stdio.h>
#include <string.h>

/* Reads exactly n digits. */
static int digits(int *out, const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

int64_t pr_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return dm[m - 1] + (m == 2 && leap);
}

int pr_parse_day(int64_t *day, const char *s, size_t len)
{
    int y, mo, d;
    if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(&y, s, 4) || !digits(&mo, s + 5, 2) ||
        !digits(&d, s + 8, 2)) {
        return PR_EPARSE;
    }
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
        return PR_EPARSE;
    }
    *day = pr_days_from_civil(y, mo, d);
    return PR_OK;
}

/* YYYY-MM-DDTHH:MM:SS[.fraction]Z, UTC only; the fraction is dropped. */
static int parse_iso(int64_t *out, const char *s, size_t len)
{
    int64_t day;
    int h, mi, se;
    if (len < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len - 1] != 'Z' ||
        pr_parse_day(&day, s, 10) != PR_OK) {
        return PR_EPARSE;
    }
    if (!digits(&h, s + 11, 2) || !digits(&mi, s + 14, 2) || !digits(&se, s + 17, 2)) {
        return PR_EPARSE;
    }
    if (len > 20) { /* a fraction: '.', then at least one digit up to the 'Z' */
        if (s[19] != '.' || len == 21) {
            return PR_EPARSE;
        }
        for (size_t i = 20; i < len - 1; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return PR_EPARSE;
            }
        }
    }
    if (h > 23 || mi > 59 || se > 59) {
        return PR_EPARSE;
    }
    *out = day * 86400 + h * 3600 + mi * 60 + se;
    return PR_OK;
}

int pr_parse_timestamp(int64_t *out, const char *s, size_t len)
{
    if (len == 0) {
        return PR_EPARSE;
    }
    if (len > 12 || memchr(s, '-', len) != NULL) {
        return parse_iso(out, s, len);
    }
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return PR_EPARSE;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v > PR_MAX_TIMESTAMP) {
        return PR_EPARSE;
    }
    *out = v;
    return PR_OK;
}

int pr_parse_date(int64_t *out, const char *s)
{
    size_t len = strlen(s);
    int64_t day;
    if (len == 10 && pr_parse_day(&day, s, len) == PR_OK) {
        *out = day * 86400 + 86399;
        return PR_OK;
    }
    return pr_parse_timestamp(out, s, len);
}

int64_t pr_day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

void pr_format_day(char *buf, size_t cap, int64_t t)
{
    /* civil_from_days (H. Hinnant): no gmtime, so any int64 in range formats the same way */
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t y = yoe + era * 400 + (m <= 2);
    snprintf(buf, cap, "%04lld-%02d-%02d", (long long)y, m, d);
}
