/* audit.c — GET /audit: filters from the query string, events as JSON (a
 * list read with how many records it named and the first 1 000 of their
 * ids), or every event the filters find as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/audit.h"

/* The file through api_list_file. Each page read is itself audited, which
 * puts a newer event on top and pushes the rows down by one or more: the
 * next page then starts with rows already written, left out by their ids. */
struct audit_file {
	const struct audit_filter *f;
	struct audit_list l;
	int64_t *written; /* the ids of the page before */
	size_t nwritten;
};

static int read_events(struct ctx *c, void *arg, const struct page *p)
{
	struct audit_file *af = arg;
	af->written = arena_alloc(c->arena, (af->l.n + 1) * sizeof *af->written);
	af->nwritten = af->l.n;
	for (size_t i = 0; i < af->l.n; i++) af->written[i] = af->l.items[i].id;
	return audit_list(c, af->f, p, &af->l);
}

static void write_event_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	struct audit_file *af = arg;
	const struct audit_event *e = &af->l.items[i];
	for (size_t k = 0; k < af->nwritten; k++)
		if (af->written[k] == e->id) return;
	csvw_int(w, e->id);
	csvw_text(w, e->at);
	if (e->user_id) csvw_int(w, e->user_id);
	else csvw_empty(w);
	csvw_text(w, e->username);
	csvw_text(w, audit_action_label(e->action));
	csvw_text(w, audit_entity_label(e->entity));
	if (e->entity_id) csvw_int(w, e->entity_id);
	else csvw_empty(w);
	csvw_text(w, e->entity_name);
	if (e->entity_count) csvw_int(w, e->entity_count);
	else csvw_empty(w);
	csvw_text(w, e->address);
	csvw_text(w, audit_detail_text(&r->arena, e->detail));
	csvw_row_end(w);
}

static void audit_file(struct request *r, struct ctx *c, const struct audit_filter *f, enum api_format fmt)
{
	const char *about[6];
	size_t n = 0;
	if (f->user_id) about[n++] = arena_printf(&r->arena, "Användar-id: %lld", (long long)f->user_id);
	if (f->entity) about[n++] = arena_printf(&r->arena, "Objekt: %s", audit_entity_label(f->entity));
	if (f->entity_id) about[n++] = arena_printf(&r->arena, "Objektets id: %lld", (long long)f->entity_id);
	if (f->action) about[n++] = arena_printf(&r->arena, "Händelse: %s", audit_action_label(f->action));
	if (f->from) about[n++] = arena_printf(&r->arena, "Från och med: %s", f->from);
	if (f->to) about[n++] = arena_printf(&r->arena, "Till och med: %s", f->to);
	static const char *const head[] = {"Händelse-id", "Tid (UTC)", "Användar-id", "Användare", "Händelse", "Objekt",
					   "Objektets id", "Objektets namn", "Antal i listan", "Adress", "Detalj"};
	struct audit_file af = {.f = f};
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Logg", .name = "logg", .noun = "händelser", .head = head,
					      .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					      .read = read_events, .write = write_event_row, .arg = &af, .n = &af.l.n,
					      .total = &af.l.total});
}

/* An event's members up to its detail; its Swedish and the records of a
 * list read follow. */
static const struct api_field event_fields[] = {
	API_FIELD(API_INT, struct audit_event, id),
	API_FIELD(API_TEXT, struct audit_event, at),
	API_FIELD(API_ID, struct audit_event, user_id),
	API_FIELD(API_TEXT, struct audit_event, username),
	API_FIELD(API_TEXT, struct audit_event, action),
	API_FIELD(API_TEXT, struct audit_event, entity),
	API_FIELD(API_ID, struct audit_event, entity_id),
	API_FIELD(API_TEXT, struct audit_event, entity_name),
	API_FIELD(API_TEXT, struct audit_event, address),
	API_FIELD(API_TEXT, struct audit_event, detail),
	API_END,
};

void api_audit_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct audit_filter f = {0};
	struct audit_list l;
	api_page(r, &p, &c->err);
	f.user_id = api_int_query(r, "user_id", 1, INT64_MAX, "Ange användarens id, ett positivt heltal.", &c->err);
	f.entity_id = api_int_query(r, "entity_id", 1, INT64_MAX, "Ange objektets id, ett positivt heltal.", &c->err);
	f.entity = request_query(r, "entity");
	f.action = request_query(r, "action");
	f.from = request_query(r, "from");
	f.to = request_query(r, "to");
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	if (!c->err.code && fmt != API_FORMAT_JSON) { audit_file(r, c, &f, fmt); return; }
	if (c->err.code || audit_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_event *e = &l.items[i];
		jw_object(&w);
		api_write_members(&w, event_fields, e, false);
		jw_kstring(&w, "detail_text", audit_detail_text(&r->arena, e->detail));
		/* A list read names its records here (entity_id is null). */
		jw_kint_or_null(&w, "entity_count", e->entity_count);
		jw_key(&w, "entity_ids");
		if (e->entity_count) {
			jw_array(&w);
			for (size_t k = 0; k < e->n_entity_ids; k++) jw_int(&w, e->entity_ids[k]);
			jw_array_end(&w);
		} else {
			jw_null(&w);
		}
		jw_object_end(&w);
	}
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}
