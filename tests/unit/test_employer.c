/* test_employer.c — the employer register (domain/employer.c, need.c)
 * against a real SQLite file: validation with Swedish messages, duplicate
 * orgnr (409), sole traders (found only by number, reads audited), the
 * derived SNI section, name prefix search with å/ä/ö, the search filters
 * and the statement shapes agreeing, contact persons audited, networks,
 * recruitment needs and the role checks. */
#include "testutil.h"
#include "domain/employer.h"
#include "domain/need.h"

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};
static const struct actor contact = {.user_id = 0, .org_id = 1, .roles = ROLE_EMPLOYER_CONTACT, .username = "system"};
static const struct actor worker = {.user_id = 0, .org_id = 1, .roles = ROLE_CASE_WORKER, .username = "system"};
static const struct actor reader = {.user_id = 0, .org_id = 1, .roles = ROLE_READER, .username = "system"};
static const struct actor trainer = {.user_id = 0, .org_id = 1, .roles = ROLE_TRAINER, .username = "system"};

static int64_t employer_count(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM employers");
}

static bool has_param(const struct err *e, const char *name)
{
	for (int i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].name, name) == 0) return true;
	return false;
}

static const char *param_reason(const struct err *e, const char *name)
{
	for (int i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].name, name) == 0) return e->params[i].reason;
	return NULL;
}

static int64_t add(struct testenv *env, const char *orgnr, const char *name, const char *sni, const char *size,
		   const char *kommun)
{
	struct employer_input in = {.orgnr = orgnr, .name = name, .sni_code = sni, .size_class = size,
				    .municipality_code = kommun};
	struct employer out;
	struct ctx *c = testenv_ctx(env, &admin);
	int rc = employer_create(c, &in, &out);
	if (rc != 0) fail_msg("create %s: %s", name, c->err.msg);
	return out.id;
}

static void search(struct testenv *env, const struct employer_filter *f, int64_t expect_total, const char *first)
{
	struct page p = {.limit = 50};
	struct employer_list l;
	struct ctx *c = testenv_ctx(env, &reader);
	int rc = employer_list(c, f, &p, &l);
	if (rc != 0) fail_msg("search: %s", c->err.msg);
	assert_int_equal(l.total, expect_total);
	assert_int_equal(l.n, (size_t)expect_total);
	if (first) assert_string_equal(l.items[0].name, first);
}

static void test_create_and_validation(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct employer_input in = {.orgnr = "556677-8899", .name = "Trollhättans Mekaniska AB", .sni_code = "25.620",
				    .size_class = "10-19", .municipality_code = "1488", .city = "Trollhättan"};
	struct employer out;
	struct ctx *c = testenv_ctx(env, &contact);
	assert_int_equal(employer_create(c, &in, &out), 0);
	assert_string_equal(out.orgnr, "5566778899"); /* normalised */
	assert_false(out.sole_trader);
	assert_string_equal(out.sni_code, "25620");
	assert_string_equal(out.sni_section, "C"); /* derived */
	assert_string_equal(out.size_class, "10-19");
	assert_int_equal(out.nnetworks, 0);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'create'"
					       " AND entity = 'employer'"), 1);

	/* Duplicate orgnr, written differently. */
	struct employer_input dup = {.orgnr = "165566778899", .name = "Annat namn AB"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_create(c, &dup, &out), ERR_CONFLICT);
	assert_int_equal(employer_count(env), 1);
	assert_int_equal(audit_count(env), events + 1);

	/* Every wrong field named, with Swedish reasons. */
	struct employer_input bad = {.orgnr = "5566778898", .name = "", .sni_code = "99999", .size_class = "3-7",
				     .municipality_code = "9999", .main_contact_user_id = 4711};
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_create(c, &bad, &out), ERR_INVALID);
	for (const char *f[] = {"orgnr", "name", "sni_code", "size_class", "municipality_code", "main_contact_user_id"},
			**p = f; p < f + 6; p++)
		if (!has_param(&c->err, *p)) fail_msg("no invalid_parameters entry for %s", *p);
	assert_non_null(strstr(param_reason(&c->err, "name"), "Ange ett namn"));
	assert_non_null(strstr(param_reason(&c->err, "size_class"), "storleksklass"));

	/* A section letter is no sni_code: the section is derived. */
	struct employer_input sect = {.orgnr = "5561234567", .name = "Bara avdelning AB", .sni_code = "C"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_create(c, &sect, &out), ERR_INVALID);
	assert_true(has_param(&c->err, "sni_code"));

	/* A name longer than 200 characters (counted as characters, not bytes). */
	char longname[420] = "";
	for (int i = 0; i < 201; i++) strcat(longname, "å");
	struct employer_input lng = {.orgnr = "5561234567", .name = longname};
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_create(c, &lng, &out), ERR_INVALID);
	assert_true(has_param(&c->err, "name"));
	longname[400] = '\0'; /* 200 å */
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_create(c, &lng, &out), 0);
	assert_int_equal(employer_count(env), 2);
}

