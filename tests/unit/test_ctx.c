/* test_ctx.c — role names and the stored role list of domain/ctx.c:
 * role_name/role_parse, roles_parse_list and roles_format (round trip,
 * unknown names, malformed lists), and ctx_init; and the skeletons of the
 * domain's reads and writes against a real SQLite file: change_commit
 * (audit.h: the audit event and the commit, and the one mapping of store
 * errors to ERR_* codes and Swedish messages, with nothing committed on a
 * failure), store_prepare_save and stmt_write_id, get_one, list_all,
 * list_like, row_exists, read_texts and stmt_bind_texts, replace_children,
 * and code_label. */
#include "testutil.h"
#include "domain/check.h"
#include "domain/ctx.h"

static void test_role_names(void **state)
{
	(void)state;
	static const char *const names[ROLE_COUNT] = {
		"admin", "kansli", "case_worker", "employer_contact", "trainer", "reader",
	};
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_string_equal(role_name(1u << i), names[i]);
		assert_int_equal(role_parse(names[i]), 1u << i);
	}
	assert_int_equal(ROLE_ADMIN, role_parse("admin"));
	assert_int_equal(ROLE_READER, role_parse("reader"));
	assert_null(role_name(0));
	assert_null(role_name(ROLE_ADMIN | ROLE_KANSLI)); /* not a single role */
	assert_null(role_name(1u << ROLE_COUNT));
	assert_int_equal(role_parse(""), 0);
	assert_int_equal(role_parse("Admin"), 0);
	assert_int_equal(role_parse("admin "), 0);
	assert_int_equal(role_parse("administrator"), 0);
}

static void test_parse_list(void **state)
{
	(void)state;
	assert_int_equal(roles_parse_list(NULL), 0);
	assert_int_equal(roles_parse_list(""), 0);
	assert_int_equal(roles_parse_list("admin"), ROLE_ADMIN);
	assert_int_equal(roles_parse_list("admin,kansli"), ROLE_ADMIN | ROLE_KANSLI);
	assert_int_equal(roles_parse_list("reader,admin"), ROLE_ADMIN | ROLE_READER);
	assert_int_equal(roles_parse_list("trainer,trainer"), ROLE_TRAINER);
	assert_int_equal(roles_parse_list("admin,kansli,case_worker,employer_contact,trainer,reader"),
			 (1u << ROLE_COUNT) - 1);
	/* Anything unknown or malformed gives 0: no partial permissions. */
	static const char *const bad[] = {
		"admin,boss", "boss", "Admin", "admin ,kansli", " admin", "admin,,kansli", ",admin", "admin,", ",",
		"admin;kansli", "a_name_that_is_much_longer_than_any_role_name_is",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (roles_parse_list(bad[i]) != 0) fail_msg("\"%s\" gave %u", bad[i], roles_parse_list(bad[i]));
}

static void test_format(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	assert_string_equal(roles_format(&a, 0), "");
	assert_string_equal(roles_format(&a, ROLE_ADMIN), "admin");
	assert_string_equal(roles_format(&a, ROLE_READER | ROLE_ADMIN), "admin,reader");
	assert_string_equal(roles_format(&a, (1u << ROLE_COUNT) - 1),
			    "admin,kansli,case_worker,employer_contact,trainer,reader");
	/* Bits beyond the known roles are not written. */
	assert_string_equal(roles_format(&a, ROLE_KANSLI | (1u << 31)), "kansli");
	/* Every combination survives a round trip. */
	for (unsigned bits = 1; bits < (1u << ROLE_COUNT); bits++) {
		char *s = roles_format(&a, bits);
		if (roles_parse_list(s) != bits) fail_msg("%u → \"%s\" → %u", bits, s, roles_parse_list(s));
	}
	arena_free(&a);
}

static void test_ctx_init(void **state)
{
	struct arena *a = *state;
	struct actor who = {.user_id = 5, .roles = ROLE_READER};
	struct ctx c;
	memset(&c, 0x5A, sizeof c);
	ctx_init(&c, NULL, a, &who, "cli");
	assert_null(c.db);
	assert_ptr_equal(c.arena, a);
	assert_ptr_equal(c.actor, &who);
	assert_string_equal(c.address, "cli");
	assert_int_equal(c.err.code, 0);
	assert_int_equal(c.err.nparams, 0);
	assert_string_equal(c.err.msg, "");
	assert_true(actor_has(&who, ROLE_READER));
	assert_false(actor_has(&who, ROLE_ADMIN));
	assert_false(actor_has(NULL, ROLE_ADMIN));
}

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};

