/* test_codelist.c — code lists (domain/codelist.c) on a real SQLite
 * database: the built-in lists and codes of migration 0002, codelist_valid
 * (active codes of active lists only), a förbund's own question added and
 * answered without a code change, codes added to built-in lists, relabelled
 * and made inactive; who may change lists; validation, conflicts and the
 * audit events. */
#include "testutil.h"
#include "domain/codelist.h"

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};
static const struct actor kansli = {.user_id = 5, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};
static const struct actor worker = {.user_id = 6, .org_id = 1, .roles = ROLE_CASE_WORKER, .username = "anna"};

static const struct code_list *find(const struct code_lists *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, name) == 0) return &l->items[i];
	return NULL;
}

static void test_builtin_lists(void **state)
{
	struct testenv *env = *state;
	struct code_lists l;
	struct ctx *c = testenv_ctx(env, &worker);
	assert_int_equal(codelist_all(c, &l), 0);
	static const char *const names[] = {"income_source", "occupation", "education_level", "support_time", "exit_reason",
					    "attendee_format"};
	assert_int_equal(l.n, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(l.items[i].name, names[i]); /* display order */
		assert_true(l.items[i].builtin);
		assert_true(l.items[i].active);
		assert_true(l.items[i].ncodes > 0);
		for (size_t k = 0; k < l.items[i].ncodes; k++) assert_true(l.items[i].codes[k].builtin);
	}
	const struct code_list *inc = find(&l, "income_source");
	assert_true(inc->multiple);
	assert_string_equal(inc->phase, "start");
	assert_int_equal(inc->ncodes, 10);
	assert_string_equal(inc->codes[0].code, "unemployment_fund");
	assert_string_equal(inc->codes[9].code, "unknown");
	const struct code_list *occ = find(&l, "occupation");
	assert_false(occ->multiple);
	assert_int_equal(occ->ncodes, 7);
	assert_string_equal(occ->codes[0].code, "work");
	assert_string_equal(occ->codes[0].label, "Förvärvsarbete");
	assert_string_equal(find(&l, "exit_reason")->codes[6].code, "registration_error");

	assert_true(codelist_valid(c, "occupation", "work"));
	assert_true(codelist_valid(c, "income_source", "social_assistance"));
	assert_false(codelist_valid(c, "occupation", "social_assistance")); /* a code of another list */
	assert_false(codelist_valid(c, "occupation", "Work"));
	assert_false(codelist_valid(c, "no_such_list", "work"));
	assert_false(codelist_valid(c, "occupation", NULL));
	assert_false(codelist_valid(c, NULL, "work"));
}

static void test_own_question(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct code_list_input in = {"driving_licence", "Har körkort", "start", false};
	struct code_list out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &in, &out), 0);
	assert_string_equal(out.name, "driving_licence");
	assert_false(out.builtin);
	assert_true(out.active);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'code_list'"
					       " AND detail = 'driving_licence'"), 1);
	/* No codes yet: nothing is a valid answer. */
	assert_false(codelist_valid(c, "driving_licence", "yes"));
	struct code k;
	struct code_input ci = {"yes", "Ja"};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_add_code(c, "driving_licence", &ci, &k), 0);
	assert_false(k.builtin);
	ci = (struct code_input){"no", "Nej"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(codelist_add_code(c, "driving_licence", &ci, &k), 0);
	assert_true(codelist_valid(c, "driving_licence", "yes"));
	assert_true(codelist_valid(c, "driving_licence", "no"));
	assert_int_equal(audit_count(env), events + 3);

	struct code_lists l;
	assert_int_equal(codelist_all(c, &l), 0);
	const struct code_list *dl = find(&l, "driving_licence");
	assert_non_null(dl);
	assert_ptr_equal(dl, &l.items[l.n - 1]); /* after the built-in ones */
	assert_int_equal(dl->ncodes, 2);
	assert_string_equal(dl->codes[0].code, "yes");
	assert_string_equal(dl->codes[1].code, "no");
	assert_string_equal(dl->codes[1].label, "Nej");

	/* The same name again; a code twice. */
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &in, &out), ERR_CONFLICT);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_add_code(c, "driving_licence", &ci, &k), ERR_CONFLICT);
	in.name = "occupation";
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &in, &out), ERR_CONFLICT);
	assert_int_equal(audit_count(env), events + 3);
}