static void test_roles(void **state)
{
	struct testenv *env = *state;
	struct employer_input in = {.orgnr = "5560000001", .name = "Roll AB"};
	struct employer out;
	struct ctx *c = testenv_ctx(env, &reader);
	assert_int_equal(employer_create(c, &in, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &trainer);
	assert_int_equal(employer_create(c, &in, &out), ERR_FORBIDDEN);
	assert_int_equal(employer_count(env), 0);
	c = testenv_ctx(env, &worker);
	assert_int_equal(employer_create(c, &in, &out), 0);
	struct employer_input patch = {.name = "Roll & Co AB", .has_name = true};
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_update(c, out.id, &patch, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &reader);
	struct employer got;
	assert_int_equal(employer_get(c, out.id, &got), 0);
	assert_string_equal(got.name, "Roll AB");
	/* Networks: case workers do not create them. */
	struct employer_network n = {.name = "CSR Väst"}, nout;
	c = testenv_ctx(env, &worker);
	assert_int_equal(network_create(c, &n, &nout), ERR_FORBIDDEN);
	c = testenv_ctx(env, &contact);
	assert_int_equal(network_create(c, &n, &nout), 0);
	c = testenv_ctx(env, &admin);
	assert_int_equal(network_create(c, &n, &nout), ERR_CONFLICT);
}

static void test_sole_trader(void **state)
{
	struct testenv *env = *state;
	int64_t id = add(env, "19121212-1212", "Tolvans Måleri", "43341", "1-4", "1488");
	struct employer got;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &reader);
	assert_int_equal(employer_get(c, id, &got), 0);
	assert_true(got.sole_trader);
	assert_string_equal(got.orgnr, "1212121212");
	assert_int_equal(audit_count(env), events + 1); /* a personnummer was read */

	/* Not through q (it would be in a URL); through the POST search. */
	struct employer_filter f = {.q = "121212-1212"};
	struct page p = {.limit = 50};
	struct employer_list l;
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_list(c, &f, &p, &l), ERR_INVALID);
	assert_true(has_param(&c->err, "q"));
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_find_orgnr(c, "191212121212", &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, id);
	assert_int_equal(audit_count(env), events + 2);
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_find_orgnr(c, "5560000001", &l), 0);
	assert_int_equal(l.n, 0);
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_find_orgnr(c, "121212-1213", &l), ERR_INVALID);
	assert_true(has_param(&c->err, "orgnr"));

	/* A duplicate sole trader. */
	struct employer_input dup = {.orgnr = "1212121212", .name = "Tolvans Måleri igen"};
	struct employer out;
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_create(c, &dup, &out), ERR_CONFLICT);
}

