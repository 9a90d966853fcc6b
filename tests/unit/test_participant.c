/* test_participant.c — participants (domain/participant.c) on a real SQLite
 * database: named participants from every written form of a personnummer
 * (stored as 12 digits, sex and birth date derived), anonymous ones,
 * validation, duplicates (409), who may see whom (404 for the invisible,
 * 403 for roles without participant data), making a participant anonymous,
 * list filters and name search, consents, and the audit events: one `read
 * participant ID` per participant shown, none for what was refused. */
#include "testutil.h"
#include "domain/participant.h"

static const struct actor admin = TESTDB_ADMIN, anna = TESTDB_ANNA, fia = TESTDB_FIA, kim = TESTDB_KIM;

static int setup(void **state)
{
	/* AF (2) owns Steget, FK (3) is its partner; Kim's kommun (4) is not in it. */
	testenv_setup_fixture(state, NULL, TESTDB_ORGS_SQL TESTDB_USERS_SQL
		"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, status, measurement, created_at, updated_at)"
		" VALUES (100, 'Steget', 'individual', 2, '2020-01-01', 'active', 'participants', 'x', 'x');"
		"INSERT INTO intervention_partners (intervention_id, org_id) VALUES (100, 3);");
	return 0;
}

static struct participant_input named(const char *pnr, const char *first, const char *last)
{
	return (struct participant_input){.personnummer = pnr, .first_name = first, .last_name = last};
}

static int64_t create_as(struct testenv *env, const struct actor *a, struct participant_input in)
{
	struct participant out;
	struct ctx *c = testenv_ctx(env, a);
	if (participant_create(c, &in, &out) != 0) fail_msg("create: %s (%s)", c->err.msg, c->err.params[0].name);
	return out.id;
}

static void enrol(struct testenv *env, int64_t participant_id)
{
	struct stmt *s = store_prepare(env->t.db, "INSERT INTO enrolments (participant_id, intervention_id, start_date,"
						  " created_at, updated_at) VALUES (:participant_id, 100, '2021-01-01', 'x', 'x')");
	stmt_bind_int(s, ":participant_id", participant_id);
	assert_int_equal(stmt_exec(s), STORE_DONE);
}

/* Its read events, list reads that named it included. */
static int64_t read_events(struct testenv *env, int64_t participant_id)
{
	return audit_events_of(env->t.db, "read", "participant", participant_id);
}