/* An organisation saved through the write skeleton as a domain file
 * writes one (id 0: a new one), its id to *id; then the change's outcome. */
static int save_org(struct ctx *c, int64_t id, const char *name, int64_t *saved)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO orgs (name, kind, created_at, updated_at) VALUES (:name, 'af', 'x', 'x') RETURNING id",
		"UPDATE orgs SET name = :name WHERE id = :id RETURNING id");
	stmt_bind_text(s, ":name", name);
	int rc = stmt_write_id(s, saved);
	return change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "org", .id = *saved,
		.detail = "test", .conflict = "Det finns redan en organisation med det namnet.", .fail = "Kunde inte spara organisationen."});
}

static int64_t orgs_named(struct testenv *env, const char *name)
{
	struct stmt *s = store_prepare(env->t.db, "SELECT COUNT(*) FROM orgs WHERE name = :name");
	stmt_bind_text(s, ":name", name);
	int64_t n = -1;
	assert_int_equal(stmt_scalar(s, &n), STORE_ROW);
	return n;
}

static void test_change_commit_done(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env), id = 0, again = 0;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 0, "Arbetsförmedlingen", &id), 0);
	assert_true(id > 0);
	assert_int_equal(c->err.code, 0);
	assert_false(store_in_transaction(env->t.db));
	assert_int_equal(orgs_named(env, "Arbetsförmedlingen"), 1);
	/* The audit event, in the same transaction. */
	assert_int_equal(audit_count(env), events + 1);
	struct stmt *s = store_prepare(env->t.db, "SELECT action, entity, entity_id, detail, username, address"
						  " FROM audit_events ORDER BY id DESC LIMIT 1");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "create");
	assert_string_equal(stmt_text(s, 1), "org");
	assert_int_equal(stmt_int(s, 2), id);
	assert_string_equal(stmt_text(s, 3), "test");
	assert_string_equal(stmt_text(s, 4), "system");
	assert_string_equal(stmt_text(s, 5), "cli");
	stmt_done(s);
	/* An update binds :id itself (store_prepare_save) and keeps the id. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, id, "AF", &again), 0);
	assert_int_equal(again, id);
	assert_int_equal(orgs_named(env, "AF"), 1);
	assert_int_equal(audit_count(env), events + 2);
}

static void test_change_commit_conflict(void **state)
{
	struct testenv *env = *state;
	int64_t af = 0, fk = 0, id = 0;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 0, "AF", &af), 0);
	c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 0, "FK", &fk), 0);
	int64_t events = audit_count(env);
	/* A unique key violated: 409 with the caller's message, nothing saved. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 0, "AF", &id), ERR_CONFLICT);
	assert_int_equal(c->err.code, ERR_CONFLICT);
	assert_string_equal(c->err.msg, "Det finns redan en organisation med det namnet.");
	assert_int_equal(c->err.nparams, 0);
	c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, fk, "AF", &id), ERR_CONFLICT);
	assert_string_equal(c->err.msg, "Det finns redan en organisation med det namnet.");
	assert_false(store_in_transaction(env->t.db));
	assert_int_equal(orgs_named(env, "AF"), 1);
	assert_int_equal(orgs_named(env, "FK"), 1);
	assert_int_equal(audit_count(env), events);

	/* Without a conflict message a constraint is a failure like any, and
	 * what the change wrote before it is rolled back. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(ctx_begin(c), 0);
	struct stmt *s = store_prepare(c->db, "INSERT INTO orgs (name, kind, created_at, updated_at) VALUES ('Ny', 'af', 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	s = store_prepare(c->db, "INSERT INTO orgs (name, kind, created_at, updated_at) VALUES ('AF', 'af', 'x', 'x')");
	int rc = stmt_exec(s);
	assert_int_equal(rc, STORE_ECONSTRAINT);
	assert_int_equal(change_commit(c, rc, &(struct change){.action = "create", .entity = "org", .fail = "Kunde inte spara."}),
			 ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte spara.");
	assert_false(store_in_transaction(env->t.db));
	assert_int_equal(orgs_named(env, "Ny"), 0);
	assert_int_equal(audit_count(env), events);
}

static void test_change_commit_failures(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env), id = -1;
	/* An UPDATE … RETURNING that finds no row wrote nothing: a failure. */
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 999, "AF", &id), ERR_INTERNAL);
	assert_int_equal(id, 0);
	assert_string_equal(c->err.msg, "Kunde inte spara organisationen.");
	assert_false(store_in_transaction(env->t.db));

	/* A lock held past the busy wait: 503's message, whatever the caller's. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(ctx_begin(c), 0);
	assert_int_equal(change_commit(c, STORE_EBUSY, &(struct change){.action = "create", .entity = "org",
		.conflict = "Upptaget.", .fail = "Kunde inte spara."}), ERR_BUSY);
	assert_string_equal(c->err.msg, "Databasen är upptagen just nu. Försök igen om en stund.");
	assert_false(store_in_transaction(env->t.db));

	/* A change whose event cannot be written is not saved either. */
	testdb_break_audit(env->t.db);
	c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 0, "AF", &id), ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte spara organisationen.");
	assert_false(store_in_transaction(env->t.db));
	testdb_mend_audit(env->t.db);
	assert_int_equal(orgs_named(env, "AF"), 0);
	assert_int_equal(audit_count(env), events);
	c = testenv_ctx(env, &admin);
	assert_int_equal(save_org(c, 0, "AF", &id), 0);
	assert_int_equal(audit_count(env), events + 1);
}

