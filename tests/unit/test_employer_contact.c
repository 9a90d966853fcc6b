/* test_employer_contact.c — the contact log (domain/employer_contact.c) and
 * the employer reports (domain/employer_report.c) against a real SQLite
 * file: the coordination warning (another organisation within
 * recent_contact_days warns, the own never, the window moves with "today"
 * through SAMSYN_TODAY), validation and who may log, the audit event, the
 * weekly list, and the industry structure as a plain report table (counts,
 * municipality filter, suppression, JSON and CSV). */
#include "testutil.h"
#include "base/clock.h"
#include "domain/employer_contact.h"
#include "domain/employer_report.h"
#include "domain/settings.h"

static const struct actor anna = {.user_id = 2, .org_id = 2, .roles = ROLE_EMPLOYER_CONTACT, .username = "anna", .name = "Anna Andersson"};
static const struct actor cilla = {.user_id = 3, .org_id = 2, .roles = ROLE_KANSLI, .username = "cilla", .name = "Cilla Ceder"};
static const struct actor bo = {.user_id = 4, .org_id = 3, .roles = ROLE_CASE_WORKER, .username = "bo", .name = "Bo Berg"};
static const struct actor rut = {.user_id = 5, .org_id = 3, .roles = ROLE_READER, .username = "rut", .name = "Rut"};
static const struct actor tore = {.user_id = 6, .org_id = 1, .roles = ROLE_TRAINER, .username = "tore", .name = "Tore"};

static int setup(void **state)
{
	testenv_setup_fixture(state, "2026-11-20",
		"INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (1, 'Förbundet', 'forbund', 'x', 'x'), (2, 'AF Trollhättan', 'af', 'x', 'x'),"
		" (3, 'Kommunen', 'kommun', 'x', 'x');"
		"INSERT INTO users (id, username, name, org_id, roles, created_at, updated_at) VALUES"
		" (2, 'anna', 'Anna Andersson', 2, 'employer_contact', 'x', 'x'), (3, 'cilla', 'Cilla Ceder', 2, 'kansli', 'x', 'x'),"
		" (4, 'bo', 'Bo Berg', 3, 'case_worker', 'x', 'x'), (5, 'rut', 'Rut', 3, 'reader', 'x', 'x'),"
		" (6, 'tore', 'Tore', 1, 'trainer', 'x', 'x');"
		"INSERT INTO employers (id, orgnr, name, name_key, sni_code, sni_section, size_class, municipality_code, created_at, updated_at) VALUES"
		" (1, '5560000001', 'Verkstad AB', 'verkstad ab', '25620', 'C', '1-4', '1488', 'x', 'x'),"
		" (2, '5560000002', 'Smide AB', 'smide ab', '25620', 'C', '1-4', '1488', 'x', 'x'),"
		" (3, '5560000003', 'Handel AB', 'handel ab', '47110', 'G', '1-4', '1487', 'x', 'x'),"
		" (4, '5560000004', 'Bygg AB', 'bygg ab', '41200', 'F', '10-19', '1462', 'x', 'x');");
	return 0;
}

static struct employer_contact_input phone(const char *date)
{
	return (struct employer_contact_input){.date = date, .channel = "phone", .purpose = "recruitment"};
}