static void test_create_named(void **state)
{
	struct testenv *env = *state;
	setenv("SAMSYN_TODAY", "2025-03-15", 1);
	/* Written forms of the same people; each stored as 12 digits. */
	struct { const char *in, *stored, *sex, *birth; } cases[] = {
		{"19900101-0017", "199001010017", "male", "1990-01-01"},
		{"000229-2399", "200002292399", "male", "2000-02-29"},
		{"5704289999", "195704289999", "male", "1957-04-28"},
		{"090527+1474", "190905271474", "male", "1909-05-27"}, /* over 100: '+' */
		{"19730288-9931", "197302889931", "male", "1973-02-28"}, /* samordningsnummer, day + 60 */
		{"194608239986", "194608239986", "female", "1946-08-23"},
	};
	int64_t events = audit_count(env);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct participant_input in = named(cases[i].in, "Kim", "Berg");
		in.municipality_code = "1488";
		struct participant out;
		struct ctx *c = testenv_ctx(env, &anna);
		if (participant_create(c, &in, &out) != 0) fail_msg("%s: %s", cases[i].in, c->err.msg);
		assert_string_equal(out.personnummer, cases[i].stored);
		assert_string_equal(out.sex, cases[i].sex);
		assert_string_equal(out.birth_date, cases[i].birth);
		assert_int_equal(out.birth_year, atoi(cases[i].birth));
		assert_false(out.anonymous);
		assert_null(out.consent);
		struct participant got;
		c = testenv_ctx(env, &anna); /* she created it: visible */
		assert_int_equal(participant_get(c, out.id, &got), 0);
		assert_string_equal(got.personnummer, cases[i].stored);
		assert_string_equal(got.first_name, "Kim");
		assert_string_equal(got.municipality_code, "1488");
	}
	/* One create and one read event per participant. */
	assert_int_equal(audit_count(env), events + 12);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM participants WHERE created_by_user_id = 10"
					       " AND created_by_org_id = 2 AND length(personnummer) = 12"), 6);
	/* The same person in another written form is a conflict for her own
	 * organisation, who sees the person... */
	struct participant out;
	struct ctx *c = testenv_ctx(env, &anna);
	struct participant_input dup = named("900101-0017", "Kim", "Berg");
	assert_int_equal(participant_create(c, &dup, &out), ERR_CONFLICT);
	assert_null(strstr(c->err.msg, "0017"));
	assert_int_equal(audit_count(env), events + 12);
	/* ...but to another organisation it is a registration of her own,
	 * answered as a new one: her data, none of Anna's. */
	c = testenv_ctx(env, &kim);
	dup.municipality_code = "0180";
	assert_int_equal(participant_create(c, &dup, &out), 0);
	assert_string_equal(out.last_name, "Berg");
	assert_string_equal(out.municipality_code, "0180");
	assert_string_equal(out.personnummer, "199001010017");
	assert_int_equal(audit_count(env), events + 13);
	struct participant got;
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, out.id, &got), 0);
	assert_string_equal(got.municipality_code, "1488");
	/* Kim's second try is a conflict: she sees the person now. */
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_create(c, &dup, &out), ERR_CONFLICT);
	unsetenv("SAMSYN_TODAY");
}

/* The forms of a local reference a case worker types: case, spaces and
 * the dash do not matter; anything else is a name. */