static void read_name(struct ctx *c, struct stmt *s, void *out)
{
	*(const char **)out = arena_strdup(c->arena, stmt_text(s, 1));
}

static void test_reads(void **state)
{
	struct testenv *env = *state;
	testdb_exec(env->t.db, TESTDB_ORGS_SQL);
	struct ctx *c = testenv_ctx(env, &admin);
	const char *name = NULL;
	struct stmt *s = store_prepare(c->db, "SELECT id, name FROM orgs WHERE id = :id");
	stmt_bind_int(s, ":id", 3);
	assert_int_equal(get_one(c, s, read_name, &name, "Finns inte.", "Kunde inte läsa."), 0);
	assert_string_equal(name, "FK");
	stmt_bind_int(s, ":id", 99);
	assert_int_equal(get_one(c, s, read_name, &name, "Finns inte.", "Kunde inte läsa."), ERR_NOT_FOUND);
	assert_string_equal(c->err.msg, "Finns inte.");

	/* list_all grows past its first room (8) and gives an array for none. */
	c = testenv_ctx(env, &admin);
	for (int i = 0; i < 20; i++) {
		s = store_prepare(c->db, "INSERT INTO orgs (name, kind, created_at, updated_at) VALUES ('Org ' || :i, 'other', 'x', 'x')");
		stmt_bind_int(s, ":i", 100 + i);
		assert_int_equal(stmt_exec(s), STORE_DONE);
	}
	size_t n = 0;
	const char **names = list_all(c, store_prepare(c->db, "SELECT id, name FROM orgs ORDER BY id"), sizeof *names,
				      read_name, &n, "Kunde inte läsa.");
	assert_non_null(names);
	assert_int_equal(n, 24);
	assert_string_equal(names[0], "Förbundet");
	assert_string_equal(names[23], "Org 119");
	const char **ids = list_all_of_parent(c, "SELECT :parent, name FROM orgs WHERE id = :parent", 2, sizeof *ids,
					      read_name, &n, "Kunde inte läsa.");
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "AF");
	ids = list_all_of_parent(c, "SELECT :parent, name FROM orgs WHERE id = :parent", 999, sizeof *ids, read_name, &n,
				 "Kunde inte läsa.");
	assert_non_null(ids);
	assert_int_equal(n, 0);
	assert_int_equal(c->err.code, 0);
}

struct org_row {
	int64_t id;
	const char *name, *kind, *municipality_code;
};

static void read_org(struct ctx *c, struct stmt *s, void *out)
{
	struct org_row *o = out;
	o->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&o->name, &o->kind, &o->municipality_code, NULL});
}

