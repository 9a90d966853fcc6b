/* settings.c — reading and changing the key/value settings table. */
#include "settings.h"
#include "audit.h"
#include "../base/utf8.h"
#include "../store/store.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const settings_kind_names[SETTINGS_KINDS] = {"individual", "structural", "competence"};

/* Keys in the settings table, in benchmark order. */
static const char *const benchmark_keys[SETTINGS_KINDS] = {
	"funding_benchmark_individual", "funding_benchmark_structural", "funding_benchmark_competence"};
static const int benchmark_default[SETTINGS_KINDS] = {60, 30, 10};

const char *const settings_match_weight_names[MATCH_WEIGHTS] = {"occupation", "municipality", "kind", "period"};
static const char *const match_weight_keys[MATCH_WEIGHTS] = {
	"matching_weight_occupation", "matching_weight_municipality", "matching_weight_kind", "matching_weight_period"};
static const int match_weight_default[MATCH_WEIGHTS] = {40, 30, 20, 10};

static int get_int(struct ctx *c, const char *key, int min, int max, int *v);

int settings_matching_weights(struct ctx *c, int w[MATCH_WEIGHTS])
{
	for (int i = 0; i < MATCH_WEIGHTS; i++) {
		w[i] = match_weight_default[i];
		if (get_int(c, match_weight_keys[i], 0, 100, &w[i]) != 0) return c->err.code;
	}
	return 0;
}

int settings_funding_benchmark(struct ctx *c, int pct[3])
{
	for (int i = 0; i < SETTINGS_KINDS; i++) pct[i] = benchmark_default[i];
	struct stmt *s = store_prepare(c->db, "SELECT key, value FROM settings WHERE key IN (:individual, :structural, :competence)");
	stmt_bind_text(s, ":individual", benchmark_keys[SETTINGS_INDIVIDUAL]);
	stmt_bind_text(s, ":structural", benchmark_keys[SETTINGS_STRUCTURAL]);
	stmt_bind_text(s, ":competence", benchmark_keys[SETTINGS_COMPETENCE]);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		const char *key = stmt_text(s, 0), *value = stmt_text(s, 1);
		for (int i = 0; i < SETTINGS_KINDS; i++)
			if (key && value && strcmp(key, benchmark_keys[i]) == 0) pct[i] = atoi(value);
	}
	stmt_done(s);
	return rc < 0 ? err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa inställningarna.") : 0;
}

/* Reads one integer setting into *v, which keeps its default when the
 * key is missing or its value is outside min..max. */
static int get_int(struct ctx *c, const char *key, int min, int max, int *v)
{
	struct stmt *s = store_prepare(c->db, "SELECT value FROM settings WHERE key = :key");
	stmt_bind_text(s, ":key", key);
	int rc = stmt_step(s);
	if (rc == STORE_ROW && stmt_text(s, 0)) {
		int got = atoi(stmt_text(s, 0));
		if (got >= min && got <= max) *v = got;
	}
	stmt_done(s);
	return rc < 0 ? err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa inställningarna.") : 0;
}

#define RECENT_CONTACT_DAYS_DEFAULT 14

int settings_recent_contact_days(struct ctx *c, int *days)
{
	*days = RECENT_CONTACT_DAYS_DEFAULT;
	return get_int(c, "recent_contact_days", 1, 365, days);
}

/* Small counts of people are hidden from users who may not see the
 * participants behind them; SCB and Socialstyrelsen use 5 (with 3 as the
 * least). */
#define SUPPRESSION_THRESHOLD_DEFAULT 5

int settings_suppression_threshold(struct ctx *c, int *n)
{
	*n = SUPPRESSION_THRESHOLD_DEFAULT;
	return get_int(c, "suppression_threshold", 2, 100, n);
}

#define FORBUND_NAME_DEFAULT "Samordningsförbundet"

int settings_forbund_name(struct ctx *c, const char **name)
{
	*name = FORBUND_NAME_DEFAULT;
	struct stmt *s = store_prepare(c->db, "SELECT value FROM settings WHERE key = 'forbund_name'");
	int rc = stmt_step(s);
	if (rc == STORE_ROW && stmt_text(s, 0) && *stmt_text(s, 0)) *name = arena_strdup(c->arena, stmt_text(s, 0));
	stmt_done(s);
	return rc < 0 ? err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa inställningarna.") : 0;
}

/* s without white space at either end, in arena memory. */
static const char *trimmed(struct ctx *c, const char *s)
{
	while (isspace((unsigned char)*s)) s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
	char *t = arena_alloc(c->arena, n + 1);
	memcpy(t, s, n);
	t[n] = 0;
	return t;
}

int settings_get(struct ctx *c, struct settings *out)
{
	if (settings_forbund_name(c, &out->forbund_name) != 0) return c->err.code;
	if (settings_funding_benchmark(c, out->funding_benchmark) != 0) return c->err.code;
	if (settings_suppression_threshold(c, &out->suppression_threshold) != 0) return c->err.code;
	if (settings_matching_weights(c, out->matching_weights) != 0) return c->err.code;
	return settings_recent_contact_days(c, &out->recent_contact_days);
}