static void test_local_ref_query(void **state)
{
	struct arena *a = *state;
	const char *const same[] = {"A-1234", "a-1234", "A 1234", " a1234 ", "A - 1234"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		assert_string_equal(participant_local_ref_query(a, same[i]), "A-1234");
	const char *const names[] = {"Anna", "A-", "A-12x", "B-1234", "A-0123", "1234", "A-1234 Ek", "", "A-1234567890123456789"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) assert_null(participant_local_ref_query(a, names[i]));
	assert_null(participant_local_ref_query(a, NULL));
}

static void test_validation(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct {
		struct participant_input in;
		const char *first; /* invalid_parameters[0].name */
	} bad[] = {
		{named("19900101-0018", "A", "B"), "personnummer"}, /* check digit */
		{named("19900230-0011", "A", "B"), "personnummer"}, /* no such date */
		{named("abc", NULL, NULL), "personnummer"},
		{named("000101T220", "A", "B"), "personnummer"}, /* interim numbers are refused */
		{named(NULL, "A", "B"), "personnummer"},
		{named("19900101-0017", "", "B"), "first_name"},
		{named("19900101-0017", "A", NULL), "last_name"},
		{{.personnummer = "19900101-0017", .first_name = "A", .last_name = "B", .sex = "female"}, "sex"},
		{{.personnummer = "19900101-0017", .first_name = "A", .last_name = "B", .sex = "x"}, "sex"},
		{{.personnummer = "19900101-0017", .first_name = "A", .last_name = "B", .birth_year = 1991, .has_birth_year = true},
		 "birth_year"},
		{{.personnummer = "19900101-0017", .first_name = "A", .last_name = "B", .municipality_code = "9999"},
		 "municipality_code"},
		{{.personnummer = "19900101-0017", .first_name = "A", .last_name = "B", .target_groups = (const char *[]){"C"},
		  .ntarget_groups = 1},
		 "target_groups"},
		{{.anonymous = true, .sex = "female"}, "birth_year"},
		{{.anonymous = true, .birth_year = 1990, .has_birth_year = true}, "sex"},
		{{.anonymous = true, .sex = "female", .birth_year = 1850, .has_birth_year = true}, "birth_year"},
		{{.anonymous = true, .sex = "female", .birth_year = 1990, .has_birth_year = true, .personnummer = "19900101-0017"},
		 "personnummer"},
		{{.anonymous = true, .sex = "female", .birth_year = 1990, .has_birth_year = true, .last_name = "B"}, "last_name"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct participant out;
		struct ctx *c = testenv_ctx(env, &admin);
		assert_int_equal(participant_create(c, &bad[i].in, &out), ERR_INVALID);
		if (strcmp(c->err.params[0].name, bad[i].first) != 0)
			fail_msg("case %zu: first invalid parameter %s, want %s", i, c->err.params[0].name, bad[i].first);
		/* The personnummer is never echoed back in the error. */
		for (int k = 0; k < c->err.nparams; k++) assert_null(strstr(c->err.params[k].value, "0101"));
	}
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM participants"), 0);
	assert_int_equal(audit_count(env), events);
}

static void test_anonymous(void **state)
{
	struct testenv *env = *state;
	struct participant_input in = {.anonymous = true, .sex = "female", .birth_year = 1988, .has_birth_year = true,
				       .municipality_code = "1488", .target_groups = (const char *[]){"B", "A", "B"},
				       .ntarget_groups = 3, .protected_identity = true};
	struct participant out, got;
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(participant_create(c, &in, &out), 0);
	assert_true(out.anonymous);
	assert_true(out.protected_identity);
	assert_null(out.personnummer);
	assert_null(out.first_name);
	assert_null(out.birth_date);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, out.id, &got), 0);
	assert_int_equal(got.ntarget_groups, 2); /* repeated codes count once */
	assert_string_equal(got.target_groups[0], "A");
	assert_string_equal(got.target_groups[1], "B");
	assert_int_equal(got.birth_year, 1988);
	assert_string_equal(got.sex, "female");
	/* Anonymous people cannot become named: that is a new registration. */
	struct participant_patch p = {.anonymous = false, .has_anonymous = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, out.id, &p, &got), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "anonymous");
	p = (struct participant_patch){.first_name = "Eva", .has_first_name = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, out.id, &p, &got), ERR_INVALID);
	p = (struct participant_patch){.birth_year = 1989, .has_birth_year = true, .sex = "male", .has_sex = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, out.id, &p, &got), 0);
	assert_int_equal(got.birth_year, 1989);
	assert_string_equal(got.sex, "male");
	assert_int_equal(got.ntarget_groups, 2);
}

