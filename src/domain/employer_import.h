/* employer_import.h — a company register extract into the shared employer
 * register (docs/employers.md, "Import"): CSV, validated as a whole, upsert
 * by orgnr, all or nothing in one transaction, in about 30 bytes of
 * memory a row (a whole-country extract has about 1.2 million rows). The
 * whole file is read and checked — a large file in parts side by side, on
 * every CPU — the good rows staged in temp files and put in orgnr order,
 * before the write lock is taken: the lock is held for the writing alone,
 * and a file with a bad line never takes it. */
#ifndef SAMSYN_EMPLOYER_IMPORT_H
#define SAMSYN_EMPLOYER_IMPORT_H
#include "ctx.h"
#include "import_error.h"
#include "../base/csv_reader.h"

struct employer_import_options {
	/* Called for every bad line, in order, also past the cap (the CLI prints
	 * each one). reason is valid during the call only. May be NULL. */
	void (*on_error)(long line, const char *reason, void *arg);
	void *arg;
	/* Rows after which an import into a smaller register drops and rebuilds
	 * the secondary indexes (store_bulk_begin); 0: 100 000. Tests set it low. */
	int64_t bulk_rows;
	/* A file that can be mapped is checked in parts of at least this many
	 * bytes, one thread each (two to four); 0: 64 KiB. Tests set it low. */
	size_t part_bytes;
};

struct employer_import_result {
	int64_t created;   /* employers new in the register */
	int64_t updated;   /* employers already there (by orgnr), overwritten from the file */
	int64_t rows;      /* data lines read */
	int64_t bad_lines; /* every bad line (errors holds at most IMPORT_MAX_ERRORS + 1) */
	struct import_error *errors; /* c->arena */
	size_t nerrors;
	/* Where the time went, in ms: reading and checking the file (no lock),
	 * waiting for the write lock, and holding it (the write, the index
	 * builds, the commit) — what other writers wait for. */
	double check_ms, wait_ms, locked_ms;
	int check_threads; /* the threads that checked the file side by side (1: in one go) */
};

/* admin and kansli. Returns 0 when the whole file was imported; ERR_INVALID
 * with out->errors when any line was bad (nothing imported); ERR_BUSY when
 * another writer held the database past the busy wait (nothing imported);
 * ERR_FORBIDDEN or ERR_INTERNAL otherwise. Counts are 0 on failure. opt may be NULL. */
int employer_import(struct ctx *c, struct csv_reader *csv, const struct employer_import_options *opt,
		    struct employer_import_result *out);

bool employer_import_allowed(const struct actor *a);

#endif
