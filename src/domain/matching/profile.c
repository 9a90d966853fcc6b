/* profile.c — rules and storage of a participant's work profile
 * (profile.h). Visibility is the participant's own (access.h): a
 * participant the actor may not see is answered 404 as on
 * GET /participants/{id}, and roles without participant data get 403. */
#include "profile.h"
#include "../access.h"
#include "../audit.h"
#include "../../base/utf8.h"
#include "../../se/kommun.h"
#include "../../se/ssyk.h"
#include "../../base/strset.h"
#include "../../store/store.h"
#include <string.h>

static const char not_found[] = "Deltagaren finns inte.";

/* The kinds of place the employers' needs are open to, the same list. */
static const char *const open_to_kinds[] = {"praktik", "arbetstraning", "apl", "wage_subsidy", "employment", NULL};
static const char *const swedish_levels[] = {"none", "basic", "good", "fluent", NULL};

static bool seen_before(const char **items, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (items[j] && items[i] && strcmp(items[j], items[i]) == 0) return true;
	return false;
}

static int check_visible(struct ctx *c, int64_t id)
{
	if (access_require_participants(c)) return c->err.code;
	if (!access_participant_visible(c, id)) return err_set(&c->err, ERR_NOT_FOUND, "%s", not_found);
	return 0;
}

static void read_profile_row(struct ctx *c, struct stmt *s, void *out)
{
	struct work_profile *p = out;
	p->driving_licence = stmt_int(s, 0) != 0;
	p->upper_secondary = stmt_int(s, 1) != 0;
	p->has_hours_per_week = !stmt_is_null(s, 2);
	p->hours_per_week = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&p->swedish_level, &p->limitations, &p->updated_at, NULL});
}

/* The stored profile, not audited; empty when there is none. */
int work_profile_load(struct ctx *c, int64_t id, struct work_profile *out)
{
	memset(out, 0, sizeof *out);
	out->participant_id = id;
	struct stmt *s = store_prepare(c->db, "SELECT driving_licence, upper_secondary, hours_per_week, swedish_level,"
					      " limitations, updated_at FROM work_profiles WHERE participant_id = :id");
	stmt_bind_int(s, ":id", id);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) read_profile_row(c, s, out);
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa arbetsprofilen.");
	static const struct {
		const char *sql;
		size_t list, n;
	} lists[] = {
		{"SELECT ssyk_code FROM work_profile_occupations WHERE participant_id = :parent ORDER BY ssyk_code",
		 offsetof(struct work_profile, occupations), offsetof(struct work_profile, noccupations)},
		{"SELECT municipality_code FROM work_profile_municipalities WHERE participant_id = :parent ORDER BY municipality_code",
		 offsetof(struct work_profile, municipality_codes), offsetof(struct work_profile, nmunicipality_codes)},
		{"SELECT certificate FROM work_profile_certificates WHERE participant_id = :parent ORDER BY position",
		 offsetof(struct work_profile, certificates), offsetof(struct work_profile, ncertificates)},
		{"SELECT kind FROM work_profile_open_to WHERE participant_id = :parent ORDER BY kind",
		 offsetof(struct work_profile, open_to), offsetof(struct work_profile, nopen_to)},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		const char ***items = (const char ***)((char *)out + lists[i].list);
		size_t *n = (size_t *)((char *)out + lists[i].n);
		*items = list_all_of_parent(c, lists[i].sql, id, sizeof **items, read_text_column, n,
					    "Kunde inte läsa arbetsprofilen.");
		if (!*items) return c->err.code;
	}
	return 0;
}

int work_profile_get(struct ctx *c, int64_t participant_id, struct work_profile *out)
{
	if (check_visible(c, participant_id) || work_profile_load(c, participant_id, out)) return c->err.code;
	return audit_read(c, "participant", participant_id, "work_profile", "Kunde inte skriva i loggen.");
}

/* Names item i of a list field in an error: "occupations[1]". */
static const char *item_name(struct ctx *c, const char *field, size_t i)
{
	return arena_printf(c->arena, "%s[%zu]", field, i);
}

