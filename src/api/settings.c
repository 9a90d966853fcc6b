/* settings.c — /settings: the funding benchmark, recent_contact_days,
 * suppression_threshold, forbund_name and the matching weights as JSON. */
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
	jw_kstring(&w, "forbund_name", s->forbund_name);
	jw_key(&w, "matching_weights");
	jw_object(&w);
	for (int i = 0; i < MATCH_WEIGHTS; i++) jw_kint(&w, settings_match_weight_names[i], s->matching_weights[i]);
	jw_object_end(&w);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

/* Member key of o as an int of at most limit either way (the domain checks
 * its range and says it), into *v with *has set; another value is named
 * field with reason. */
static void read_setting(json_t *o, const char *key, const char *field, int limit, const char *reason, int *v, bool *has,
			 struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j) return;
	if (!json_is_integer(j) || json_integer_value(j) < -limit || json_integer_value(j) > limit) {
		err_field(e, field, NULL, reason);
		return;
	}
	*v = (int)json_integer_value(j);
	*has = true;
}

int api_settings_patch_from_json(json_t *body, struct settings_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	read_setting(body, "recent_contact_days", "recent_contact_days", 100000, "Ska vara ett heltal 1–365.",
		     &in->recent_contact_days, &in->has_recent_contact_days, e);
	read_setting(body, "suppression_threshold", "suppression_threshold", 100000, "Ska vara ett heltal 2–100.",
		     &in->suppression_threshold, &in->has_suppression_threshold, e);
	json_t *name = json_object_get(body, "forbund_name");
	if (name && !json_is_string(name)) err_field(e, "forbund_name", NULL, "Ange förbundets namn som text (1–200 tecken).");
	else if (name) {
		in->forbund_name = json_string_value(name);
		in->has_forbund_name = true;
	}
	json_t *mw = json_object_get(body, "matching_weights");
	if (mw && !json_is_object(mw))
		err_field(e, "matching_weights", NULL, "Ska vara ett objekt med occupation, municipality, kind och period.");
	else if (mw)
		for (int i = 0; i < MATCH_WEIGHTS; i++) {
			char name[64];
			snprintf(name, sizeof name, "matching_weights.%s", settings_match_weight_names[i]);
			read_setting(mw, settings_match_weight_names[i], name, 1000, "Ska vara ett heltal 0–100.",
				     &in->matching_weights[i], &in->has_matching_weights[i], e);
		}
	json_t *fb = json_object_get(body, "funding_benchmark");
	if (!fb) return e->code;
	if (!json_is_object(fb)) return err_field(e, "funding_benchmark", NULL, "Ska vara ett objekt med individual, structural och competence.");
	for (int i = 0; i < SETTINGS_KINDS; i++) {
		char name[64];
		snprintf(name, sizeof name, "funding_benchmark.%s", settings_kind_names[i]);
		read_setting(fb, settings_kind_names[i], name, 1000, "Ska vara ett heltal 0–100.", &in->funding_benchmark[i],
			     &in->has_funding_benchmark[i], e);
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
	struct settings_patch in;
	struct settings out;
	json_t *body = api_body_object(r, &c->err);
	if (body && api_settings_patch_from_json(body, &in, &c->err) == 0 && settings_update(c, &in, &out) == 0)
		respond_settings(r, &out);
	else
		api_fail(r, &c->err);
}
