/* csv_reader.c — the streaming CSV reader of csv_reader.h: a byte-level
 * state machine over a refillable buffer (64 KiB chunks for files), copying
 * each record's fields into one growable buffer. */
#include "csv_reader.h"
#include "mem.h"
#include "utf8.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define CHUNK (64 * 1024)

struct csv_reader {
	FILE *f;          /* NULL for a memory buffer */
	char *buf;        /* file: our buffer; memory: the caller's bytes */
	size_t cap, pos, len;
	off_t start;      /* file: where in it the input begins; -1 when it cannot be told (a pipe) */
	size_t base;      /* file: bytes of the input before buf[0] */
	void *map;        /* file: mapped by csv_input, map_len bytes */
	size_t map_len;
	bool eof, started, failed;
	int fail_code;
	struct csv_limits lim;
	char sep;
	long line;        /* physical line at the read position */
	long rec_line;    /* line where the current record (or error) is */
	char *rec;        /* the fields, each NUL-terminated */
	size_t rec_len, rec_cap, rec_bytes;
	size_t *off, *flen;
	size_t nf, fcap;
	char reason[200];
};

static void set_limits(struct csv_reader *r, const struct csv_limits *lim)
{
	if (lim) r->lim = *lim;
	if (!r->lim.max_field) r->lim.max_field = 64 * 1024;
	if (!r->lim.max_record) r->lim.max_record = 1024 * 1024;
	if (!r->lim.max_fields) r->lim.max_fields = 1000;
	r->sep = r->lim.separator;
	r->line = 1;
}

struct csv_reader *csv_open_file(FILE *f, const struct csv_limits *lim)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->f = f;
	r->start = ftello(f);
	r->cap = CHUNK;
	r->buf = xmalloc(r->cap);
	set_limits(r, lim);
	return r;
}

struct csv_reader *csv_open_mem(const char *buf, size_t len, const struct csv_limits *lim)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->buf = (char *)buf; /* never written: fill() returns at once without a file */
	r->len = len;
	r->eof = true;
	set_limits(r, lim);
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r) return;
	if (r->f) free(r->buf);
	if (r->map) munmap(r->map, r->map_len);
	free(r->rec);
	free(r->off);
	free(r->flen);
	free(r);
}

/* Reads more of the file behind the unread bytes, growing the buffer when
 * it is full (only the header scan needs more than one chunk). Returns the
 * bytes added, 0 at the end, -1 on a read error. */
static long fill(struct csv_reader *r)
{
	if (!r->f || r->eof) return 0;
	if (r->pos > 0) {
		r->base += r->pos;
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->len == r->cap) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	size_t n = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
	if (n == 0) {
		if (ferror(r->f)) return -1;
		r->eof = true;
	}
	r->len += n;
	return (long)n;
}

#define READ_ERROR (-2)

/* The next byte, -1 at the end, READ_ERROR when the file cannot be read. */
static inline int getb(struct csv_reader *r)
{
	if (r->pos == r->len) {
		long n = fill(r);
		if (n < 0) return READ_ERROR;
		if (n == 0) return -1;
	}
	return (unsigned char)r->buf[r->pos++];
}

static inline int peekb(struct csv_reader *r)
{
	if (r->pos == r->len) {
		long n = fill(r);
		if (n < 0) return READ_ERROR;
		if (n == 0) return -1;
	}
	return (unsigned char)r->buf[r->pos];
}

static int fail(struct csv_reader *r, struct err *e, int code, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int fail(struct csv_reader *r, struct err *e, int code, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof r->reason, fmt, ap);
	va_end(ap);
	r->failed = true;
	r->fail_code = code;
	r->rec_line = line;
	r->nf = 0;
	return err_set(e, code, "Rad %ld: %s", line, r->reason);
}

static int read_error(struct csv_reader *r, struct err *e)
{
	return fail(r, e, ERR_INTERNAL, r->line, "Filen kunde inte läsas.");
}

/* Skips a UTF-8 byte-order mark and picks the separator: whichever of ','
 * and ';' occurs more often outside quotes on the first line (',' when
 * neither does: a single column). */
