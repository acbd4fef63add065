/* The snapshot format's building blocks: byte order, superblock, directory entries, byte planes,
 * name hashing and score encoding (docs/snapshot-format.md). */
#include "snapshot_internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

void snap_put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

void snap_put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

void snap_put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

uint16_t snap_get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t snap_get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

uint64_t snap_get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

void snap_superblock_pack(unsigned char out[SNAP_SUPERBLOCK_SIZE], const snap_superblock *sb)
{
    memset(out, 0, SNAP_SUPERBLOCK_SIZE);
    memcpy(out, SNAP_MAGIC, SNAP_MAGIC_LEN);
    snap_put_u32(out + 8, sb->version);
    snap_put_u32(out + 12, SNAP_SUPERBLOCK_SIZE);
    snap_put_u64(out + 16, sb->file_size);
    snap_put_u64(out + 24, sb->dir_offset);
    snap_put_u32(out + 32, sb->dir_entries);
    snap_put_u32(out + 36, sb->records_per_block);
    snap_put_u64(out + 40, sb->persons);
    snap_put_u64(out + 48, sb->dir_checksum);
    snap_put_u64(out + 56, XXH64(out, 56, 0));
}

int snap_superblock_unpack(snap_superblock *sb, const unsigned char in[SNAP_SUPERBLOCK_SIZE],
                           const char **why)
{
    if (memcmp(in, SNAP_MAGIC, SNAP_MAGIC_LEN) != 0) {
        *why = "not a peoplerank snapshot (bad magic)";
        return PR_EFORMAT;
    }
    sb->version = snap_get_u32(in + 8);
    if (sb->version != SNAP_VERSION) {
        *why = "unsupported snapshot format version";
        return PR_EFORMAT;
    }
    if (snap_get_u64(in + 56) != XXH64(in, 56, 0)) {
        *why = "superblock checksum mismatch";
        return PR_ECHECKSUM;
    }
    if (snap_get_u32(in + 12) != SNAP_SUPERBLOCK_SIZE) {
        *why = "bad superblock size";
        return PR_EFORMAT;
    }
    sb->file_size = snap_get_u64(in + 16);
    sb->dir_offset = snap_get_u64(in + 24);
    sb->dir_entries = snap_get_u32(in + 32);
    sb->records_per_block = snap_get_u32(in + 36);
    sb->persons = snap_get_u64(in + 40);
    sb->dir_checksum = snap_get_u64(in + 48);
    return PR_OK;
}

void snap_dir_entry_pack(unsigned char out[SNAP_DIR_ENTRY_SIZE], const snap_dir_entry *e)
{
    snap_put_u64(out, e->offset);
    snap_put_u32(out + 8, e->csize);
    snap_put_u32(out + 12, e->rsize);
    snap_put_u32(out + 16, e->kind);
    snap_put_u32(out + 20, e->items);
    snap_put_u64(out + 24, e->checksum);
}

void snap_dir_entry_unpack(snap_dir_entry *e, const unsigned char in[SNAP_DIR_ENTRY_SIZE])
{
    e->offset = snap_get_u64(in);
    e->csize = snap_get_u32(in + 8);
    e->rsize = snap_get_u32(in + 12);
    e->kind = snap_get_u32(in + 16);
    e->items = snap_get_u32(in + 20);
    e->checksum = snap_get_u64(in + 24);
}

/* Values are given as little-endian bytes (width bytes each); planes group byte b of every
 * value together so that zstd sees long runs of equal high bytes. */
void snap_planes_put(unsigned char *out, const unsigned char *values_le, size_t count,
                     unsigned width)
{
    for (size_t i = 0; i < count; i++) {
        for (unsigned b = 0; b < width; b++) {
            out[b * count + i] = values_le[i * width + b];
        }
    }
}

void snap_planes_get(unsigned char *values_le, const unsigned char *in, size_t count,
                     unsigned width)
{
    for (size_t i = 0; i < count; i++) {
        for (unsigned b = 0; b < width; b++) {
            values_le[i * width + b] = in[b * count + i];
        }
    }
}

uint64_t snap_name_hash(const char *name, size_t len)
{
    return XXH3_64bits(name, len);
}

