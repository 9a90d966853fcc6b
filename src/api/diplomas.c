/* diplomas.c — the diplomas of the employer trainings (docs/trainings.md,
 * "Diplomas"): one person's or a whole session's as application/pdf, and
 * the public check of a code (no login, rate-limited) as JSON. */
#include "api.h"
#include "../domain/trainings/diploma.h"

static void send_pdf(struct request *r, struct ctx *c, int rc, struct diploma_file *f)
{
	if (rc != 0) { api_fail(r, &c->err); return; }
	response_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", f->file_name));
	response_body(r, 200, "application/pdf", (char *)f->pdf, f->len, HTTP_MEM_FREE);
}

void api_registration_diploma(struct request *r, struct ctx *c)
{
	struct diploma_file f;
	send_pdf(r, c, training_diploma_pdf(c, api_id_param(r, 0), &f), &f);
}

void api_session_diplomas(struct request *r, struct ctx *c)
{
	struct diploma_file f;
	send_pdf(r, c, training_session_diplomas_pdf(c, api_id_param(r, 0), &f), &f);
}

void api_public_diploma_check(struct request *r, struct ctx *c)
{
	struct diploma_check d;
	if (training_diploma_check(c, r->params[0], &d) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kstring(&w, "name", d.name);
	jw_kstring(&w, "course", d.course);
	jw_kstring(&w, "title", d.title);
	jw_kstring(&w, "date", d.date);
	jw_kbool(&w, "valid", true);
	jw_object_end(&w);
	response_json(r, 200, &w);
}
