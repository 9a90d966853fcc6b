/* settings.c — /settings: the funding benchmark, recent_contact_days and
 * suppression_threshold as JSON. */
#include "api.h"
#include "../domain/settings.h"
#include <stdio.h>
#include <string.h>

static void respond_settings(struct request *r, const struct settings *s)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_key(&w, "funding_benchmark");
	jw_object(&w);
	for (int i = 0; i < SETTINGS_KINDS; i++) jw_kint(&w, settings_kind_names[i], s->funding_benchmark[i]);
	jw_object_end(&w);
	jw_kint(&w, "recent_contact_days", s->recent_contact_days);
	jw_kint(&w, "suppression_threshold", s->suppression_threshold);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

int api_settings_patch_from_json(json_t *body, struct settings_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	json_t *days = json_object_get(body, "recent_contact_days");
	if (days) {
		if (!json_is_integer(days) || json_integer_value(days) < -100000 || json_integer_value(days) > 100000) {
			err_field(e, "recent_contact_days", NULL, "Ska vara ett heltal 1–365.");
		} else {
			in->recent_contact_days = (int)json_integer_value(days);
			in->has_recent_contact_days = true;
		}
	}
	json_t *threshold = json_object_get(body, "suppression_threshold");
	if (threshold) {
		if (!json_is_integer(threshold) || json_integer_value(threshold) < -100000 || json_integer_value(threshold) > 100000) {
			err_field(e, "suppression_threshold", NULL, "Ska vara ett heltal 2–100.");
		} else {
			in->suppression_threshold = (int)json_integer_value(threshold);
			in->has_suppression_threshold = true;
		}
	}
	json_t *fb = json_object_get(body, "funding_benchmark");
	if (!fb) return e->code;
	if (!json_is_object(fb)) return err_field(e, "funding_benchmark", NULL, "Ska vara ett objekt med individual, structural och competence.");
	for (int i = 0; i < SETTINGS_KINDS; i++) {
		json_t *v = json_object_get(fb, settings_kind_names[i]);
		if (!v) continue;
		if (!json_is_integer(v) || json_integer_value(v) < -1000 || json_integer_value(v) > 1000) {
			char name[64];
			snprintf(name, sizeof name, "funding_benchmark.%s", settings_kind_names[i]);
			err_field(e, name, NULL, "Ska vara ett heltal 0–100.");
			continue;
		}
		in->funding_benchmark[i] = (int)json_integer_value(v);
		in->has_funding_benchmark[i] = true;
	}
	return e->code;
}

void api_settings_get(struct request *r, struct ctx *c)
{
	struct settings s;
	if (settings_get(c, &s) != 0) { api_fail(r, &c->err); return; }
	respond_settings(r, &s);
}

void api_settings_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct settings_patch in;
	struct settings out;
	if (api_settings_patch_from_json(body, &in, &c->err) == 0 && settings_update(c, &in, &out) == 0)
		respond_settings(r, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