/* Writes one setting. */
static int put_text(struct ctx *c, const char *key, const char *value)
{
	struct stmt *s = store_prepare(c->db, "INSERT INTO settings (key, value) VALUES (:key, :value)"
					      " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	stmt_bind_text(s, ":key", key);
	stmt_bind_text(s, ":value", value);
	return stmt_exec(s);
}

static int put_int(struct ctx *c, const char *key, int v)
{
	char value[16];
	snprintf(value, sizeof value, "%d", v);
	return put_text(c, key, value);
}

int settings_update(struct ctx *c, const struct settings_patch *in, struct settings *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får ändra inställningarna.");
	bool mw = false;
	for (int i = 0; i < MATCH_WEIGHTS; i++) mw |= in->has_matching_weights[i];
	if (mw && !actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får ändra matchningens vikter.");
	struct settings cur;
	if (settings_get(c, &cur) != 0) return c->err.code;
	for (int i = 0; i < MATCH_WEIGHTS; i++) {
		if (!in->has_matching_weights[i]) continue;
		if (in->matching_weights[i] < 0 || in->matching_weights[i] > 100) {
			char name[64];
			snprintf(name, sizeof name, "matching_weights.%s", settings_match_weight_names[i]);
			err_field(&c->err, name, NULL, "Ange en vikt, ett heltal 0–100.");
		}
		cur.matching_weights[i] = in->matching_weights[i];
	}
	for (int i = 0; i < SETTINGS_KINDS; i++) {
		if (!in->has_funding_benchmark[i]) continue;
		int v = in->funding_benchmark[i];
		if (v < 0 || v > 100) {
			char name[64];
			snprintf(name, sizeof name, "funding_benchmark.%s", settings_kind_names[i]);
			err_field(&c->err, name, NULL, "Ange en andel i hela procent, 0–100.");
		}
		cur.funding_benchmark[i] = v;
	}
	if (in->has_recent_contact_days) {
		if (in->recent_contact_days < 1 || in->recent_contact_days > 365)
			err_field(&c->err, "recent_contact_days", NULL, "Ange ett antal dagar, 1–365.");
		cur.recent_contact_days = in->recent_contact_days;
	}
	if (in->has_suppression_threshold) {
		if (in->suppression_threshold < 2 || in->suppression_threshold > 100)
			err_field(&c->err, "suppression_threshold", NULL, "Ange ett antal personer, 2–100.");
		cur.suppression_threshold = in->suppression_threshold;
	}
	if (in->has_forbund_name) {
		cur.forbund_name = in->forbund_name ? trimmed(c, in->forbund_name) : "";
		if (!utf8_text_ok(cur.forbund_name, 1, 200))
			err_field(&c->err, "forbund_name", NULL, "Ange förbundets namn (1–200 tecken).");
	}
	if (c->err.code) return c->err.code;
	int sum = 0;
	for (int i = 0; i < SETTINGS_KINDS; i++) sum += cur.funding_benchmark[i];
	if (sum != 100) {
		char got[16];
		snprintf(got, sizeof got, "%d", sum);
		return err_field(&c->err, "funding_benchmark", got, "Andelarna ska tillsammans bli 100 procent.");
	}
	if (ctx_begin(c) != 0) return c->err.code;
	int rc = STORE_DONE;
	for (int i = 0; rc == STORE_DONE && i < SETTINGS_KINDS; i++) rc = put_int(c, benchmark_keys[i], cur.funding_benchmark[i]);
	if (rc == STORE_DONE) rc = put_int(c, "recent_contact_days", cur.recent_contact_days);
	if (rc == STORE_DONE && in->has_suppression_threshold) rc = put_int(c, "suppression_threshold", cur.suppression_threshold);
	if (rc == STORE_DONE && in->has_forbund_name) rc = put_text(c, "forbund_name", cur.forbund_name);
	for (int i = 0; rc == STORE_DONE && i < MATCH_WEIGHTS; i++)
		if (in->has_matching_weights[i]) rc = put_int(c, match_weight_keys[i], cur.matching_weights[i]);
	bool fb = false;
	for (int i = 0; i < SETTINGS_KINDS; i++) fb |= in->has_funding_benchmark[i];
	/* The settings changed, in the order of the answer (funding_benchmark also when nothing was given). */
	char what[128] = "";
	if (fb || (!in->has_recent_contact_days && !in->has_suppression_threshold && !in->has_forbund_name && !mw))
		strcat(what, ",funding_benchmark");
	if (in->has_recent_contact_days) strcat(what, ",recent_contact_days");
	if (in->has_suppression_threshold) strcat(what, ",suppression_threshold");
	if (in->has_forbund_name) strcat(what, ",forbund_name");
	if (mw) strcat(what, ",matching_weights");
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "settings", .detail = what + 1,
		.fail = "Kunde inte spara inställningarna."}) != 0)
		return c->err.code;
	*out = cur;
	return 0;
}