static void test_visibility(void **state)
{
	struct testenv *env = *state;
	int64_t mine = create_as(env, &anna, named("19900101-0017", "Eva", "Ek"));
	int64_t enrolled = create_as(env, &kim, named("200002292399", "Olle", "Ask"));
	int64_t other = create_as(env, &kim, named("195704289999", "Per", "Al"));
	enrol(env, enrolled);
	int64_t events = audit_count(env);
	struct participant got;
	struct ctx *c;
	/* Anna: her own, and the one enrolled in her organisation's intervention. */
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, mine, &got), 0);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, enrolled, &got), 0);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, other, &got), ERR_NOT_FOUND);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, 999999, &got), ERR_NOT_FOUND);
	/* Fia's FK is a partner of the intervention; Anna's own participant is not hers. */
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_get(c, enrolled, &got), 0);
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_get(c, mine, &got), ERR_NOT_FOUND);
	struct participant_patch p = {.first_name = "X", .has_first_name = true};
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_update(c, mine, &p, &got), ERR_NOT_FOUND);
	assert_int_equal(read_events(env, mine), 1);
	assert_int_equal(read_events(env, enrolled), 2);
	assert_int_equal(read_events(env, other), 0);
	assert_int_equal(audit_count(env), events + 3);
	/* Roles without participant data: 403, whatever the participant. */
	static const unsigned roles[] = {ROLE_KANSLI, ROLE_READER, ROLE_TRAINER, ROLE_EMPLOYER_CONTACT,
					 ROLE_KANSLI | ROLE_READER};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct actor a = {.user_id = 20, .org_id = 2, .roles = roles[i], .username = "x"};
		struct participant_list l;
		struct page pg = {10, 0, NULL};
		struct participant_filter f = {0};
		c = testenv_ctx(env, &a);
		assert_int_equal(participant_get(c, enrolled, &got), ERR_FORBIDDEN);
		c = testenv_ctx(env, &a);
		assert_int_equal(participant_list(c, &f, &pg, &l), ERR_FORBIDDEN);
		c = testenv_ctx(env, &a);
		assert_int_equal(participant_search_pnr(c, "200002292399", &l), ERR_FORBIDDEN);
		c = testenv_ctx(env, &a);
		struct participant_input in = named("194608239986", "A", "B");
		assert_int_equal(participant_create(c, &in, &got), ERR_FORBIDDEN);
		c = testenv_ctx(env, &a);
		assert_int_equal(participant_update(c, enrolled, &p, &got), ERR_FORBIDDEN);
	}
	assert_int_equal(audit_count(env), events + 3);
	/* The admin sees everyone. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(participant_get(c, other, &got), 0);
	assert_string_equal(got.first_name, "Per");
}

static void test_list_and_search(void **state)
{
	struct testenv *env = *state;
	struct participant_input in = named("19900101-0017", "Eva", "Ek");
	in.municipality_code = "1488";
	in.target_groups = (const char *[]){"A"};
	in.ntarget_groups = 1;
	int64_t eva = create_as(env, &anna, in);
	in = named("200002292399", "Olle", "Ask");
	in.municipality_code = "1487";
	int64_t olle = create_as(env, &kim, in);
	int64_t per = create_as(env, &kim, named("195704289999", "Per", "Evasson"));
	int64_t anon = create_as(env, &anna, (struct participant_input){.anonymous = true, .sex = "male", .birth_year = 1970,
									  .has_birth_year = true, .municipality_code = "1488"});
	enrol(env, olle);
	struct participant_list l;
	struct participant_filter f = {0};
	struct page pg = {50, 0, NULL};
	int64_t events = audit_count(env);
	/* Anna sees Eva, Olle (enrolled) and her anonymous one: by name, anonymous last. */
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(participant_list(c, &f, &pg, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].id, olle); /* Ask */
	assert_int_equal(l.items[1].id, eva);  /* Ek */
	assert_int_equal(l.items[2].id, anon);
	/* One event for the page, found from each participant shown. */
	assert_int_equal(audit_count(env), events + 1);
	for (size_t i = 0; i < l.n; i++) assert_int_equal(read_events(env, l.items[i].id), 1);
	assert_int_equal(read_events(env, per), 0);
	/* Paging: total stays, one event per page. */
	pg = (struct page){1, 1, NULL};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_list(c, &f, &pg, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, eva);
	assert_int_equal(audit_count(env), events + 2);
	/* Name search: first, last, "first last", any case of ASCII. */
	struct { const char *q; int64_t want; } names[] = {{"eva", eva}, {"Ek", eva}, {"eva ek", eva}, {"olle a", olle},
							   {"evasson", 0}, {"100%", 0}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		pg = (struct page){50, 0, names[i].q};
		c = testenv_ctx(env, &anna);
		assert_int_equal(participant_list(c, &f, &pg, &l), 0);
		assert_int_equal(l.n, names[i].want ? 1 : 0);
		if (names[i].want) assert_int_equal(l.items[0].id, names[i].want);
	}
	/* The admin finds Per by "eva" too (Evasson). */
	pg = (struct page){50, 0, "eva"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(participant_list(c, &f, &pg, &l), 0);
	assert_int_equal(l.n, 2);
	/* Filters. */
	pg = (struct page){50, 0, NULL};
	f = (struct participant_filter){.municipality_code = "1488"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(participant_list(c, &f, &pg, &l), 0);
	assert_int_equal(l.n, 2);
	f = (struct participant_filter){.target_group = "A"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(participant_list(c, &f, &pg, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, eva);
	assert_int_equal(l.items[0].ntarget_groups, 1);
	f = (struct participant_filter){.intervention_id = 100};
	c = testenv_ctx(env, &admin);
	assert_int_equal(participant_list(c, &f, &pg, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, olle);
	/* By personnummer, in any form; only the visible. */
	events = audit_count(env);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_search_pnr(c, "000229-2399", &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, olle);
	assert_int_equal(audit_count(env), events + 1);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_search_pnr(c, "570428-9999", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.total, 0);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_search_pnr(c, "570428-9998", &l), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "personnummer");
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(participant_id_by_pnr(c, "195704289999"), per);
	assert_int_equal(participant_id_by_pnr(c, "195704289998"), 0);
}

static void test_update_and_anonymise(void **state)
{
	struct testenv *env = *state;
	struct participant_input in = named("19900101-0017", "Eva", "Ek");
	in.target_groups = (const char *[]){"A"};
	in.ntarget_groups = 1;
	int64_t id = create_as(env, &anna, in);
	int64_t other = create_as(env, &anna, named("200002292399", "Olle", "Ask"));
	struct participant got;
	struct participant_patch p = {.last_name = "Ekström", .has_last_name = true, .target_groups = (const char *[]){"B"},
				      .ntarget_groups = 1, .has_target_groups = true, .municipality_code = "1488",
				      .has_municipality_code = true};
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), 0);
	assert_string_equal(got.first_name, "Eva");
	assert_string_equal(got.last_name, "Ekström");
	assert_string_equal(got.personnummer, "199001010017");
	assert_int_equal(got.ntarget_groups, 1);
	assert_string_equal(got.target_groups[0], "B");
	assert_int_equal(audit_count(env), events + 1);
	/* A corrected personnummer: sex and birth date follow; another's is a conflict. */
	p = (struct participant_patch){.personnummer = "194608239986", .has_personnummer = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), ERR_INVALID); /* no reason */
	p.reason = "Fel personnummer vid registreringen.";
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), 0);
	assert_string_equal(got.sex, "female");
	assert_string_equal(got.birth_date, "1946-08-23");
	p = (struct participant_patch){.personnummer = "000229-2399", .has_personnummer = true, .reason = "Fel."};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), ERR_CONFLICT);
	p = (struct participant_patch){.sex = "male", .has_sex = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "sex");
	p = (struct participant_patch){.first_name = NULL, .has_first_name = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), ERR_INVALID);
	/* Made anonymous: name, personnummer and birth date are erased, with a
	 * reason. */
	struct consent k;
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_add_consent(c, id, &(struct consent){.status = "given", .date = "2024-01-01"}, &k), 0);
	p = (struct participant_patch){.anonymous = true, .has_anonymous = true};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "reason");
	p.reason = "Personen återkallade samtycket.";
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, id, &p, &got), 0);
	assert_true(got.anonymous);
	assert_null(got.personnummer);
	assert_null(got.first_name);
	assert_null(got.consent);
	assert_string_equal(got.sex, "female");
	assert_int_equal(got.birth_year, 1946);
	struct stmt *s = store_prepare(env->t.db, "SELECT personnummer IS NULL AND first_name IS NULL AND last_name IS NULL"
						  " AND birth_date IS NULL AND anonymous = 1 FROM participants WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_int_equal(stmt_int(s, 0), 1);
	stmt_done(s);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'update'"
					       " AND entity = 'participant' AND detail = 'anonymised: Personen återkallade samtycket.'"), 1);
	/* The personnummer is free again. */
	c = testenv_ctx(env, &anna);
	in = named("19460823-9986", "Eva", "Ek");
	assert_int_equal(participant_create(c, &in, &got), 0);
	(void)other;
}