static void test_search(void **state)
{
	struct testenv *env = *state;
	int64_t a = add(env, "5566778899", "Åkeriet i Trollhättan AB", "49410", "20-49", "1488");
	add(env, "5560000001", "Ängens Förskola AB", "85100", "5-9", "1487");
	add(env, "5561234567", "Öresunds Bygg AB", "41200", "50-99", "1488");
	add(env, "8024791231", "Åsa Byggtjänst Ekonomisk förening", "43210", "1-4", "1488");
	add(env, "2120001421", "Trollhättans stad", "8411", "500+", "1488");
	add(env, "9691234562", "Aros Restaurang HB", "56100", "10-19", "1462");

	struct employer_filter f = {0};
	search(env, &f, 6, "Aros Restaurang HB"); /* unfiltered, by name_key */
	f = (struct employer_filter){.q = "å"};
	search(env, &f, 2, "Åkeriet i Trollhättan AB"); /* lower-case prefix finds Å */
	f = (struct employer_filter){.q = "ÅSA"};
	search(env, &f, 1, "Åsa Byggtjänst Ekonomisk förening");
	f = (struct employer_filter){.q = "  ängens "};
	search(env, &f, 1, "Ängens Förskola AB");
	f = (struct employer_filter){.q = "ö"};
	search(env, &f, 1, "Öresunds Bygg AB");
	f = (struct employer_filter){.q = "a"};
	search(env, &f, 1, "Aros Restaurang HB"); /* a is not å */
	f = (struct employer_filter){.q = "troll"};
	search(env, &f, 1, "Trollhättans stad"); /* a prefix, not a substring */
	f = (struct employer_filter){.q = "zz"};
	search(env, &f, 0, NULL);
	f = (struct employer_filter){.q = "556677-8899"};
	search(env, &f, 1, "Åkeriet i Trollhättan AB");
	f = (struct employer_filter){.q = "5566778899", .municipality_code = "1487"};
	search(env, &f, 0, NULL);

	/* Filters, alone and with a prefix. */
	f = (struct employer_filter){.sni = "F"};
	search(env, &f, 2, "Åsa Byggtjänst Ekonomisk förening");
	f = (struct employer_filter){.sni = "43"};
	search(env, &f, 1, "Åsa Byggtjänst Ekonomisk förening");
	f = (struct employer_filter){.sni = "41.2"};
	search(env, &f, 1, "Öresunds Bygg AB");
	f = (struct employer_filter){.municipality_code = "1488"};
	search(env, &f, 4, "Trollhättans stad");
	f = (struct employer_filter){.municipality_code = "1488", .q = "å"};
	search(env, &f, 2, "Åkeriet i Trollhättan AB");
	f = (struct employer_filter){.size_class = "500+"};
	search(env, &f, 1, "Trollhättans stad");
	f = (struct employer_filter){.sni = "Q", .municipality_code = "1488"};
	search(env, &f, 0, NULL);
	f = (struct employer_filter){.sni = "", .municipality_code = "", .size_class = "", .q = "å"}; /* blank: no filter */
	search(env, &f, 2, "Åkeriet i Trollhättan AB");

	/* Network membership, replaced by PATCH. */
	struct employer_network n = {.name = "Arbetsgivarnätverket Fyrbodal"}, nout;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(network_create(c, &n, &nout), 0);
	int64_t ids[] = {nout.id};
	struct employer_input patch = {.network_ids = ids, .nnetwork_ids = 1, .has_network_ids = true};
	struct employer out;
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_update(c, a, &patch, &out), 0);
	assert_int_equal(out.nnetworks, 1);
	assert_string_equal(out.networks[0].name, "Arbetsgivarnätverket Fyrbodal");
	assert_string_equal(out.name, "Åkeriet i Trollhättan AB"); /* unchanged */
	f = (struct employer_filter){.network_id = nout.id};
	search(env, &f, 1, "Åkeriet i Trollhättan AB");
	int64_t missing[] = {nout.id + 100};
	patch.network_ids = missing;
	c = testenv_ctx(env, &admin);
	assert_int_equal(employer_update(c, a, &patch, &out), ERR_INVALID);
	assert_true(has_param(&c->err, "network_ids[0]"));

	/* ssyk: an active recruitment need for the occupation, at any level. */
	struct need_input ni = {.v = {.ssyk_code = "8332", .headcount = 2}, .has_ssyk_code = true, .has_headcount = true};
	struct need nd;
	c = testenv_ctx(env, &admin);
	assert_int_equal(need_create(c, a, &ni, &nd), 0);
	f = (struct employer_filter){.ssyk = "8332"};
	search(env, &f, 1, "Åkeriet i Trollhättan AB");
	f = (struct employer_filter){.ssyk = "83"};
	search(env, &f, 1, "Åkeriet i Trollhättan AB");
	f = (struct employer_filter){.ssyk = "5321"};
	search(env, &f, 0, NULL);
	struct need_input off = {.v = {.active = false}, .has_active = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(need_update(c, a, nd.id, &off, &nd), 0);
	f = (struct employer_filter){.ssyk = "8332"};
	search(env, &f, 0, NULL);

	/* Bad filters are named. */
	struct page p = {.limit = 50};
	struct employer_list l;
	f = (struct employer_filter){.sni = "04", .size_class = "stor", .municipality_code = "0000", .ssyk = "x"};
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_list(c, &f, &p, &l), ERR_INVALID);
	for (const char *k[] = {"sni", "size_class", "municipality_code", "ssyk"}, **q = k; q < k + 4; q++)
		if (!has_param(&c->err, *q)) fail_msg("no invalid_parameters entry for %s", *q);

	/* Paging keeps the total. */
	p = (struct page){.limit = 2, .offset = 2};
	f = (struct employer_filter){0};
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 6);
	assert_int_equal(l.n, 2);
}