static int start(struct csv_reader *r, struct err *e)
{
	r->started = true;
	while (r->len - r->pos < 3 && !r->eof)
		if (fill(r) < 0) return read_error(r, e);
	if (r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) r->pos += 3;
	if (r->sep) return 0;
	size_t commas, semis, i;
	bool inq, done;
	for (;;) {
		commas = semis = 0;
		inq = done = false;
		for (i = r->pos; i < r->len && !done; i++) {
			char c = r->buf[i];
			if (c == '"') inq = !inq;
			else if (inq) continue;
			else if (c == ',') commas++;
			else if (c == ';') semis++;
			else if (c == '\n' || c == '\r') done = true;
		}
		if (done || r->eof || r->len - r->pos > r->lim.max_record) break;
		if (fill(r) < 0) return read_error(r, e);
	}
	r->sep = semis > commas ? ';' : ',';
	return 0;
}

static void rec_put(struct csv_reader *r, char c)
{
	if (r->rec_len == r->rec_cap) {
		r->rec_cap = r->rec_cap ? r->rec_cap * 2 : 1024;
		r->rec = xrealloc(r->rec, r->rec_cap);
	}
	r->rec[r->rec_len++] = c;
}

static int field_begin(struct csv_reader *r, struct err *e)
{
	if (r->nf == r->lim.max_fields)
		return fail(r, e, ERR_INVALID, r->rec_line, "Raden har fler än %zu fält.", r->lim.max_fields);
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 32;
		r->off = xrealloc(r->off, r->fcap * sizeof *r->off);
		r->flen = xrealloc(r->flen, r->fcap * sizeof *r->flen);
	}
	r->off[r->nf] = r->rec_len;
	r->nf++;
	return 0;
}

static int field_end(struct csv_reader *r, struct err *e)
{
	size_t i = r->nf - 1;
	r->flen[i] = r->rec_len - r->off[i];
	rec_put(r, 0);
	if (!utf8_valid(r->rec + r->off[i]))
		return fail(r, e, ERR_INVALID, r->rec_line,
			    "Fält %zu är inte giltig UTF-8 (spara filen som CSV UTF-8).", i + 1);
	return 0;
}

/* Adds a byte of field data, within the limits. */
static inline int put(struct csv_reader *r, struct err *e, int c)
{
	if (c == 0)
		return fail(r, e, ERR_INVALID, r->line,
			    "Filen innehåller en NUL-byte (spara den som CSV UTF-8, inte UTF-16).");
	if (r->rec_len - r->off[r->nf - 1] >= r->lim.max_field)
		return fail(r, e, ERR_INVALID, r->rec_line, "Fält %zu är längre än %zu byte.", r->nf, r->lim.max_field);
	if (++r->rec_bytes > r->lim.max_record)
		return fail(r, e, ERR_INVALID, r->rec_line, "Raden är längre än %zu byte.", r->lim.max_record);
	rec_put(r, (char)c);
	return 0;
}

/* After a byte of an unquoted field, the rest of it that is in the buffer
 * at once: byte by byte, through put, reading took twice as long. It
 * stops before a NUL and at the limits, which put then reports. */
static inline void put_plain_run(struct csv_reader *r, int sep)
{
	size_t i = r->pos;
	while (i < r->len) {
		int d = (unsigned char)r->buf[i];
		if (d == sep || d == '\n' || d == '\r' || d == 0) break;
		i++;
	}
	size_t n = i - r->pos, in_field = r->rec_len - r->off[r->nf - 1];
	if (n > r->lim.max_field - in_field) n = r->lim.max_field - in_field;
	if (n > r->lim.max_record - r->rec_bytes) n = r->lim.max_record - r->rec_bytes;
	if (!n) return;
	if (r->rec_cap < r->rec_len + n) {
		while (r->rec_cap < r->rec_len + n) r->rec_cap = r->rec_cap ? r->rec_cap * 2 : 1024;
		r->rec = xrealloc(r->rec, r->rec_cap);
	}
	memcpy(r->rec + r->rec_len, r->buf + r->pos, n);
	r->rec_len += n;
	r->rec_bytes += n;
	r->pos += n;
}

/* After a CR: a following LF belongs to the same line break. */
static inline int eat_lf(struct csv_reader *r)
{
	int c = peekb(r);
	if (c == '\n') r->pos++;
	return c == READ_ERROR ? READ_ERROR : 0;
}

