/* course.c — rules and storage calls for courses (course.h). */
#include "course.h"
#include "survey.h"
#include "../audit.h"
#include "../../base/utf8.h"
#include "../../store/store.h"
#include <string.h>

#define COLS                                                                                               \
	"id, intervention_id, COALESCE(survey_session_id, 0), COALESCE(survey_six_months_id, 0), name, description," \
	" diploma_title, created_at, updated_at"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct course *k = out;
	k->id = stmt_int(s, 0);
	k->intervention_id = stmt_int(s, 1);
	k->survey_session_id = stmt_int(s, 2);
	k->survey_six_months_id = stmt_int(s, 3);
	read_texts(c, s, 4, (const char **[]){&k->name, &k->description, &k->diploma_title, &k->created_at,
					    &k->updated_at, NULL});
}

int course_may_read(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se utbildningar.");
	return 0;
}

static int forbid_unless_manager(struct ctx *c)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får lägga till och ändra utbildningar.");
}

#define MATCH " WHERE (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\')"

int course_list(struct ctx *c, const struct page *p, struct course_list *out)
{
	memset(out, 0, sizeof *out);
	if (course_may_read(c) != 0) return c->err.code;
	out->items = list_like(c, "SELECT COUNT(*) FROM courses" MATCH,
			       "SELECT " COLS " FROM courses" MATCH " ORDER BY name, id LIMIT :limit OFFSET :offset", p,
			       sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa utbildningarna.");
	return out->items ? 0 : c->err.code;
}

int course_get(struct ctx *c, int64_t id, struct course *out)
{
	if (course_may_read(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT " COLS " FROM courses WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, "Utbildningen finns inte.", "Kunde inte läsa utbildningen.");
}

static int validate(struct ctx *c, const struct course *k)
{
	if (!utf8_text_ok(k->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 200 tecken).");
	if (k->intervention_id <= 0)
		err_field(&c->err, "intervention_id", NULL, "Ange den strukturella insats som utbildningen hör till.");
	else if (!row_exists(c, "SELECT 1 FROM interventions WHERE id = :id AND kind = 'structural'", k->intervention_id))
		err_field(&c->err, "intervention_id", NULL,
			  "Insatsen finns inte eller är inte strukturell: en utbildning hör till en strukturell insats.");
	if (k->description && !utf8_text_ok(k->description, 0, 4000))
		err_field(&c->err, "description", NULL, "Beskrivningen får ha högst 4000 tecken.");
	if (k->diploma_title && !utf8_text_ok(k->diploma_title, 1, 200))
		err_field(&c->err, "diploma_title", NULL, "Diplomtiteln ska ha 1–200 tecken (eller inget diplom).");
	survey_check_ref(c, "survey_session_id", k->survey_session_id);
	survey_check_ref(c, "survey_six_months_id", k->survey_six_months_id);
	return c->err.code;
}

static void bind_fields(struct stmt *s, const struct course *k)
{
	stmt_bind_texts(s, (const char *const[][2]){{":name", k->name}, {":description", k->description},
		{":diploma_title", k->diploma_title}, {NULL}});
	stmt_bind_int(s, ":intervention_id", k->intervention_id);
	stmt_bind_id(s, ":survey_session_id", k->survey_session_id);
	stmt_bind_id(s, ":survey_six_months_id", k->survey_six_months_id);
}

int course_create(struct ctx *c, const struct course *in, struct course *out)
{
	if (course_may_read(c) != 0 || forbid_unless_manager(c) != 0) return c->err.code;
	if (validate(c, in) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO courses (name, intervention_id, description, diploma_title, survey_session_id,"
					      " survey_six_months_id, created_at, updated_at) VALUES (:name, :intervention_id, :description,"
					      " :diploma_title, :survey_session_id, :survey_six_months_id, :now, :now) RETURNING id");
	bind_fields(s, in);
	stmt_bind_text(s, ":now", c->now);
	int64_t id = 0;
	int rc = stmt_write_id(s, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "course", .id = id,
		.fail = "Kunde inte spara utbildningen."}) != 0)
		return c->err.code;
	return course_get(c, id, out);
}

int course_update(struct ctx *c, int64_t id, const struct course_patch *in, struct course *out)
{
	if (course_may_read(c) != 0 || forbid_unless_manager(c) != 0) return c->err.code;
	struct course k;
	if (course_get(c, id, &k) != 0) return c->err.code;
	if (in->has_name) k.name = in->name;
	if (in->has_description) k.description = in->description;
	if (in->has_diploma_title) k.diploma_title = in->diploma_title;
	if (in->has_intervention_id) k.intervention_id = in->intervention_id;
	if (in->has_survey_session_id) k.survey_session_id = in->survey_session_id;
	if (in->has_survey_six_months_id) k.survey_six_months_id = in->survey_six_months_id;
	if (validate(c, &k) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE courses SET name = :name, intervention_id = :intervention_id, description = :description,"
					      " diploma_title = :diploma_title, survey_session_id = :survey_session_id,"
					      " survey_six_months_id = :survey_six_months_id, updated_at = :now WHERE id = :id");
	bind_fields(s, &k);
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_int(s, ":id", id);
	if (change_commit(c, stmt_exec(s), &(struct change){.action = "update", .entity = "course", .id = id,
		.fail = "Kunde inte spara utbildningen."}) != 0)
		return c->err.code;
	return course_get(c, id, out);
}