static void test_update_and_workplaces(void **state)
{
	struct testenv *env = *state;
	int64_t id = add(env, "5566778899", "Verkstaden AB", "25620", NULL, NULL);
	/* A user to be the main contact. */
	struct stmt *s = store_prepare(env->t.db, "INSERT INTO orgs (name, kind, created_at, updated_at)"
						  " VALUES ('Förbundet', 'forbund', 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	s = store_prepare(env->t.db, "INSERT INTO users (username, name, org_id, roles, active, created_at, updated_at)"
				     " VALUES ('anna', 'Anna', 1, 'employer_contact', 1, 'x', 'x'),"
				     " ('bo', 'Bo', 1, 'employer_contact', 0, 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	struct employer_workplace wp[] = {{.name = "Verkstan Stallbacka", .municipality_code = "1488"},
					  {.name = "Lagret", .address = "Kanalgatan 1"}};
	struct employer_input in = {.main_contact_user_id = 1, .has_main_contact_user_id = true, .workplaces = wp,
				    .nworkplaces = 2, .has_workplaces = true, .sni_code = "62010", .has_sni_code = true};
	struct employer out;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &worker);
	assert_int_equal(employer_update(c, id, &in, &out), 0);
	assert_int_equal(out.main_contact_user_id, 1);
	assert_int_equal(out.nworkplaces, 2);
	assert_string_equal(out.workplaces[1].address, "Kanalgatan 1");
	assert_string_equal(out.sni_section, "J"); /* re-derived */
	assert_int_equal(audit_count(env), events + 1);

	struct employer_input inactive = {.main_contact_user_id = 2, .has_main_contact_user_id = true};
	c = testenv_ctx(env, &worker);
	assert_int_equal(employer_update(c, id, &inactive, &out), ERR_INVALID);
	assert_true(has_param(&c->err, "main_contact_user_id"));
	struct employer_workplace badwp[] = {{.name = NULL, .municipality_code = "12"}};
	struct employer_input wbad = {.workplaces = badwp, .nworkplaces = 1, .has_workplaces = true};
	c = testenv_ctx(env, &worker);
	assert_int_equal(employer_update(c, id, &wbad, &out), ERR_INVALID);
	assert_true(has_param(&c->err, "workplaces[0].name"));
	assert_true(has_param(&c->err, "workplaces[0].municipality_code"));
	struct employer_input clear = {.has_workplaces = true, .sni_code = NULL, .has_sni_code = true};
	c = testenv_ctx(env, &worker);
	assert_int_equal(employer_update(c, id, &clear, &out), 0);
	assert_int_equal(out.nworkplaces, 0);
	assert_null(out.sni_section);
	c = testenv_ctx(env, &worker);
	assert_int_equal(employer_update(c, id + 99, &clear, &out), ERR_NOT_FOUND);
}