uint32_t snap_hash_bucket(uint64_t h, uint32_t buckets)
{
    return (uint32_t)(((h >> 32) * (uint64_t)buckets) >> 32);
}

/* 20 bits: an index block holds about 4096 names, so another name shares a fingerprint with
 * probability ~0.4% (one extra record block read), and the gaps between sorted fingerprints
 * stay near 2^8, which compresses to under 1.5 bytes. */
uint32_t snap_hash_fingerprint(uint64_t h)
{
    return (uint32_t)(h & 0xFFFFFu);
}

uint16_t snap_score_encode(double score)
{
    return (uint16_t)lround(score * 100.0);
}

double snap_score_decode(uint16_t v)
{
    return (double)v / 100.0;
}

void snap_file_name(char *buf, size_t cap, int64_t as_of)
{
    char day[16];
    pr_format_day(day, sizeof day, as_of);
    snprintf(buf, cap, "peoplerank-%s.snap", day);
}

int snap_network_name_ok(const char *name)
{
    size_t n = strlen(name);
    return n >= 1 && n <= 32 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* ---- %.17g without printf ----
 * y = |v| * 10^k lies in [1e16, 1e17); computed in long double (64-bit mantissa) with at most
 * two roundings (10^k is exact up to 10^27), so y is within 0.011 of the exact product. Rounding
 * y to the nearest integer then gives printf's 17 digits unless the exact fraction is near .5;
 * those cases (about 4%) and anything out of range go to snprintf, so the output is always
 * byte-identical to printf("%.17g"). */
#if LDBL_MANT_DIG >= 64
/* y (in [1e16, 1e17)) rounded to the nearest integer; -1 when its fraction is within 0.02 of
 * .5 (the exact product decides those). */
static int nearest(uint64_t *d, long double y)
{
#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
    /* Without floorl or a long double -> integer conversion (both switch the x87 rounding mode,
     * which is slow): 2^63 + y rounds to an integer (the ulp is 1 there), and the 64-bit
     * significand of x87 extended precision, its low 8 bytes, is then 2^63 + round(y). */
    long double t = y + 0x1p63L, f = y - (t - 0x1p63L);
    if (fabsl(fabsl(f) - 0.5L) < 0.02L) {
        return -1;
    }
    memcpy(d, &t, sizeof *d);
    *d -= 1ull << 63;
#else
    long double fl = floorl(y), f = y - fl;
    if (fabsl(f - 0.5L) < 0.02L) {
        return -1;
    }
    *d = (uint64_t)fl + (f > 0.5L);
#endif
    return 0;
}
#endif

static int g17_digits(uint64_t *digits, int *exp10, double v)
{
#if LDBL_MANT_DIG >= 64
    static const long double p10[28] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,
                                        1e7L,  1e8L,  1e9L,  1e10L, 1e11L, 1e12L, 1e13L,
                                        1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
                                        1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
    int e2;
    frexp(v, &e2);
    int k = 16 - (int)floor((double)(e2 - 1) * 0.30102999566398120);
    for (int tries = 0; tries < 3; tries++) {
        if (k < 0 || k > 54) {
            return -1;
        }
        long double y = (long double)v * (k > 27 ? p10[27] : p10[k]);
        if (k > 27) {
            y *= p10[k - 27];
        }
        if (y < 1e16L) {
            k++;
            continue;
        }
        if (y >= 1e17L) {
            k--;
            continue;
        }
        uint64_t d;
        if (nearest(&d, y) != 0) {
            return -1;
        }
        *exp10 = 16 - k;
        if (d >= 100000000000000000ull) {
            d /= 10;
            (*exp10)++;
        }
        *digits = d;
        return 0;
    }
#else
    (void)digits;
    (void)exp10;
    (void)v;
#endif
    return -1;
}

static const uint64_t pow10_u64[18] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull};