static void test_consents(void **state)
{
	struct testenv *env = *state;
	setenv("SAMSYN_TODAY", "2025-03-15", 1);
	int64_t id = create_as(env, &anna, named("19900101-0017", "Eva", "Ek"));
	int64_t anon = create_as(env, &anna, (struct participant_input){.anonymous = true, .sex = "male", .birth_year = 1970,
									  .has_birth_year = true});
	struct consent k;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(participant_add_consent(c, id, &(struct consent){.status = "given", .date = "2025-01-10",
									   .scope = "Arbetsgivare i Trollhättan"}, &k), 0);
	assert_true(k.id > 0);
	assert_int_equal(k.recorded_by_user_id, 10);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_add_consent(c, id, &(struct consent){.status = "withdrawn", .date = "2025-03-15"}, &k), 0);
	assert_int_equal(audit_count(env), events + 2);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'consent'"), 2);
	struct participant got;
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, id, &got), 0);
	assert_non_null(got.consent);
	assert_string_equal(got.consent->status, "withdrawn");
	assert_null(got.consent->scope);
	struct consent_list l;
	struct page pg = {50, 0, NULL};
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_consents(c, id, &pg, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.total, 2);
	assert_string_equal(l.items[0].status, "withdrawn");
	assert_string_equal(l.items[1].status, "given");
	assert_string_equal(l.items[1].scope, "Arbetsgivare i Trollhättan");
	assert_int_equal(read_events(env, id), 2);
	/* Validation; no consent for the anonymous; none for what one cannot see. */
	struct { struct consent in; const char *field; } bad[] = {
		{{.status = "maybe", .date = "2025-01-01"}, "status"},
		{{.status = "given", .date = "2025-03-16"}, "date"}, /* the future */
		{{.status = "given", .date = "2025-02-30"}, "date"},
		{{.status = "given"}, "date"},
		{{.status = "given", .date = "2025-01-01", .scope = ""}, "scope"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = testenv_ctx(env, &anna);
		assert_int_equal(participant_add_consent(c, id, &bad[i].in, &k), ERR_INVALID);
		assert_string_equal(c->err.params[0].name, bad[i].field);
	}
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_add_consent(c, anon, &(struct consent){.status = "given", .date = "2025-01-01"}, &k),
			 ERR_CONFLICT);
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_add_consent(c, id, &(struct consent){.status = "given", .date = "2025-01-01"}, &k),
			 ERR_NOT_FOUND);
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_consents(c, id, &pg, &l), ERR_NOT_FOUND);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM consents"), 2);
	unsetenv("SAMSYN_TODAY");
}

