/* Seeded R-MAT (Kronecker) edge generator, header-only, for the benchmarks.
 *
 * Edge i of a graph is a pure function of (seed, i): each edge draws its own random stream
 * (splitmix64 of seed and i), so the same graph comes out at any thread count and a range of
 * edge indices [first, first + count) is a reproducible "slice" (the benchmark shifts that range
 * to simulate one more day of events). Quadrant probabilities are Graph500's a = 0.57,
 * b = c = 0.19, d = 0.05; node ids are then scrambled by a bijection of [0, 2^scale) (an odd
 * multiplier and an xor-shift), as Graph500 and gapbs do, so that hubs are not all at low ids. */
#ifndef PR_BENCH_RMAT_H
#define PR_BENCH_RMAT_H

#include <stdint.h>

static inline uint64_t rmat_splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A bijection of [0, 2^scale): multiply by an odd constant and fold the high bits down,
 * twice, all modulo 2^scale. */
static inline uint32_t rmat_scramble(uint64_t v, unsigned scale, uint64_t seed)
{
    uint64_t mask = (scale >= 64) ? ~0ULL : ((1ULL << scale) - 1);
    uint64_t k1 = (seed * 0x2545f4914f6cdd1dULL) | 1, k2 = (seed * 0x9e3779b97f4a7c15ULL) | 1;
    unsigned half = scale / 2 > 0 ? scale / 2 : 1;
    v = (v * k1) & mask;
    v ^= v >> half;
    v = (v * k2) & mask;
    v ^= v >> half;
    return (uint32_t)v;
}

/* Edge number i of the R-MAT graph with 2^scale nodes. */
static inline void rmat_edge(uint32_t *src, uint32_t *dst, uint64_t seed, unsigned scale,
                             uint64_t i)
{
    uint64_t state = seed * 0xd1342543de82ef95ULL + i * 0x9e3779b97f4a7c15ULL;
    uint64_t s = 0, t = 0;
    for (unsigned level = 0; level < scale; level++) {
        /* 53 random bits -> uniform in [0, 1). */
        double r = (double)(rmat_splitmix(&state) >> 11) * (1.0 / 9007199254740992.0);
        uint64_t bs = r >= 0.57 + 0.19;                     /* quadrants c, d: source bit set */
        uint64_t bt = (r >= 0.57 && r < 0.76) || r >= 0.95; /* quadrants b, d: target bit */
        s = (s << 1) | bs;
        t = (t << 1) | bt;
    }
    *src = rmat_scramble(s, scale, seed);
    *dst = rmat_scramble(t, scale, seed);
}

#endif