static void validate(struct ctx *c, const struct work_profile *in)
{
	for (size_t i = 0; i < in->noccupations; i++) {
		const char *code = in->occupations[i];
		if (!code || strlen(code) != 4 || ssyk_level(code) != SSYK_UNIT)
			err_field(&c->err, item_name(c, "occupations", i), code,
				  "Ange en yrkeskod i SSYK 2012 på fyra siffror (yrkesgrupp), till exempel 5120.");
		else if (seen_before(in->occupations, i))
			err_field(&c->err, item_name(c, "occupations", i), code, "Yrket finns redan i listan.");
	}
	for (size_t i = 0; i < in->nmunicipality_codes; i++) {
		const char *code = in->municipality_codes[i];
		if (!code || !kommun_name(code))
			err_field(&c->err, item_name(c, "municipality_codes", i), code, "Ange en kommunkod på fyra siffror, till exempel 1488.");
		else if (seen_before(in->municipality_codes, i))
			err_field(&c->err, item_name(c, "municipality_codes", i), code, "Kommunen finns redan i listan.");
	}
	if (in->swedish_level && !str_in_list(in->swedish_level, swedish_levels))
		err_field(&c->err, "swedish_level", in->swedish_level, "Ange svenskanivån som none, basic, good eller fluent.");
	if (in->has_hours_per_week && (in->hours_per_week < 1 || in->hours_per_week > 40))
		err_field(&c->err, "hours_per_week", NULL, "Ange timmar per vecka som ett heltal från 1 till 40.");
	if (in->limitations && !utf8_text_ok(in->limitations, 1, 2000))
		err_field(&c->err, "limitations", NULL, "Begränsningarna får ha 1–2000 tecken.");
	if (in->ncertificates > 50) err_field(&c->err, "certificates", NULL, "Ange högst 50 certifikat.");
	for (size_t i = 0; i < in->ncertificates && i < 50; i++) {
		const char *t = in->certificates[i];
		if (!t || !utf8_text_ok(t, 1, 200))
			err_field(&c->err, item_name(c, "certificates", i), NULL, "Ett certifikat ska ha 1–200 tecken.");
		else if (seen_before(in->certificates, i))
			err_field(&c->err, item_name(c, "certificates", i), NULL, "Certifikatet finns redan i listan.");
	}
	for (size_t i = 0; i < in->nopen_to; i++) {
		const char *k = in->open_to[i];
		if (!str_in_list(k, open_to_kinds))
			err_field(&c->err, item_name(c, "open_to", i), k,
				  "Ange praktik, arbetstraning, apl, wage_subsidy eller employment.");
		else if (seen_before(in->open_to, i))
			err_field(&c->err, item_name(c, "open_to", i), k, "Formen finns redan i listan.");
	}
}

/* A certificate with its place in the list, for its INSERT. */
static void bind_certificate(struct stmt *s, const void *items, size_t i)
{
	stmt_bind_int(s, ":position", (int64_t)i);
	stmt_bind_text(s, ":item", ((const char *const *)items)[i]);
}

int work_profile_put(struct ctx *c, int64_t participant_id, const struct work_profile *in, struct work_profile *out)
{
	if (check_visible(c, participant_id)) return c->err.code;
	validate(c, in);
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO work_profiles (participant_id, driving_licence, swedish_level, upper_secondary, hours_per_week,"
		" limitations, updated_at) VALUES (:id, :driving_licence, :swedish_level, :upper_secondary, :hours,"
		" :limitations, :now) ON CONFLICT (participant_id) DO UPDATE SET driving_licence = excluded.driving_licence,"
		" swedish_level = excluded.swedish_level, upper_secondary = excluded.upper_secondary,"
		" hours_per_week = excluded.hours_per_week, limitations = excluded.limitations, updated_at = excluded.updated_at");
	stmt_bind_int(s, ":id", participant_id);
	stmt_bind_int(s, ":driving_licence", in->driving_licence);
	stmt_bind_int(s, ":upper_secondary", in->upper_secondary);
	if (in->has_hours_per_week)
		stmt_bind_int(s, ":hours", in->hours_per_week);
	else
		stmt_bind_null(s, ":hours");
	stmt_bind_texts(s, (const char *const[][2]){{":swedish_level", in->swedish_level},
		{":limitations", in->limitations}, {":now", c->now}, {NULL}});
	int rc = stmt_exec(s);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM work_profile_occupations WHERE participant_id = :parent",
				      /* Her home beside each wish, for the candidates' index
				       * (migration 0023; participant.c keeps it in step). */
				      "INSERT INTO work_profile_occupations (participant_id, ssyk_code, home_municipality_code)"
				      " SELECT :parent, :item, p.municipality_code FROM participants p WHERE p.id = :parent",
				      participant_id, in->occupations, in->noccupations, bind_text_item);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM work_profile_municipalities WHERE participant_id = :parent",
				      "INSERT INTO work_profile_municipalities (participant_id, municipality_code) VALUES (:parent, :item)",
				      participant_id, in->municipality_codes, in->nmunicipality_codes, bind_text_item);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM work_profile_certificates WHERE participant_id = :parent",
				      "INSERT INTO work_profile_certificates (participant_id, position, certificate)"
				      " VALUES (:parent, :position, :item)",
				      participant_id, in->certificates, in->ncertificates, bind_certificate);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM work_profile_open_to WHERE participant_id = :parent",
				      "INSERT INTO work_profile_open_to (participant_id, kind) VALUES (:parent, :item)",
				      participant_id, in->open_to, in->nopen_to, bind_text_item);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "participant", .id = participant_id,
		.detail = "work_profile", .fail = "Kunde inte spara arbetsprofilen."}) != 0)
		return c->err.code;
	/* Read back as stored (sorted lists), not audited as a read: the
	 * change event above is the record of it. */
	return work_profile_load(c, participant_id, out);
}