/* One person registered by two organisations: each sees what it typed in,
 * only its own consents and enrolments, and neither can erase the other's
 * record; the admin can, and the name goes from both. */
static void test_other_organisations(void **state)
{
	struct testenv *env = *state;
	struct participant_input in = named("19900101-0017", "Eva", "Lind");
	in.municipality_code = "1488";
	in.target_groups = (const char *[]){"A"};
	in.ntarget_groups = 1;
	int64_t eva = create_as(env, &anna, in);
	enrol(env, eva);
	struct consent k;
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(participant_add_consent(c, eva, &(struct consent){.status = "given", .date = "2024-01-01"}, &k), 0);

	struct participant got;
	in = named("900101-0017", "Eva", "Ekdahl");
	in.municipality_code = "0180";
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_create(c, &in, &got), 0);
	assert_int_equal(got.id, eva);
	assert_string_equal(got.last_name, "Ekdahl");
	assert_string_equal(got.municipality_code, "0180");
	assert_int_equal(got.ntarget_groups, 0);
	assert_null(got.consent);
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_get(c, eva, &got), 0);
	assert_string_equal(got.last_name, "Ekdahl");
	assert_null(got.consent);

	/* Anna's name finds nothing for Kim; her own does. */
	struct participant_list l;
	struct participant_filter f = {0};
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_list(c, &f, &(struct page){50, 0, "Lind"}, &l), 0);
	assert_int_equal(l.total, 0);
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_list(c, &f, &(struct page){50, 0, "Ekdahl"}, &l), 0);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.items[0].last_name, "Ekdahl");
	f.municipality_code = "1488"; /* Anna's municipality, not Kim's */
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_list(c, &f, &(struct page){50, 0, NULL}, &l), 0);
	assert_int_equal(l.total, 0);
	f = (struct participant_filter){.target_group = "A"};
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_list(c, &f, &(struct page){50, 0, NULL}, &l), 0);
	assert_int_equal(l.total, 0);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_list(c, &f, &(struct page){50, 0, NULL}, &l), 0);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.items[0].last_name, "Lind");
	struct consent_list kl;
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_consents(c, eva, &(struct page){50, 0, NULL}, &kl), 0);
	assert_int_equal(kl.total, 0);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_consents(c, eva, &(struct page){50, 0, NULL}, &kl), 0);
	assert_int_equal(kl.total, 1);

	/* Kim's changes are her own; she cannot erase the person. */
	struct participant_patch p = {.last_name = "Ekdahl-Berg", .has_last_name = true};
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_update(c, eva, &p, &got), 0);
	assert_string_equal(got.last_name, "Ekdahl-Berg");
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_get(c, eva, &got), 0);
	assert_string_equal(got.last_name, "Lind");
	assert_string_equal(got.municipality_code, "1488");
	p = (struct participant_patch){.anonymous = true, .has_anonymous = true, .reason = "Begäran."};
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_update(c, eva, &p, &got), ERR_FORBIDDEN);
	p = (struct participant_patch){.personnummer = "194608239986", .has_personnummer = true, .reason = "Fel."};
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_update(c, eva, &p, &got), ERR_FORBIDDEN);
	/* Fia sees every enrolment (Steget's partner) but not Kim's record. */
	p = (struct participant_patch){.anonymous = true, .has_anonymous = true, .reason = "Begäran."};
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_update(c, eva, &p, &got), ERR_FORBIDDEN);
	c = testenv_ctx(env, &anna);
	assert_int_equal(participant_update(c, eva, &p, &got), ERR_FORBIDDEN);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM participants WHERE personnummer = '199001010017'"), 1);
	/* The admin may; the name goes from Kim's registration too. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(participant_update(c, eva, &p, &got), 0);
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_get(c, eva, &got), 0);
	assert_true(got.anonymous);
	assert_null(got.first_name);
	assert_null(got.last_name);
	assert_null(got.personnummer);
}

/* The ids of a list, in its order. */
static size_t list_ids(struct testenv *env, const struct actor *a, const struct participant_filter *f, int64_t offset,
		       int64_t *ids, bool *bounded, int64_t *total)
{
	struct participant_list l;
	struct page pg = {.limit = 500, .offset = offset};
	struct ctx *c = testenv_ctx(env, a);
	assert_int_equal(participant_list(c, f, &pg, &l), 0);
	for (size_t i = 0; i < l.n; i++) ids[i] = l.items[i].id;
	if (bounded) *bounded = l.total_bounded;
	if (total) *total = l.total;
	return l.n;
}

