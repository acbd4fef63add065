/* peoplerank: the one date and timestamp syntax, shared by event readers, every date option
 * (--as-of, --end, --cut, --name) and snapshot file names. All times are UTC Unix seconds. */
#ifndef PEOPLERANK_DATE_H
#define PEOPLERANK_DATE_H

#include <stddef.h>
#include <stdint.h>

/* 9999-12-31T23:59:59Z: the last second the ISO form can spell; Unix seconds are held to it. */
#define PR_MAX_TIMESTAMP INT64_C(253402300799)

/* An event timestamp: Unix seconds ("1700000000") or an ISO 8601 UTC date-time
 * ("2026-11-24T21:05:00Z", an optional fraction is dropped). 0 or PR_EPARSE. */
int pr_parse_timestamp(int64_t *out, const char *s, size_t len);

/* A date option: anything pr_parse_timestamp takes, or an ISO 8601 date ("2026-11-24"), which
 * means the last second of that UTC day (23:59:59), so that the day's own events are on or
 * before it. 0 or PR_EPARSE. */
int pr_parse_date(int64_t *out, const char *s);

/* Strict YYYY-MM-DD (a real calendar day, 1970..9999) -> days since 1970-01-01; 0 or PR_EPARSE. */
int pr_parse_day(int64_t *day, const char *s, size_t len);

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
int64_t pr_days_from_civil(int64_t y, int m, int d);

/* The UTC day holding t, as days since 1970-01-01 (rounding down before 1970 too). */
int64_t pr_day_of(int64_t t);

/* "YYYY-MM-DD" of the UTC day holding t; cap >= 11. */
void pr_format_day(char *buf, size_t cap, int64_t t);

/* The text every date option's error message and --help quote. */
#define PR_DATE_FORMS "Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"

#endif