/* printf's nd significant digits (1 <= nd <= 17) exactly, in integers: v = m * 2^e (m < 2^53)
 * and 10^k = 5^k * 2^k, so y = v * 10^k = (m * 5^k) * 2^(e + k), where m * 5^k < 2^116 for
 * k <= 27: an exact 128-bit product, shifted, rounded half to even as glibc's printf does.
 * digits gets y in [10^(nd-1), 10^nd), exp10 the decimal exponent of its first digit. Covers v
 * from about 10^(nd-28) to 1e16 (k from 0 to 27); -1 elsewhere. */
static int digits_exact(uint64_t *digits, int *exp10, double v, int nd)
{
#if defined(__SIZEOF_INT128__)
    static const uint64_t pow5[28] = {1ull,
                                      5ull,
                                      25ull,
                                      125ull,
                                      625ull,
                                      3125ull,
                                      15625ull,
                                      78125ull,
                                      390625ull,
                                      1953125ull,
                                      9765625ull,
                                      48828125ull,
                                      244140625ull,
                                      1220703125ull,
                                      6103515625ull,
                                      30517578125ull,
                                      152587890625ull,
                                      762939453125ull,
                                      3814697265625ull,
                                      19073486328125ull,
                                      95367431640625ull,
                                      476837158203125ull,
                                      2384185791015625ull,
                                      11920928955078125ull,
                                      59604644775390625ull,
                                      298023223876953125ull,
                                      1490116119384765625ull,
                                      7450580596923828125ull};
    __extension__ typedef unsigned __int128 u128;
    /* v = m * 2^e from its bits (frexp and ldexp are library calls, a tenth of an export);
     * subnormals are out of range anyway. */
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int biased = (int)(bits >> 52) & 0x7ff;
    if (biased == 0) {
        return -1;
    }
    uint64_t m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int e2 = biased - 1022; /* v = (m / 2^53) * 2^e2, as frexp has it */
    int e = e2 - 53;
    uint64_t lo = pow10_u64[nd - 1], hi = pow10_u64[nd];
    /* floor((e2 - 1) * log10(2)) in integers (exact for |e2| < 1650); only the first guess
     * of k, which the loop below corrects. */
    int x = e2 - 1;
    int k = (nd - 1) - (x >= 0 ? (x * 78913) >> 18 : -((-x * 78913 + (1 << 18) - 1) >> 18));
    for (int tries = 0; tries < 3; tries++) {
        if (k < 0 || k > 27) {
            return -1;
        }
        u128 p = (u128)m * pow5[k], q;
        int shift = e + k;
        if (shift >= 0) {
            q = shift < 8 ? p << shift : (u128)-1; /* y < 1e17 < 2^57: small shifts only */
        } else if (shift > -128) {
            q = p >> -shift;
            u128 rem = p - (q << -shift), half = (u128)1 << (-shift - 1);
            q += rem > half || (rem == half && (q & 1));
        } else {
            return -1;
        }
        if (q < lo) {
            k++;
            continue;
        }
        if (q >= hi) {
            if (q == hi) { /* rounded up to the next power of ten */
                *digits = lo;
                *exp10 = nd - k;
                return 0;
            }
            k--;
            continue;
        }
        *digits = (uint64_t)q;
        *exp10 = (nd - 1) - k;
        return 0;
    }
#else
    (void)digits;
    (void)exp10;
    (void)v;
    (void)nd;
#endif
    return -1;
}

static int g17_exact(uint64_t *digits, int *exp10, double v)
{
    return digits_exact(digits, exp10, v, 17);
}

/* Lays out the `precision` digits d (decimal exponent e of the first) as printf's %.<precision>g
 * does: exponent form below 1e-4 or from 10^precision on, trailing zeros dropped. */
