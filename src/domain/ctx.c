/* ctx.c — context set-up, the start of a write, and role names. */
#include "ctx.h"
#include "../store/store.h"
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	"admin", "kansli", "case_worker", "employer_contact", "trainer", "reader",
};

void ctx_init(struct ctx *c, struct store *db, struct arena *a, const struct actor *actor, const char *address)
{
	c->db = db;
	c->arena = a;
	c->actor = actor;
	c->address = address;
	err_clear(&c->err);
}

/* What a user reads when another writer (a long import) held the database
 * past the busy wait: nothing was saved, and trying again is the remedy. */
static const char busy_msg[] = "Databasen är upptagen just nu. Försök igen om en stund.";

int ctx_begin(struct ctx *c)
{
	int rc = store_begin(c->db);
	if (rc == STORE_DONE) return 0;
	return rc == STORE_EBUSY ? err_set(&c->err, ERR_BUSY, "%s", busy_msg)
				 : err_set(&c->err, ERR_INTERNAL, "Kunde inte börja skriva i databasen.");
}

int ctx_store_failed(struct ctx *c, const char *msg)
{
	if (store_busy(c->db)) return err_set(&c->err, ERR_BUSY, "%s", busy_msg);
	return err_set(&c->err, ERR_INTERNAL, "%s", msg);
}

const char *role_name(unsigned role_bit)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role_bit == 1u << i) return role_names[i];
	return NULL;
}

const char *role_label(unsigned role_bit)
{
	static const char *const labels[ROLE_COUNT] = {
		"Administratör", "Kansli", "Handläggare", "Arbetsgivarkontakt", "Utbildningsledare", "Läsare",
	};
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role_bit == 1u << i) return labels[i];
	return NULL;
}

unsigned role_parse(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(name, role_names[i]) == 0) return 1u << i;
	return 0;
}

unsigned roles_parse_list(const char *csv)
{
	unsigned bits = 0;
	char buf[32];
	while (csv && *csv) {
		const char *comma = strchr(csv, ',');
		size_t n = comma ? (size_t)(comma - csv) : strlen(csv);
		if (n == 0 || n >= sizeof buf) return 0;
		memcpy(buf, csv, n);
		buf[n] = 0;
		unsigned b = role_parse(buf);
		if (!b) return 0;
		bits |= b;
		if (comma && !comma[1]) return 0; /* "admin," */
		csv = comma ? comma + 1 : csv + n;
	}
	return bits;
}

char *roles_format(struct arena *a, unsigned roles)
{
	char buf[128] = "";
	size_t len = 0;
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(roles & (1u << i))) continue;
		size_t n = strlen(role_names[i]);
		if (len) buf[len++] = ',';
		memcpy(buf + len, role_names[i], n);
		len += n;
		buf[len] = 0;
	}
	return arena_strdup(a, buf);
}

const char *page_like_pattern(struct arena *a, const char *q)
{
	if (!q || !*q) return NULL;
	char *out = arena_alloc(a, strlen(q) * 2 + 3), *w = out;
	*w++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\') *w++ = '\\';
		*w++ = *p;
	}
	*w++ = '%';
	*w = 0;
	return out;
}

struct stmt *page_of_parent(struct ctx *c, const char *count_sql, const char *page_sql, int64_t parent,
			    const struct page *p, int64_t *total)
{
	struct stmt *s = store_prepare(c->db, count_sql);
	stmt_bind_int(s, ":parent", parent);
	if (stmt_scalar(s, total) != STORE_ROW) {
		err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa listan.");
		return NULL;
	}
	s = store_prepare(c->db, page_sql);
	stmt_bind_int(s, ":parent", parent);
	stmt_bind_int(s, ":limit", p->limit);
	stmt_bind_int(s, ":offset", p->offset);
	return s;
}
