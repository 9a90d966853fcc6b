/* test_sex.c — the sexes' labels (se/sex.c): singular and plural, nothing for
 * other codes, and the same words in the UI's web/src/labels.ts, read as text
 * (its SEX_LABELS and SEX_PLURAL_LABELS lines), since C and TypeScript each
 * write them once. */
#include "testutil.h"
#include "se/sex.h"

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(sex_label("female"), "Kvinna");
	assert_string_equal(sex_label("male"), "Man");
	assert_string_equal(sex_plural("female"), "Kvinnor");
	assert_string_equal(sex_plural("male"), "Män");
	const char *bad[] = {"", "Female", "kvinna", "k", "other", NULL};
	for (int i = 0; bad[i]; i++) {
		assert_null(sex_label(bad[i]));
		assert_null(sex_plural(bad[i]));
	}
	assert_null(sex_label(NULL));
	assert_null(sex_plural(NULL));
}

/* The line of labels.ts that declares name, or fails. */
static void ts_line(const char *name, char *out, size_t size)
{
	const char *dir = getenv("SAMSYN_TESTDATA");
	char path[512], decl[128];
	snprintf(path, sizeof path, "%s/../../web/src/labels.ts", dir ? dir : "tests/data");
	snprintf(decl, sizeof decl, "export const %s:", name);
	FILE *f = fopen(path, "r");
	if (!f) fail_msg("cannot read %s", path);
	while (fgets(out, (int)size, f))
		if (strncmp(out, decl, strlen(decl)) == 0) {
			fclose(f);
			return;
		}
	fclose(f);
	fail_msg("%s declares no %s", path, name);
}

static void test_same_in_ui(void **state)
{
	(void)state;
	char line[512], want[256];
	ts_line("SEX_LABELS", line, sizeof line);
	snprintf(want, sizeof want, "{ female: \"%s\", male: \"%s\" };", sex_label("female"), sex_label("male"));
	if (!strstr(line, want)) fail_msg("web/src/labels.ts: %s lacks %s", line, want);
	ts_line("SEX_PLURAL_LABELS", line, sizeof line);
	snprintf(want, sizeof want, "{ female: \"%s\", male: \"%s\" };", sex_plural("female"), sex_plural("male"));
	if (!strstr(line, want)) fail_msg("web/src/labels.ts: %s lacks %s", line, want);
}

TEST_MAIN(
	cmocka_unit_test(test_labels),
	cmocka_unit_test(test_same_in_ui),
)
