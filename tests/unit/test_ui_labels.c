/* test_ui_labels.c — the Swedish labels of the code lists that both the server
 * (exports, the log's text, messages) and the UI show are the same words: each
 * label map of web/src/labels.ts and web/src/employerLabels.ts, read as text,
 * against the server's label function, code by code. The maps' keys are typed
 * with the document's enums (generated from the OpenAPI document, src/api/spec/), so the
 * TypeScript compiler checks the codes and this test the words. For the age
 * bands (no enum in the document) and the size classes (no words in the
 * server) the codes are checked here. The sexes are test_sex.c's. */
#include "testutil.h"
#include "domain/employer_contact.h"
#include "domain/enrolment.h"
#include "domain/intervention.h"
#include "domain/matching/job_track.h"
#include "domain/org.h"
#include "report/table.h"
#include "se/size_class.h"
#include <ctype.h>

#define MAX_ENTRIES 64

struct entry {
	char code[64], label[160];
};

/* The entries of `export const name: … = { code: "label", … };` in web/src/file,
 * one per line; fails when the map is missing or empty. */
static size_t ts_map(const char *file, const char *name, struct entry *out)
{
	const char *dir = getenv("SAMSYN_TESTDATA");
	char path[512], decl[128], line[512];
	snprintf(path, sizeof path, "%s/../../web/src/%s", dir ? dir : "tests/data", file);
	snprintf(decl, sizeof decl, "export const %s:", name);
	FILE *f = fopen(path, "r");
	if (!f) fail_msg("cannot read %s", path);
	bool in = false;
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		if (!in) {
			in = strncmp(line, decl, strlen(decl)) == 0;
			continue;
		}
		if (strncmp(line, "};", 2) == 0) break;
		char code[64], label[160];
		/* `    code: "label",` or `    "16-19": "label",` */
		if (sscanf(line, " \"%63[^\"]\": \"%159[^\"]\"", code, label) != 2 &&
		    sscanf(line, " %63[a-z0-9_]: \"%159[^\"]\"", code, label) != 2)
			fail_msg("%s %s: cannot read the line %s", file, name, line);
		if (n == MAX_ENTRIES) fail_msg("%s %s: more than %d entries", file, name, MAX_ENTRIES);
		snprintf(out[n].code, sizeof out[n].code, "%s", code);
		snprintf(out[n].label, sizeof out[n].label, "%s", label);
		n++;
	}
	fclose(f);
	if (!in) fail_msg("%s declares no %s", path, name);
	if (n == 0) fail_msg("%s %s has no entries", file, name);
	return n;
}

/* lower: the server writes the label inside a sentence ("besök"), the UI as a
 * heading or option ("Besök"); they differ only in the first letter. */
static void same(const char *file, const char *name, const char *(*label)(const char *), bool lower)
{
	struct entry e[MAX_ENTRIES];
	size_t n = ts_map(file, name, e);
	for (size_t i = 0; i < n; i++) {
		const char *c = label(e[i].code);
		/* An unknown code comes back as itself and then differs from the word
		 * (unless the word is the code, as "information" is). */
		if (!c)
			fail_msg("%s %s: the server has no label for \"%s\"", file, name, e[i].code);
		char want[160];
		snprintf(want, sizeof want, "%s", e[i].label);
		if (lower) want[0] = (char)tolower((unsigned char)want[0]);
		if (strcmp(c, want) != 0)
			fail_msg("%s %s: \"%s\" is \"%s\" in the UI, \"%s\" in the server", file, name, e[i].code, want, c);
	}
}

static const char *role_of(const char *code)
{
	unsigned bit = role_parse(code);
	return bit ? role_label(bit) : NULL;
}

static void test_labels(void **state)
{
	(void)state;
	same("labels.ts", "ROLE_LABELS", role_of, false);
	same("labels.ts", "ORG_KIND_LABELS", org_kind_label, false);
	same("labels.ts", "AUDIT_ACTION_LABELS", audit_action_label, false);
	same("labels.ts", "AUDIT_ENTITY_LABELS", audit_entity_label, false);
	same("labels.ts", "INTERVENTION_KIND_LABELS", intervention_kind_label, false);
	same("labels.ts", "INTERVENTION_STATUS_LABELS", intervention_status_label, false);
	same("labels.ts", "ENROLMENT_STATUS_LABELS", enrolment_status_label, false);
	same("labels.ts", "FUNDER_LABELS", intervention_funder_label, false);
	/* The log's detail of a consent event is its status. */
	same("labels.ts", "CONSENT_STATUS_LABELS", audit_detail_label, false);
	same("employerLabels.ts", "CHANNEL_LABELS", employer_contact_channel_label, true);
	same("employerLabels.ts", "PURPOSE_LABELS", employer_contact_purpose_label, true);
	same("labels.ts", "JOB_TRACK_STAGE_LABELS", job_track_stage_label, false);
}

/* The codes of a map, in order, are the server's list. */
static void same_codes(const char *file, const char *name, const char *const *codes, size_t ncodes)
{
	struct entry e[MAX_ENTRIES];
	size_t n = ts_map(file, name, e);
	if (n != ncodes) fail_msg("%s %s: %zu codes, the server has %zu", file, name, n, ncodes);
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].code, codes[i]) != 0)
			fail_msg("%s %s: code %zu is \"%s\", the server's \"%s\"", file, name, i, e[i].code, codes[i]);
}

/* The report's age bands (report/table.c) and the employers' size classes
 * (se/size_class.c) are the UI's, in the same order. */
static void test_codes(void **state)
{
	(void)state;
	same_codes("labels.ts", "AGE_BAND_LABELS", report_age_bands, REPORT_AGE_BANDS);
	same_codes("employerLabels.ts", "SIZE_CLASS_LABELS", size_class_list, SIZE_CLASS_COUNT);
}

TEST_MAIN(
	cmocka_unit_test(test_labels),
	cmocka_unit_test(test_codes),
)