static void test_lists_and_binds(void **state)
{
	struct testenv *env = *state;
	testdb_exec(env->t.db, TESTDB_ORGS_SQL);
	struct ctx *c = testenv_ctx(env, &admin);
	/* stmt_bind_texts binds each pair, NULL as NULL. */
	struct stmt *s = store_prepare(c->db, "INSERT INTO orgs (name, kind, municipality_code, created_at, updated_at)"
					      " VALUES (:name, :kind, :mun, :now, :now)");
	stmt_bind_texts(s, (const char *const[][2]){{":name", "Trollhättans stad"}, {":kind", "kommun"}, {":mun", "1488"},
		{":now", "2025-01-01T00:00:00Z"}, {NULL}});
	assert_int_equal(stmt_exec(s), STORE_DONE);
	assert_true(row_exists(c, "SELECT 1 FROM orgs WHERE id = :id", 2));
	assert_false(row_exists(c, "SELECT 1 FROM orgs WHERE id = :id", 99));

	/* list_like: the page's search text, % and _ taken literally. */
	struct org_row *rows;
	size_t n = 0;
	int64_t total = 0;
#define MATCH " WHERE (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\')"
	struct page p = {.limit = 2, .offset = 0, .q = "ätt"};
	rows = list_like(c, "SELECT COUNT(*) FROM orgs" MATCH,
			 "SELECT id, name, kind, municipality_code FROM orgs" MATCH " ORDER BY id LIMIT :limit OFFSET :offset", &p,
			 sizeof *rows, read_org, &n, &total, "Kunde inte läsa.");
	assert_non_null(rows);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].name, "Trollhättans stad");
	assert_string_equal(rows[0].kind, "kommun");
	assert_string_equal(rows[0].municipality_code, "1488");
	p = (struct page){.limit = 2, .offset = 2, .q = NULL};
	rows = list_like(c, "SELECT COUNT(*) FROM orgs" MATCH,
			 "SELECT id, name, kind, municipality_code FROM orgs" MATCH " ORDER BY id LIMIT :limit OFFSET :offset", &p,
			 sizeof *rows, read_org, &n, &total, "Kunde inte läsa.");
	assert_int_equal(total, 5);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, 3);
	assert_null(rows[0].municipality_code);
	p.q = "%";
	rows = list_like(c, "SELECT COUNT(*) FROM orgs" MATCH,
			 "SELECT id, name, kind, municipality_code FROM orgs" MATCH " ORDER BY id LIMIT :limit OFFSET :offset", &p,
			 sizeof *rows, read_org, &n, &total, "Kunde inte läsa.");
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
#undef MATCH

	/* replace_children: the parent's old rows go, the new ones come. */
	testdb_exec(env->t.db, "INSERT INTO interventions (id, name, kind, owner_org_id, start_date, status, measurement,"
			       " created_at, updated_at) VALUES (7, 'Insats', 'individual', 2, '2025-01-01', 'active',"
			       " 'participants', 'x', 'x');"
			       " INSERT INTO intervention_partners (intervention_id, org_id) VALUES (7, 3);");
	const int64_t partners[] = {1, 4};
	assert_int_equal(ctx_begin(c), 0);
	assert_int_equal(replace_children(c, "DELETE FROM intervention_partners WHERE intervention_id = :parent",
					  "INSERT INTO intervention_partners (intervention_id, org_id) VALUES (:parent, :item)",
					  7, partners, 2, bind_int_item), STORE_DONE);
	assert_int_equal(change_commit(c, STORE_DONE, &(struct change){.action = "update", .entity = "intervention", .id = 7,
		.fail = "Kunde inte spara."}), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT group_concat(org_id, '') FROM (SELECT org_id FROM intervention_partners"
					       " WHERE intervention_id = 7 ORDER BY org_id)"), 14);
	/* A row that breaks a key stops it with the store's error. */
	const int64_t unknown[] = {2, 999};
	assert_int_equal(ctx_begin(c), 0);
	assert_int_equal(replace_children(c, "DELETE FROM intervention_partners WHERE intervention_id = :parent",
					  "INSERT INTO intervention_partners (intervention_id, org_id) VALUES (:parent, :item)",
					  7, unknown, 2, bind_int_item), STORE_ECONSTRAINT);
	store_rollback(c->db);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM intervention_partners WHERE intervention_id = 7"), 2);
}

static void test_code_label(void **state)
{
	(void)state;
	static const char *const kinds[][2] = {{"af", "Arbetsförmedlingen"}, {"fk", "Försäkringskassan"}};
	assert_string_equal(CODE_LABEL(kinds, "fk"), "Försäkringskassan");
	assert_string_equal(CODE_LABEL(kinds, "kommun"), "kommun"); /* unknown: as written */
	assert_null(CODE_LABEL(kinds, NULL));
	assert_true(CODE_KNOWN(kinds, "af"));
	assert_false(CODE_KNOWN(kinds, "AF"));
	assert_false(CODE_KNOWN(kinds, "Arbetsförmedlingen"));
	assert_false(CODE_KNOWN(kinds, NULL));
}

TEST_MAIN(
	cmocka_unit_test(test_role_names),
	cmocka_unit_test(test_parse_list),
	cmocka_unit_test(test_format),
	arena_unit_test(test_ctx_init),
	testenv_unit_test(test_change_commit_done),
	testenv_unit_test(test_change_commit_conflict),
	testenv_unit_test(test_change_commit_failures),
	testenv_unit_test(test_reads),
	testenv_unit_test(test_lists_and_binds),
	cmocka_unit_test(test_code_label),
)
