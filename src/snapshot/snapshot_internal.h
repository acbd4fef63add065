/* Internals of the snapshot format shared by the writer, the reader and the verbs' helpers.
 * The layout is specified in docs/snapshot-format.md; the constants below are its numbers. */
#ifndef PR_SNAPSHOT_INTERNAL_H
#define PR_SNAPSHOT_INTERNAL_H

#include "peoplerank/date.h"
#include "peoplerank/snapshot.h"
#include "peoplerank/snapshot_compare.h"
#include "peoplerank/snapshot_dir.h"
#include "peoplerank/snapshot_export.h"

#include <stddef.h>
#include <stdint.h>

#define SNAP_MAGIC "\x89PRSNAP\x1a"
#define SNAP_MAGIC_LEN 8
#define SNAP_VERSION 1u
#define SNAP_SUPERBLOCK_SIZE 64u
#define SNAP_DIR_ENTRY_SIZE 32u

/* Limits the reader enforces before allocating; the writer never exceeds them. */
#define SNAP_MAX_BLOCK_RAW (64u << 20)  /* one decompressed block */
#define SNAP_MAX_HEADER_RAW (16u << 20) /* the JSON header */
#define SNAP_MAX_RECORDS_PER_BLOCK 65536u
#define SNAP_MAX_PERSONS 0xFFFFFFFEull /* positions are stored as u32 */
#define SNAP_MAX_NETWORKS ((unsigned)PR_SNAPSHOT_MAX_NETWORKS)
#define SNAP_TOP_K ((unsigned)PR_SNAPSHOT_TOP_K) /* influencers / influencees per person */

/* Writer defaults (the reader takes whatever the file says, within the limits). */
#define SNAP_RECORDS_PER_BLOCK 2048u
#define SNAP_INDEX_PER_BLOCK 4096u
#define SNAP_ZSTD_LEVEL 3

enum snap_kind { SNAP_KIND_HEADER = 1, SNAP_KIND_RECORDS = 2, SNAP_KIND_INDEX = 3 };

/* The public column ids (peoplerank/snapshot.h) are the stored ones: one list, two spellings. */
enum snap_column {
    SNAP_COL_NAME = PR_SNAPSHOT_COL_NAME,
    SNAP_COL_RANK = PR_SNAPSHOT_COL_RANK,
    SNAP_COL_SCORE = PR_SNAPSHOT_COL_SCORE,
    SNAP_COL_PERCENTILE = PR_SNAPSHOT_COL_PERCENTILE,
    SNAP_COL_ACCOUNTS = PR_SNAPSHOT_COL_ACCOUNTS,
    SNAP_COL_NETWORK_SCORES = PR_SNAPSHOT_COL_NETWORK_SCORES,
    SNAP_COL_ENGAGERS = PR_SNAPSHOT_COL_ENGAGERS,
    SNAP_COL_ENGAGEMENT = PR_SNAPSHOT_COL_ENGAGEMENT,
    SNAP_COL_INFLUENCERS = PR_SNAPSHOT_COL_INFLUENCERS,
    SNAP_COL_INFLUENCEES = PR_SNAPSHOT_COL_INFLUENCEES,
    SNAP_COL_DELTAS = PR_SNAPSHOT_COL_DELTAS,
    SNAP_COL_EXPLAIN = PR_SNAPSHOT_COL_EXPLAIN,
    SNAP_COL_LAST = SNAP_COL_EXPLAIN
};

enum snap_encoding {
    SNAP_ENC_STRINGS = 1,   /* count NUL-terminated strings, back to back */
    SNAP_ENC_F64_DELTA = 2, /* u64 bit patterns, d[i] = bits[i-1] - bits[i] (mod 2^64), planes */
    SNAP_ENC_U16 = 3,       /* byte planes */
    SNAP_ENC_F64 = 4,       /* byte planes */
    SNAP_ENC_PCT_LOWER = 5, /* u64 planes: lower[i-1] - lower[i], lower[-1] = n */
    SNAP_ENC_U32 = 6,       /* byte planes */
    SNAP_ENC_I16 = 7        /* byte planes */
};

typedef struct snap_dir_entry {
    uint64_t offset;
    uint32_t csize, rsize, kind, items;
    uint64_t checksum; /* XXH64 of the compressed bytes, seed 0 */
} snap_dir_entry;

typedef struct snap_superblock {
    uint32_t version;
    uint64_t file_size;
    uint64_t dir_offset;
    uint32_t dir_entries;
    uint32_t records_per_block;
    uint64_t persons;
    uint64_t dir_checksum;
} snap_superblock;

/* Little-endian load/store. */
void snap_put_u16(unsigned char *p, uint16_t v);
void snap_put_u32(unsigned char *p, uint32_t v);
void snap_put_u64(unsigned char *p, uint64_t v);
uint16_t snap_get_u16(const unsigned char *p);
uint32_t snap_get_u32(const unsigned char *p);
uint64_t snap_get_u64(const unsigned char *p);

/* Superblock and directory (de)serialisation. unpack checks magic, version and the checksum. */
void snap_superblock_pack(unsigned char out[SNAP_SUPERBLOCK_SIZE], const snap_superblock *sb);
int snap_superblock_unpack(snap_superblock *sb, const unsigned char in[SNAP_SUPERBLOCK_SIZE],
                           const char **why);
void snap_dir_entry_pack(unsigned char out[SNAP_DIR_ENTRY_SIZE], const snap_dir_entry *e);
void snap_dir_entry_unpack(snap_dir_entry *e, const unsigned char in[SNAP_DIR_ENTRY_SIZE]);

/* Byte planes: value i's byte b goes to out[b * count + i]. width in {2, 4, 8}. */
void snap_planes_put(unsigned char *out, const unsigned char *values_le, size_t count,
                     unsigned width);
void snap_planes_get(unsigned char *values_le, const unsigned char *in, size_t count,
                     unsigned width);

/* Name hashing: which index block a name lives in, and its 32-bit fingerprint there. */
uint64_t snap_name_hash(const char *name, size_t len);
uint32_t snap_hash_bucket(uint64_t h, uint32_t buckets);
uint32_t snap_hash_fingerprint(uint64_t h);

/* Scores are stored as hundredths in a u16; 0 means "no score". */
uint16_t snap_score_encode(double score);
double snap_score_decode(uint16_t v);
#define SNAP_DELTA_NONE INT16_MIN

/* Network names: [a-z0-9_-]{1,32} (they become SQL column names in exports). */
int snap_network_name_ok(const char *name);

/* "peoplerank-YYYY-MM-DD.snap" for an as-of time (UTC); buf needs 32 bytes. */
void snap_file_name(char *buf, size_t cap, int64_t as_of);

#endif