static void test_warning(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct employer_contact out;
	struct employer_contact_list w;
	struct employer_contact_input in = phone("2026-11-18");

	/* Organisation X (AF) first: nothing to warn of. */
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(out.user_id, 2);
	assert_int_equal(out.org_id, 2);
	assert_string_equal(out.org_name, "AF Trollhättan");
	assert_int_equal(out.stage, 0);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'employer_contact'"), 1);

	/* Y (Kommunen) is warned, naming X. */
	c = testenv_ctx(env, &bo);
	in = phone("2026-11-20");
	in.channel = "visit";
	in.stage = 2;
	in.has_stage = true;
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), 0);
	assert_int_equal(w.n, 1);
	assert_string_equal(employer_contact_warning(c, &w.items[0]), "AF Trollhättan (Anna Andersson) 2026-11-18, telefon");
	assert_int_equal(out.stage, 2);

	/* X and a colleague at X: only Y, never their own organisation. */
	const struct actor *xs[] = {&anna, &cilla};
	for (int i = 0; i < 2; i++) {
		c = testenv_ctx(env, xs[i]);
		in = phone("2026-11-20");
		assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), 0);
		assert_int_equal(w.n, 1);
		assert_string_equal(employer_contact_warning(c, &w.items[0]), "Kommunen (Bo Berg) 2026-11-20, besök");
	}
	/* The check before saving gives the same, newest first. */
	int days;
	c = testenv_ctx(env, &bo);
	assert_int_equal(employer_contact_recent(c, 1, NULL, &w, &days), 0);
	assert_int_equal(days, 14);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.items[0].user_name, "Cilla Ceder");
	assert_string_equal(w.items[2].date, "2026-11-18");
	/* Another employer: no warning. */
	assert_int_equal(employer_contact_create(c, 2, &in, &out, &w), 0);
	assert_int_equal(w.n, 0);

	/* 14 days after X's last contact it still warns, 15 days after not. */
	setenv("SAMSYN_TODAY", "2026-12-04", 1);
	c = testenv_ctx(env, &bo);
	assert_int_equal(employer_contact_recent(c, 1, NULL, &w, &days), 0);
	assert_int_equal(w.n, 2);
	setenv("SAMSYN_TODAY", "2026-12-05", 1);
	c = testenv_ctx(env, &bo);
	in = phone("2026-12-05");
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), 0);
	assert_int_equal(w.n, 0);
	/* A longer setting widens the window. */
	struct settings_patch p = {.recent_contact_days = 30, .has_recent_contact_days = true};
	struct settings s;
	c = testenv_ctx(env, &cilla);
	assert_int_equal(settings_update(c, &p, &s), 0);
	assert_int_equal(s.recent_contact_days, 30);
	assert_int_equal(s.funding_benchmark[0], 60);
	c = testenv_ctx(env, &bo);
	assert_int_equal(employer_contact_recent(c, 1, NULL, &w, &days), 0);
	assert_int_equal(days, 30);
	assert_int_equal(w.n, 3);
	p.recent_contact_days = 366;
	c = testenv_ctx(env, &cilla);
	assert_int_equal(settings_update(c, &p, &s), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "recent_contact_days");
}

static void test_rules(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct employer_contact out;
	struct employer_contact_list w;
	struct employer_contact_input in = phone("2026-11-21"); /* tomorrow */
	in.channel = "fax";
	in.purpose = NULL;
	in.stage = 0;
	in.has_stage = true;
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), ERR_INVALID);
	assert_int_equal(c->err.nparams, 4);
	assert_string_equal(c->err.params[0].name, "date");
	assert_string_equal(c->err.params[1].name, "channel");
	assert_string_equal(c->err.params[2].name, "purpose");
	assert_string_equal(c->err.params[3].name, "stage");

	in = phone("2026-11-20");
	in.next_step_date = "2026-11-19";
	c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "next_step_date");

	char note[4 * 1000 + 3];
	memset(note, 'x', sizeof note - 1);
	note[4001] = 0;
	in = phone(NULL);
	in.note = note;
	c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "note");
	note[4000] = 0;
	c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), 0);
	assert_string_equal(out.date, "2026-11-20"); /* no date: today */

	in = phone(NULL);
	c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 99, &in, &out, &w), ERR_NOT_FOUND);
	c = testenv_ctx(env, &rut);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), ERR_FORBIDDEN);
	c = testenv_ctx(env, &tore);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), ERR_FORBIDDEN);
	c = testenv_ctx(env, NULL);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), ERR_UNAUTH);
	assert_int_equal(audit_count(env), events + 1);

	/* Reading: everyone but a reader. */
	struct page p = {.limit = 50};
	struct employer_contact_list l;
	c = testenv_ctx(env, &tore);
	assert_int_equal(employer_contact_list(c, 1, &p, &l), 0);
	assert_int_equal(l.total, 1);
	c = testenv_ctx(env, &rut);
	assert_int_equal(employer_contact_list(c, 1, &p, &l), ERR_FORBIDDEN);
	c = testenv_ctx(env, &tore);
	assert_int_equal(employer_contact_list(c, 99, &p, &l), ERR_NOT_FOUND);
}

