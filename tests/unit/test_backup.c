/* test_backup.c — the database copy (domain/backup.c) on a real SQLite
 * file: administrators only, a whole copy with its audit event, never over
 * another file, and nothing left behind when the copy cannot be made. */
#include "testutil.h"
#include "domain/backup.h"
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

TEST_MAIN(
	testenv_unit_test(test_copy),
	testenv_unit_test(test_audit_failure_removes_the_copy),
)