static int layout_g(char *buf, int negative, uint64_t d, int e, int precision)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char dig[18];
    int i = precision;
    for (; i > 1; i -= 2, d /= 100) {
        memcpy(dig + i - 2, pairs + 2 * (d % 100), 2);
    }
    if (i == 1) {
        dig[0] = (char)('0' + d);
    }
    int nd = precision;
    while (nd > 1 && dig[nd - 1] == '0') {
        nd--;
    }
    char *p = buf;
    if (negative) {
        *p++ = '-';
    }
    if (e < -4 || e >= precision) { /* d.ddde[+-]XX */
        *p++ = dig[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, dig + 1, (size_t)nd - 1);
            p += nd - 1;
        }
        int a = e < 0 ? -e : e;
        *p++ = 'e';
        *p++ = e < 0 ? '-' : '+';
        if (a >= 100) {
            *p++ = (char)('0' + a / 100);
        }
        *p++ = (char)('0' + a / 10 % 10);
        *p++ = (char)('0' + a % 10);
    } else if (e < 0) { /* 0.000ddd */
        *p++ = '0';
        *p++ = '.';
        for (int j = -1; j > e; j--) {
            *p++ = '0';
        }
        memcpy(p, dig, (size_t)nd);
        p += nd;
    } else { /* ddd.ddd */
        for (int j = 0; j <= e; j++) {
            *p++ = j < nd ? dig[j] : '0';
        }
        if (nd > e + 1) {
            *p++ = '.';
            memcpy(p, dig + e + 1, (size_t)(nd - e - 1));
            p += nd - e - 1;
        }
    }
    *p = '\0';
    return (int)(p - buf);
}

int pr_snapshot_format_double(char *buf, double v)
{
    uint64_t d;
    int e;
    if (v == 0.0) {
        return (int)(strcpy(buf, signbit(v) ? "-0" : "0"), strlen(buf));
    }
    if (!isfinite(v) || (g17_exact(&d, &e, fabs(v)) != 0 && g17_digits(&d, &e, fabs(v)) != 0)) {
        return snprintf(buf, 32, "%.17g", v);
    }
    return layout_g(buf, v < 0, d, e, 17);
}

/* %.*f without printf: y = v * 10^decimals rounded to the nearest integer is printf's answer
 * unless y's fraction is near .5 (where the exact binary value decides) or y is 1e9 or more
 * (y's rounding error, at most 1.1e-7 below that, stays under the tie margin); those
 * go to snprintf, so the output is byte-identical to printf. */
int pr_snapshot_format_fixed(char *buf, size_t cap, double v, int decimals)
{
    static const double scale[10] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    double y = decimals >= 0 && decimals < 10 ? fabs(v) * scale[decimals] : NAN;
    if (!(y < 1e9)) { /* beyond, y's own rounding error could hide a tie */
        return snprintf(buf, cap, "%.*f", decimals, v);
    }
    double fl = floor(y), f = y - fl;
    uint64_t k = (uint64_t)fl + (f > 0.5);
    if (fabs(f - 0.5) < 1e-6 || (signbit(v) && k == 0)) { /* a tie, or "-0.00" */
        return snprintf(buf, cap, "%.*f", decimals, v);
    }
    char tmp[40];
    int n = 40;
    for (int i = 0; i < decimals; i++, k /= 10) {
        tmp[--n] = (char)('0' + k % 10);
    }
    if (decimals > 0) {
        tmp[--n] = '.';
    }
    do {
        tmp[--n] = (char)('0' + k % 10);
        k /= 10;
    } while (k);
    if (signbit(v)) {
        tmp[--n] = '-';
    }
    if ((size_t)(40 - n) >= cap) {
        return snprintf(buf, cap, "%.*f", decimals, v);
    }
    memcpy(buf, tmp + n, (size_t)(40 - n));
    buf[40 - n] = '\0';
    return 40 - n;
}

const char *pr_snapshot_delta_name(int j)
{
    static const char *const names[PR_SNAPSHOT_DELTAS] = {"day", "week", "month"};
    return j >= 0 && j < PR_SNAPSHOT_DELTAS ? names[j] : NULL;
}

/* %.*g without printf, for precision 1..17: the digits from digits_exact; values out of its
 * range go to snprintf, so the output is byte-identical to printf. */
int pr_snapshot_format_g(char *buf, double v, int precision)
{
    uint64_t d;
    int e;
    if (v == 0.0) {
        return (int)(strcpy(buf, signbit(v) ? "-0" : "0"), strlen(buf));
    }
    if (precision < 1 || precision > 17 || !isfinite(v) ||
        digits_exact(&d, &e, fabs(v), precision) != 0) {
        return snprintf(buf, 32, "%.*g", precision, v);
    }
    return layout_g(buf, v < 0, d, e, precision);
}