static void test_week(void **state)
{
	struct testenv *env = *state;
	struct employer_contact out;
	struct employer_contact_list w;
	struct employer_contact_input in = phone("2026-11-16"); /* Monday of W47 */
	in.next_step_date = "2026-11-30";                       /* Monday of W49 */
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(employer_contact_create(c, 1, &in, &out, &w), 0);
	in = phone("2026-11-15"); /* Sunday of W46 */
	c = testenv_ctx(env, &bo);
	assert_int_equal(employer_contact_create(c, 2, &in, &out, &w), 0);

	struct employer_contact_week wk;
	c = testenv_ctx(env, &tore);
	assert_int_equal(employer_contact_week(c, NULL, &wk), 0);
	assert_string_equal(wk.week, "2026-W47");
	assert_string_equal(wk.from, "2026-11-16");
	assert_string_equal(wk.to, "2026-11-22");
	assert_int_equal(wk.contacts.n, 1);
	assert_string_equal(wk.contacts.items[0].employer_name, "Verkstad AB");
	assert_int_equal(wk.next_steps.n, 0);
	assert_int_equal(employer_contact_week(c, "2026-W46", &wk), 0);
	assert_int_equal(wk.contacts.n, 1);
	assert_string_equal(wk.contacts.items[0].org_name, "Kommunen");
	assert_int_equal(employer_contact_week(c, "2026-W49", &wk), 0);
	assert_int_equal(wk.contacts.n, 0);
	assert_int_equal(wk.next_steps.n, 1);
	assert_string_equal(wk.next_steps.items[0].date, "2026-11-16");
	assert_int_equal(employer_contact_week(c, "2025-W53", &wk), ERR_INVALID);
	c = testenv_ctx(env, &rut);
	assert_int_equal(employer_contact_week(c, NULL, &wk), ERR_FORBIDDEN);
}

static void test_structure_report(void **state)
{
	struct testenv *env = *state;
	struct report_params p = {0};
	struct report_table t;
	struct ctx *c = testenv_ctx(env, &rut);
	assert_int_equal(employer_report_structure(c, &p, "1488,1487", &t), 0);
	assert_string_equal(p.by, "sni_section,size_class");
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[0].key[0].text, "C");
	assert_string_equal(t.rows[0].key[1].text, "1-4");
	assert_int_equal(t.rows[0].v[0].total, 2);
	assert_string_equal(t.rows[1].key[0].text, "G");
	assert_int_equal(t.sum[0].total, 3);

	struct jsonw w;
	jw_init(&w);
	report_table_write_json(&t, &w);
	assert_string_equal(w.sb.buf,
			    "{\"rows\":[{\"key\":{\"sni_section\":\"C\",\"size_class\":\"1-4\"},\"count\":2},"
			    "{\"key\":{\"sni_section\":\"G\",\"size_class\":\"1-4\"},\"count\":1}],\"total\":3}");
	jw_free(&w);

	p = (struct report_params){.by = "municipality", .suppress = 2};
	c = testenv_ctx(env, &rut);
	assert_int_equal(employer_report_structure(c, &p, NULL, &t), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.rows[0].key[0].text, "1462");
	assert_true(t.rows[0].v[0].hidden & REPORT_HIDE_TOTAL);
	/* 4 − 2 would leave 2 for the two hidden ones, so 1 each: the 2 is
	 * hidden too, and the total stays. */
	assert_true(t.rows[2].v[0].hidden & REPORT_HIDE_TOTAL);
	assert_false(t.sum[0].hidden);
	struct csvw cw;
	csvw_init(&cw);
	report_table_write_csv(&t, &cw);
	size_t len;
	char *csv = csvw_finish(&cw, &len);
	assert_string_equal(csv, "\xEF\xBB\xBFKommunkod;Antal\r\n1462;..\r\n1487;..\r\n1488;..\r\nTotalt;4\r\n"
				 ".. = färre än 2 eller dold för att skydda en annan cell\r\n");
	free(csv);

	p = (struct report_params){.by = "sni_section,nope"};
	c = testenv_ctx(env, &rut);
	assert_int_equal(employer_report_structure(c, &p, NULL, &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "by");
	p = (struct report_params){0};
	c = testenv_ctx(env, &rut);
	assert_int_equal(employer_report_structure(c, &p, "1488,0000", &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "municipality_code");
	c = testenv_ctx(env, NULL);
	assert_int_equal(employer_report_structure(c, &p, NULL, &t), ERR_UNAUTH);
}

TEST_MAIN(
	fixture_unit_test(test_warning),
	fixture_unit_test(test_rules),
	fixture_unit_test(test_week),
	fixture_unit_test(test_structure_report),
)