static void test_persons_audited(void **state)
{
	struct testenv *env = *state;
	int64_t id = add(env, "5566778899", "Personal AB", NULL, NULL, NULL);
	struct employer_person_input in = {.name = "Karin Ek", .role = "HR-chef", .phone = "0520-123 45",
					   .email = "karin@example.se"};
	struct employer_person p;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &contact);
	assert_int_equal(employer_person_create(c, id, &in, &p), 0);
	assert_int_equal(audit_count(env), events + 1);
	in.name = "Olle Berg";
	c = testenv_ctx(env, &contact);
	struct employer_person p2;
	assert_int_equal(employer_person_create(c, id, &in, &p2), 0);

	struct page pg = {.limit = 50};
	struct employer_person_list l;
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_person_list(c, id, &pg, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "Karin Ek");
	/* One event names both persons shown. */
	assert_int_equal(testdb_reads_int(env->t.db, "SELECT COUNT(*) FROM reads.audit_reads WHERE action = 'read'"
					       " AND entity = 'employer_person'"), 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "employer_person", p.id), 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "employer_person", p2.id), 1);

	struct employer_person_input bad = {.email = "karin", .has_email = true, .phone = "ring mig", .has_phone = true};
	c = testenv_ctx(env, &contact);
	assert_int_equal(employer_person_update(c, id, p.id, &bad, &p), ERR_INVALID);
	assert_true(has_param(&c->err, "email"));
	assert_true(has_param(&c->err, "phone"));
	struct employer_person_input role = {.role = "VD", .has_role = true};
	c = testenv_ctx(env, &reader);
	assert_int_equal(employer_person_update(c, id, p.id, &role, &p), ERR_FORBIDDEN);
	c = testenv_ctx(env, &contact);
	assert_int_equal(employer_person_update(c, id, p.id, &role, &p), 0);
	assert_string_equal(p.role, "VD");
	assert_string_equal(p.name, "Karin Ek");
	/* The person must belong to the employer of the path. */
	int64_t other = add(env, "5560000001", "Annan AB", NULL, NULL, NULL);
	c = testenv_ctx(env, &contact);
	assert_int_equal(employer_person_delete(c, other, p.id), ERR_NOT_FOUND);
	c = testenv_ctx(env, &contact);
	assert_int_equal(employer_person_delete(c, id, p.id), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE entity = 'employer_person'"
					       " AND action IN ('create', 'update', 'delete')"), 4);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM employer_contact_persons"), 1);
}

static void test_needs(void **state)
{
	struct testenv *env = *state;
	int64_t id = add(env, "5566778899", "Vård AB", "87100", NULL, "1488");
	struct need_input in = {.v = {.ssyk_code = "5321", .headcount = 3, .period_start = "2026-12-01",
				      .period_end = "2027-05-31", .swedish_level = "basic", .driving_licence = true,
				      .praktik = true, .wage_subsidy = true},
				.has_ssyk_code = true, .has_headcount = true};
	struct need n;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &worker);
	assert_int_equal(need_create(c, id, &in, &n), 0);
	assert_true(n.active);
	assert_true(n.driving_licence);
	assert_true(n.praktik);
	assert_false(n.apl);
	assert_string_equal(n.swedish_level, "basic");
	assert_int_equal(audit_count(env), events + 1);

	struct need_input bad = {.v = {.ssyk_code = "53", .headcount = 0, .period_start = "2027-01-01",
				       .period_end = "2026-12-31", .swedish_level = "flytande", .municipality_code = "1"}};
	c = testenv_ctx(env, &worker);
	assert_int_equal(need_create(c, id, &bad, &n), ERR_INVALID);
	for (const char *k[] = {"ssyk_code", "headcount", "period_end", "requirements.swedish_level", "municipality_code"},
			**q = k; q < k + 5; q++)
		if (!has_param(&c->err, *q)) fail_msg("no invalid_parameters entry for %s", *q);
	assert_non_null(strstr(param_reason(&c->err, "ssyk_code"), "fyra siffror"));
	bad.v.ssyk_code = "1234";
	c = testenv_ctx(env, &worker);
	assert_int_equal(need_create(c, id, &bad, &n), ERR_INVALID);
	assert_non_null(strstr(param_reason(&c->err, "ssyk_code"), "Okänd"));

	c = testenv_ctx(env, &reader);
	assert_int_equal(need_create(c, id, &in, &n), ERR_FORBIDDEN);
	c = testenv_ctx(env, &worker);
	assert_int_equal(need_create(c, id + 50, &in, &n), ERR_NOT_FOUND);

	struct need_input patch = {.v = {.headcount = 5, .period_end = NULL}, .has_headcount = true, .has_period_end = true};
	c = testenv_ctx(env, &worker);
	assert_int_equal(need_update(c, id, 1, &patch, &n), 0);
	assert_int_equal(n.headcount, 5);
	assert_null(n.period_end);
	assert_string_equal(n.ssyk_code, "5321");
	struct page p = {.limit = 50};
	struct need_list l;
	c = testenv_ctx(env, &reader);
	assert_int_equal(need_list(c, id, &p, &l), 0);
	assert_int_equal(l.total, 1);
}

