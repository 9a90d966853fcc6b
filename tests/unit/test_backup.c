/* test_backup.c — the database copy (domain/backup.c) on a real SQLite
 * file: administrators only, a whole copy with its audit event, never over
 * another file, and nothing left behind when the copy cannot be made; and
 * `samsyn copy` (copy_database): administrators only, every row into an
 * empty database, audited in both, never into one that has data, and a
 * password never in the audit log. */
#include "testutil.h"
#include "domain/backup.h"
#include "base/mem.h"
#include "store/conn.h"
#include <sys/stat.h>

static const struct actor admin = {.user_id = 1, .org_id = 1, .roles = ROLE_ADMIN, .username = "admin"};
static const struct actor kansli = {.user_id = 2, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};

static int64_t backups(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'backup' AND entity = 'database'");
}

static void test_copy(void **state)
{
	struct testenv *env = *state;
	testdb_exec(env->t.db, TESTDB_ORGS_SQL TESTDB_USERS_SQL);
	char out[700];
	snprintf(out, sizeof out, "%s/kopia.db", env->t.dir);

	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(backup_database(c, out), ERR_FORBIDDEN);
	assert_int_equal(access(out, F_OK), -1);

	c = testenv_ctx(env, &admin);
	assert_int_equal(backup_database(c, out), 0);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(backups(env), 1);
	struct store *copy;
	struct err e = {0};
	assert_int_equal(store_open(out, &copy, &e), 0);
	assert_int_equal(testdb_int(copy, "SELECT COUNT(*) FROM users"), 4);
	assert_int_equal(testdb_int(copy, "SELECT COUNT(*) FROM orgs"), 4);
	store_close(copy);

	/* Never over another file, not even an earlier copy. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(backup_database(c, out), ERR_CONFLICT);
	assert_int_equal(backups(env), 1);
	unlink(out);
	char wal[720];
	snprintf(wal, sizeof wal, "%s-wal", out);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", out);
	unlink(wal);

	/* A folder that does not exist: an error, no event. */
	snprintf(out, sizeof out, "%s/saknas/kopia.db", env->t.dir);
	c = testenv_ctx(env, &admin);
	assert_int_not_equal(backup_database(c, out), 0);
	assert_non_null(strstr(c->err.msg, "mappen finns inte"));
	assert_int_equal(backups(env), 1);
}

static void test_audit_failure_removes_the_copy(void **state)
{
	struct testenv *env = *state;
	char out[700];
	snprintf(out, sizeof out, "%s/ologgad.db", env->t.dir);
	testdb_break_audit(env->t.db);
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(backup_database(c, out), ERR_INTERNAL);
	assert_int_equal(access(out, F_OK), -1); /* no copy that the log does not know of */
	testdb_mend_audit(env->t.db);
}

static void test_copy_into_empty_database(void **state)
{
	struct testenv *env = *state;
	testdb_exec(env->t.db, TESTDB_ORGS_SQL TESTDB_USERS_SQL);
	char to[700];
	snprintf(to, sizeof to, "%s/flyttad.db", env->t.dir);
	struct copy_result *r = xcalloc(1, sizeof *r);
	assert_int_equal(copy_database(testenv_ctx(env, &kansli), to, r), ERR_FORBIDDEN);
	assert_int_equal(access(to, F_OK), -1);
	assert_int_equal(copy_database(testenv_ctx(env, &admin), to, r), 0);
	int64_t users = 0;
	for (int i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].name, "users") == 0) users = r->tables[i].rows;
	assert_int_equal(users, testdb_int(env->t.db, "SELECT COUNT(*) FROM users"));
	struct stat st;
	assert_int_equal(stat(to, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* personal data */
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'copy' AND detail LIKE 'till %flyttad.db'"), 1);
	/* A second copy into the same database: refused, nothing written. */
	assert_int_equal(copy_database(testenv_ctx(env, &admin), to, r), ERR_CONFLICT);
	assert_non_null(strstr(env->c.err.msg, "inte tom"));
	free(r);
}

static void test_url_without_password(void **state)
{
	(void)state;
	char buf[200];
	assert_string_equal(url_without_password("postgresql://samsyn:hemligt@db.example.se:5432/forbund", buf, sizeof buf),
			    "postgresql://samsyn@db.example.se:5432/forbund");
	assert_string_equal(url_without_password("postgresql://samsyn@db/forbund", buf, sizeof buf), "postgresql://samsyn@db/forbund");
	assert_string_equal(url_without_password("postgresql:///forbund?host=/run/postgresql", buf, sizeof buf),
			    "postgresql:///forbund?host=/run/postgresql");
	assert_string_equal(url_without_password("postgresql://db/forbund?user=s&password=hemligt&sslmode=require", buf, sizeof buf),
			    "postgresql://db/forbund?user=s&password=&sslmode=require");
	assert_string_equal(url_without_password("postgresql://db/forbund?password=hemligt", buf, sizeof buf), "postgresql://db/forbund?password=");
	assert_string_equal(url_without_password("data/samsyn.db", buf, sizeof buf), "data/samsyn.db");
}

TEST_MAIN(
	testenv_unit_test(test_copy),
	testenv_unit_test(test_copy_into_empty_database),
	cmocka_unit_test(test_url_without_password),
	testenv_unit_test(test_audit_failure_removes_the_copy),
)
