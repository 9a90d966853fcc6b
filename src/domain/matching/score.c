/* score.c — the scoring of score.h. Points: occupation weight × level / 4,
 * municipality weight × level / 3 (integer division, as the SQL of match.c
 * does it), kind and period their whole weight when met. The hard
 * requirements give no points: a match failing one ranks below every match
 * meeting all of them (hard_met), whatever its score. */
#include "score.h"
#include "../../base/clock.h"
#include "../../se/kommun.h"
#include "../../se/ssyk.h"
#include <ctype.h>
#include <string.h>

int match_swedish_rank(const char *level)
{
	static const char *const levels[] = {"none", "basic", "good", "fluent"};
	for (int i = 0; level && i < 4; i++)
		if (strcmp(level, levels[i]) == 0) return i + 1;
	return 0;
}

const char *match_wanted_kind(const char *kind)
{
	return kind && strcmp(kind, "job_track") == 0 ? "employment" : kind;
}

static const char *kind_label(const char *kind)
{
	static const char *const map[][2] = {{"praktik", "praktik"}, {"arbetstraning", "arbetsträning"}, {"apl", "APL"},
		{"wage_subsidy", "anställning med lönestöd"}, {"employment", "anställning"},
		{"job_track", "jobbspår (räknas som anställning)"}};
	for (size_t i = 0; kind && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(kind, map[i][0]) == 0) return map[i][1];
	return kind ? kind : "";
}

static const char *level_label(const char *level)
{
	static const char *const labels[] = {"inte bedömd", "ingen", "grundläggande", "god", "flytande"};
	return labels[match_swedish_rank(level)];
}

/* SQLite's lower() folds ASCII only: certificates compare the same way here. */
static bool same_ascii_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
	return *a == *b;
}

static int common_prefix(const char *a, const char *b)
{
	int n = 0;
	while (n < 4 && a[n] && a[n] == b[n]) n++;
	return n;
}

static const char *kommun(const char *code)
{
	const char *name = code ? kommun_name(code) : NULL;
	return name ? name : (code ? code : "okänd kommun");
}

static void add(struct match_result *r, const char *factor, bool met, const char *detail)
{
	if (r->nreasons < MATCH_REASONS_MAX) r->reasons[r->nreasons++] = (struct match_reason){factor, met, detail};
}

static void occupation(struct arena *a, const struct match_person *p, const struct match_place *o, struct match_result *r)
{
	int best = 0;
	for (size_t i = 0; i < p->noccupations; i++) {
		int n = p->occupations[i] && o->ssyk_code ? common_prefix(p->occupations[i], o->ssyk_code) : 0;
		if (n > best) best = n;
	}
	r->occupation_level = best;
	const char *code = o->ssyk_code ? o->ssyk_code : "";
	char group[5] = {0};
	memcpy(group, code, best > 0 && best < 4 ? (size_t)best : 0);
	const char *title = best > 0 && best < 4 ? ssyk_title(group) : ssyk_title(code);
	const char *detail;
	switch (best) {
	case 4: detail = arena_printf(a, "Samma yrke (%s %s)", code, title ? title : ""); break;
	case 3: detail = arena_printf(a, "Samma yrkesgrupp %s (%s)", group, title ? title : ""); break;
	case 2: detail = arena_printf(a, "Samma huvudgrupp %s (%s)", group, title ? title : ""); break;
	case 1: detail = arena_printf(a, "Samma yrkesområde %s (%s)", group, title ? title : ""); break;
	default: detail = arena_printf(a, "Inget önskat yrke inom samma yrkesområde som %s (%s)", code, title ? title : "");
	}
	add(r, "occupation", best > 0, detail);
}