static void test_builtin_codes(void **state)
{
	struct testenv *env = *state;
	struct code k;
	struct ctx *c = testenv_ctx(env, &kansli);
	/* The förbund adds a format to a built-in list. */
	struct code_input ci = {"study_visit", "Studiebesök"};
	assert_int_equal(codelist_add_code(c, "attendee_format", &ci, &k), 0);
	assert_true(codelist_valid(c, "attendee_format", "study_visit"));
	/* Relabel and deactivate a built-in code: it stays, but is no answer. */
	struct code_patch p = {.label = "Arbete", .has_label = true};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_update_code(c, "occupation", "work", &p, &k), 0);
	assert_string_equal(k.label, "Arbete");
	assert_true(k.builtin);
	assert_true(k.active);
	p = (struct code_patch){.active = false, .has_active = true};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_update_code(c, "occupation", "work", &p, &k), 0);
	assert_false(k.active);
	assert_string_equal(k.label, "Arbete");
	assert_false(codelist_valid(c, "occupation", "work"));
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM codes WHERE list = 'occupation' AND code = 'work'"), 1);
	p.active = true;
	c = testenv_ctx(env, &admin);
	assert_int_equal(codelist_update_code(c, "occupation", "work", &p, &k), 0);
	assert_true(codelist_valid(c, "occupation", "work"));
	/* An inactive list makes its codes no answer either. */
	testdb_exec(env->t.db, "UPDATE code_lists SET active = 0 WHERE name = 'support_time'");
	assert_false(codelist_valid(c, "support_time", "none"));
	assert_int_equal(codelist_get_list(c, "support_time", &(struct code_list){0}), 0);
	c = testenv_ctx(env, &admin);
	assert_int_equal(codelist_update_code(c, "occupation", "nothing", &p, &k), ERR_NOT_FOUND);
	c = testenv_ctx(env, &admin);
	assert_int_equal(codelist_update_code(c, "nothing", "work", &p, &k), ERR_NOT_FOUND);
	c = testenv_ctx(env, &admin);
	assert_int_equal(codelist_add_code(c, "nothing", &ci, &k), ERR_NOT_FOUND);
	c = testenv_ctx(env, &admin);
	p = (struct code_patch){.label = "", .has_label = true};
	assert_int_equal(codelist_update_code(c, "occupation", "work", &p, &k), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "label");
}

static void test_validation_and_roles(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env), lists = testdb_int(env->t.db, "SELECT COUNT(*) FROM code_lists");
	struct code_list out;
	struct code k;
	struct {
		struct code_list_input in;
		const char *field;
	} bad[] = {
		{{"Körkort", "Körkort", "start", false}, "name"},
		{{"", "Körkort", "start", false}, "name"},
		{{"a_very_long_name_that_is_more_than_forty_chars", "x", "start", false}, "name"},
		{{"ok_name", "", "start", false}, "label"},
		{{"ok_name", NULL, "start", false}, "label"},
		{{"ok_name", "x", "followup", false}, "phase"}, /* built-in phases only */
		{{"ok_name", "x", NULL, false}, "phase"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ctx *c = testenv_ctx(env, &admin);
		assert_int_equal(codelist_create(c, &bad[i].in, &out), ERR_INVALID);
		assert_int_equal(c->err.nparams, 1);
		assert_string_equal(c->err.params[0].name, bad[i].field);
	}
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(codelist_add_code(c, "occupation", &(struct code_input){"Bad Code", "x"}, &k), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "code");
	/* Case workers and readers answer with codes but do not change them. */
	struct code_list_input in = {"own", "Egen", "exit", true};
	c = testenv_ctx(env, &worker);
	assert_int_equal(codelist_create(c, &in, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &worker);
	assert_int_equal(codelist_add_code(c, "occupation", &(struct code_input){"x", "x"}, &k), ERR_FORBIDDEN);
	c = testenv_ctx(env, &worker);
	assert_int_equal(codelist_update_code(c, "occupation", "work", &(struct code_patch){.has_active = true}, &k),
			 ERR_FORBIDDEN);
	c = testenv_ctx(env, NULL);
	assert_int_equal(codelist_create(c, &in, &out), ERR_FORBIDDEN);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM code_lists"), lists);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM codes WHERE active = 0"), 0);
	assert_int_equal(audit_count(env), events);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &in, &out), 0);
	assert_true(out.multiple);
	assert_string_equal(out.phase, "exit");
}

TEST_MAIN(
	testenv_unit_test(test_builtin_lists),
	testenv_unit_test(test_own_question),
	testenv_unit_test(test_builtin_codes),
	testenv_unit_test(test_validation_and_roles),
)