/* A broad list (most participants match) is read along the name index, a
 * narrow one from its set (participant.c, "Broad lists"): both give the
 * same people in the same order, registrations' names included, and a
 * broad count stops at 10 000. */
static void test_broad_and_narrow_lists(void **state)
{
	struct testenv *env = *state;
	/* 200 participants of the förbund (id 1000 + i named N(199 - i)), 150
	 * of them in Steget (AF's, FK a partner: N050–N199); five of Kim's
	 * kommun's own; Kim registered N010 (not in Steget) as "Aaa", Anna
	 * N079 (in it) as "Ööö". */
	testdb_exec(env->t.db,
		    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)"
		    " INSERT INTO participants (id, first_name, last_name, anonymous, sex, birth_year, created_by_org_id, created_at,"
		    " updated_at) SELECT 1000 + i, 'F', printf('N%03d', 199 - i), 0, 'female', 1990, 1, 'x', 'x' FROM n;"
		    "INSERT INTO enrolments (participant_id, intervention_id, start_date, created_at, updated_at)"
		    " SELECT id, 100, '2021-01-01', 'x', 'x' FROM participants WHERE id < 1150;"
		    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4)"
		    " INSERT INTO participants (id, first_name, last_name, anonymous, sex, birth_year, created_by_org_id, created_at,"
		    " updated_at) SELECT 2000 + i, 'F', 'K' || i, 0, 'male', 1990, 4, 'x', 'x' FROM n;"
		    "INSERT INTO participant_registrations (participant_id, org_id, first_name, last_name, created_at, updated_at)"
		    " VALUES (1189, 4, 'A', 'Aaa', 'x', 'x'), (1120, 2, 'Ö', 'Ööö', 'x', 'x');");
	int64_t walk[500], set[500];
	bool bounded;
	int64_t total;
	struct participant_filter all = {0}, steget = {.intervention_id = 100};

	/* Anna sees the 150 of Steget (broad): by name, her "Ööö" last. */
	size_t n = list_ids(env, &anna, &all, 0, walk, &bounded, &total);
	assert_int_equal(n, 150);
	assert_int_equal(total, 150);
	assert_false(bounded);
	assert_int_equal(walk[0], 1149); /* N050 */
	assert_int_equal(walk[149], 1120);
	/* The same people in the same order from the set (an intervention). */
	assert_int_equal(list_ids(env, &anna, &steget, 0, set, NULL, NULL), 150);
	assert_memory_equal(walk, set, sizeof walk[0] * 150);
	/* A page across the two arms of the merge. */
	assert_int_equal(list_ids(env, &anna, &all, 145, walk, NULL, NULL), 5);
	assert_memory_equal(walk, set + 145, sizeof walk[0] * 5);

	/* Kim sees six of 205 (narrow): her registration's name first. */
	n = list_ids(env, &kim, &all, 0, set, &bounded, &total);
	assert_int_equal(n, 6);
	assert_int_equal(total, 6);
	int64_t want[] = {1189, 2000, 2001, 2002, 2003, 2004};
	assert_memory_equal(set, want, sizeof want);
	/* FK, Steget's partner, has no registration: the shared names. */
	assert_int_equal(list_ids(env, &fia, &all, 0, walk, NULL, NULL), 150);
	assert_int_equal(walk[149], 1000); /* N199: Anna's "Ööö" is N079 to FK */

	/* Over 10 000 matches the count stops there; an admin's plain count does not. */
	testdb_exec(env->t.db,
		    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 10099)"
		    " INSERT INTO participants (id, first_name, last_name, anonymous, sex, birth_year, created_by_org_id, created_at,"
		    " updated_at) SELECT 5000 + i, 'F', printf('M%05d', i), 0, 'female', 1990, 2, 'x', 'x' FROM n;");
	list_ids(env, &anna, &all, 0, walk, &bounded, &total);
	assert_true(bounded);
	assert_int_equal(total, 10000);
	list_ids(env, &admin, &all, 0, walk, &bounded, &total);
	assert_false(bounded);
	assert_int_equal(total, 10305);
	assert_int_equal(list_ids(env, &kim, &all, 0, set, &bounded, &total), 6); /* still narrow */
	assert_false(bounded);
}

TEST_MAIN(
	fixture_unit_test(test_create_named),
	arena_unit_test(test_local_ref_query),
	fixture_unit_test(test_validation),
	fixture_unit_test(test_anonymous),
	fixture_unit_test(test_visibility),
	fixture_unit_test(test_list_and_search),
	fixture_unit_test(test_update_and_anonymise),
	fixture_unit_test(test_consents),
	fixture_unit_test(test_other_organisations),
	fixture_unit_test(test_broad_and_narrow_lists),
)