static void municipality(struct arena *a, const struct match_person *p, const struct match_place *o, struct match_result *r)
{
	const char *at = o->municipality_code;
	int level = 0;
	const char *near = NULL;
	if (at && p->home_municipality && strcmp(at, p->home_municipality) == 0) level = 3;
	for (size_t i = 0; level < 2 && at && i < p->nmunicipalities; i++)
		if (p->municipalities[i] && strcmp(at, p->municipalities[i]) == 0) level = 2;
	if (level == 0 && at && p->home_municipality && kommun_neighbours(at, p->home_municipality)) {
		level = 1;
		near = p->home_municipality;
	}
	for (size_t i = 0; level == 0 && at && i < p->nmunicipalities; i++)
		if (p->municipalities[i] && kommun_neighbours(at, p->municipalities[i])) {
			level = 1;
			near = p->municipalities[i];
		}
	r->municipality_level = level;
	const char *detail = level == 3   ? arena_printf(a, "Hemkommun (%s)", kommun(at))
			     : level == 2 ? arena_printf(a, "En kommun hon kan arbeta i (%s)", kommun(at))
			     : level == 1 ? arena_printf(a, "%s är grannkommun till %s", kommun(at), kommun(near))
					  : arena_printf(a, "%s är varken hemkommun, vald kommun eller grannkommun", kommun(at));
	add(r, "municipality", level > 0, detail);
}

void match_score(struct arena *a, const struct match_person *p, const struct match_place *o,
		 const int weights[MATCH_WEIGHTS], const char *today, struct match_result *r)
{
	memset(r, 0, sizeof *r);
	occupation(a, p, o, r);
	municipality(a, p, o, r);

	const char *want = match_wanted_kind(o->kind);
	bool kind_met = false;
	for (size_t i = 0; want && i < p->nopen_to; i++) kind_met |= p->open_to[i] && strcmp(p->open_to[i], want) == 0;
	add(r, "kind", kind_met,
	    arena_printf(a, kind_met ? "Öppen för %s" : "Inte öppen för %s", kind_label(o->kind)));

	char horizon[11];
	clock_add_days(today, MATCH_PERIOD_DAYS, horizon);
	bool ended = o->end_date && strcmp(o->end_date, today) < 0;
	bool late = o->start_date && strcmp(o->start_date, horizon) > 0;
	add(r, "period", !ended && !late,
	    ended  ? arena_printf(a, "Platsen har slutat (%s)", o->end_date)
	    : late ? arena_printf(a, "Börjar först %s, senare än %d dagar fram", o->start_date, MATCH_PERIOD_DAYS)
	    : o->start_date && strcmp(o->start_date, today) > 0
		   ? arena_printf(a, "Börjar %s, inom %d dagar", o->start_date, MATCH_PERIOD_DAYS)
		   : arena_strdup(a, "Platsen är öppen nu"));

	r->score = weights[MATCH_W_OCCUPATION] * r->occupation_level / 4 +
		   weights[MATCH_W_MUNICIPALITY] * r->municipality_level / 3 + (kind_met ? weights[MATCH_W_KIND] : 0) +
		   (!ended && !late ? weights[MATCH_W_PERIOD] : 0);

	r->hard_met = true;
	if (o->req_driving_licence) {
		add(r, "driving_licence", p->driving_licence, arena_strdup(a, p->driving_licence ? "Har körkort" : "Körkort krävs och saknas"));
		r->hard_met &= p->driving_licence;
	}
	if (o->req_swedish_level) {
		int need = match_swedish_rank(o->req_swedish_level), has = match_swedish_rank(p->swedish_level);
		bool met = has > 0 && has >= need;
		add(r, "swedish_level", met,
		    arena_printf(a, "Svenska: %s (krav: %s)", level_label(p->swedish_level), level_label(o->req_swedish_level)));
		r->hard_met &= met;
	}
	if (o->req_upper_secondary) {
		add(r, "upper_secondary", p->upper_secondary,
		    arena_strdup(a, p->upper_secondary ? "Fullföljd gymnasieskola" : "Gymnasieskola krävs och är inte fullföljd"));
		r->hard_met &= p->upper_secondary;
	}
	if (o->req_certificate) {
		bool met = false;
		for (size_t i = 0; i < p->ncertificates; i++) met |= p->certificates[i] && same_ascii_nocase(p->certificates[i], o->req_certificate);
		add(r, "certificate", met, arena_printf(a, met ? "Har %s" : "Saknar %s", o->req_certificate));
		r->hard_met &= met;
	}
}