/* The SNI rule of create, update and import: digits, never a section alone. */
static void test_sni_check(void **state)
{
	(void)state;
	char out[SNI_CODE_SIZE];
	assert_null(employer_sni_check("25.620", out));
	assert_string_equal(out, "25620");
	assert_null(employer_sni_check("25", out));
	const char *digits = "Ange en SNI-kod med siffror (2–5 siffror, t.ex. 25620 eller 25.620).";
	for (const char *bad[] = {"C", "c", "25-620", "256200", "x"}, **b = bad; b < bad + 5; b++)
		assert_string_equal(employer_sni_check(*b, out), digits);
	assert_string_equal(employer_sni_check("99999", out), "Okänd SNI 2007-kod.");
}

/* Search by municipality takes one of two pages by the count (at most
 * 20 000 matches: sorted from the structure index; more: the name index
 * walked); both give the same order as a plain ORDER BY. */
static void test_municipality_pages(void **state)
{
	struct testenv *env = *state;
	/* 21 000 in 1488 and 300 in 1487, names in no particular order. */
	testdb_exec(env->t.db,
		    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 21300)"
		    " INSERT INTO employers (orgnr, name, name_key, sni_code, sni_section, size_class,"
		    " municipality_code, created_at, updated_at)"
		    " SELECT printf('55%08d', i), printf('Bolag %05d AB', (i * 7919) % 21300),"
		    " printf('bolag %05d ab', (i * 7919) % 21300), '25620', 'C', '1-4',"
		    " CASE WHEN i <= 21000 THEN '1488' ELSE '1487' END, 'x', 'x' FROM n");
	const char *kommun[] = {"1488", "1487"};
	const int64_t totals[] = {21000, 300};
	for (int k = 0; k < 2; k++)
		for (int64_t offset = 0; offset <= 250; offset += 250) {
			struct employer_filter f = {.municipality_code = kommun[k]};
			struct page p = {.limit = 50, .offset = offset};
			struct employer_list l;
			struct ctx *c = testenv_ctx(env, &reader);
			assert_int_equal(employer_list(c, &f, &p, &l), 0);
			assert_int_equal(l.total, totals[k]);
			assert_int_equal(l.n, 50);
			struct stmt *st = store_prepare(env->t.db, "SELECT id FROM employers WHERE municipality_code = :municipality_code"
								   " ORDER BY name_key, id LIMIT 50 OFFSET :offset");
			stmt_bind_text(st, ":municipality_code", kommun[k]);
			stmt_bind_int(st, ":offset", offset);
			for (size_t i = 0; i < l.n; i++) {
				assert_int_equal(stmt_step(st), STORE_ROW);
				assert_int_equal(l.items[i].id, stmt_int(st, 0));
			}
			stmt_done(st);
		}
}

TEST_MAIN(
	testenv_unit_test(test_create_and_validation),
	testenv_unit_test(test_roles),
	testenv_unit_test(test_sole_trader),
	testenv_unit_test(test_search),
	testenv_unit_test(test_update_and_workplaces),
	testenv_unit_test(test_persons_audited),
	testenv_unit_test(test_needs),
	testenv_unit_test(test_municipality_pages),
	cmocka_unit_test(test_sni_check),
)