int csv_next(struct csv_reader *r, struct err *e)
{
	if (r->failed) return err_set(e, r->fail_code, "Rad %ld: %s", r->rec_line, r->reason);
	if (!r->started && start(r, e) < 0) return r->fail_code;
	r->nf = 0;
	r->rec_len = r->rec_bytes = 0;
	int c;
	/* Blank lines between records are skipped. */
	for (;;) {
		c = peekb(r);
		if (c == READ_ERROR) return read_error(r, e);
		if (c == -1) return 0;
		if (c != '\n' && c != '\r') break;
		r->pos++;
		if (c == '\r' && eat_lf(r) < 0) return read_error(r, e);
		r->line++;
	}
	r->rec_line = r->line;
	const int sep = (unsigned char)r->sep;
	if (field_begin(r, e) < 0) return r->fail_code;
	enum { START, PLAIN, QUOTED, QUOTE } st = START;
	long quote_line = r->line;
	for (;;) {
		c = getb(r);
		if (c == READ_ERROR) return read_error(r, e);
		switch (st) {
		case START:
			if (c == '"') {
				st = QUOTED;
				quote_line = r->line;
				continue;
			}
			st = PLAIN;
			/* fall through */
		case PLAIN:
			break;
		case QUOTED:
			if (c == '"') {
				st = QUOTE;
			} else if (c == -1) {
				return fail(r, e, ERR_INVALID, quote_line,
					    "Fält %zu börjar med ett citattecken som aldrig avslutas.", r->nf);
			} else {
				if (put(r, e, c) < 0) return r->fail_code;
				if (c == '\n' || (c == '\r' && peekb(r) != '\n')) r->line++;
			}
			continue;
		case QUOTE:
			if (c == '"') {
				if (put(r, e, c) < 0) return r->fail_code;
				st = QUOTED;
				continue;
			}
			if (c != sep && c != '\n' && c != '\r' && c != -1)
				return fail(r, e, ERR_INVALID, r->line,
					    "I fält %zu följer tecken efter det avslutande citattecknet"
					    " (ett citattecken i ett fält skrivs \"\").", r->nf);
			break;
		}
		/* Outside quotes: separator, line break, end or data. */
		if (c == sep) {
			if (field_end(r, e) < 0 || field_begin(r, e) < 0) return r->fail_code;
			st = START;
		} else if (c == '\n' || c == '\r' || c == -1) {
			if (c == '\r' && eat_lf(r) < 0) return read_error(r, e);
			if (c != -1) r->line++;
			if (field_end(r, e) < 0) return r->fail_code;
			return 1;
		} else if (put(r, e, c) < 0) {
			return r->fail_code;
		} else {
			put_plain_run(r, sep);
		}
	}
}

const char *csv_input(struct csv_reader *r, size_t *len, size_t *offset)
{
	if (r->failed) return NULL;
	*offset = r->base + r->pos;
	if (!r->f) {
		*len = r->len;
		return r->buf;
	}
	if (!r->map) {
		struct stat st;
		int fd = fileno(r->f);
		if (r->start < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= r->start) return NULL;
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED) return NULL;
		r->map = m;
		r->map_len = (size_t)st.st_size;
	}
	*len = r->map_len - (size_t)r->start;
	return *offset <= *len ? (const char *)r->map + r->start : NULL;
}

struct csv_reader *csv_open_part(const struct csv_reader *r, size_t from, size_t to)
{
	const char *in = r->f ? (const char *)r->map + r->start : r->buf;
	struct csv_reader *p = csv_open_mem(in + from, to - from, &r->lim);
	p->sep = r->sep;
	p->started = true; /* no byte-order mark: that is only at the start of the input */
	return p;
}

size_t csv_nfields(const struct csv_reader *r)
{
	return r->nf;
}

const char *csv_field(const struct csv_reader *r, size_t i)
{
	return i < r->nf ? r->rec + r->off[i] : NULL;
}

size_t csv_field_len(const struct csv_reader *r, size_t i)
{
	return i < r->nf ? r->flen[i] : 0;
}

long csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

char csv_separator(const struct csv_reader *r)
{
	return r->sep;
}

const char *csv_error_reason(const struct csv_reader *r)
{
	return r->failed ? r->reason : "";
}

int csv_expect_fields(const struct csv_reader *r, size_t n, struct err *e, char *reason, size_t reason_size)
{
	if (r->nf == n) return 0;
	char buf[160];
	snprintf(buf, sizeof buf, "Raden har %zu fält men rubrikraden har %zu.", r->nf, n);
	if (reason && reason_size) snprintf(reason, reason_size, "%s", buf);
	return err_set(e, ERR_INVALID, "Rad %ld: %s", r->rec_line, buf);
}
