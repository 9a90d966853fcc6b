/* audit.h — the append-only audit log: who did what to which entity, when
 * and from where. A change's event is written inside the change's
 * transaction, by change_commit, the end of every domain write; reads of
 * personal data go to the read log beside the database (store_reads). */
#ifndef SAMSYN_AUDIT_H
#define SAMSYN_AUDIT_H
#include "ctx.h"

/* Records an event by c->actor (user 0 = system). detail may be NULL and
 * must never hold a personnummer. Returns 0 or ERR_INTERNAL. */
int audit_write(struct ctx *c, const char *action, const char *entity, int64_t entity_id, const char *detail);
/* For events without a logged-in actor (failed logins). */
int audit_write_as(struct ctx *c, int64_t user_id, const char *username, int64_t org_id, const char *action,
		   const char *entity, int64_t entity_id, const char *detail);

/* A change to the database: its audit event, and what the user is told
 * (in Swedish) when it cannot be saved. */
struct change {
	const char *action;   /* "create", "update", "delete", … */
	const char *entity;   /* "org", "participant", … */
	int64_t id;           /* the record's; 0 when none (a code list, the settings) */
	const char *detail;   /* NULL, or a few words; never a personnummer */
	const char *conflict; /* a unique or foreign key violated: ERR_CONFLICT with this; NULL: a failure like any */
	const char *fail;     /* any other failure: ERR_INTERNAL with this ("Kunde inte spara X.") */
};

/* The end of every write, begun with ctx_begin: rc is what its statements
 * gave (STORE_DONE when each did its part, else the first STORE_E*, as
 * stmt_exec and stmt_write_id return them). When done, writes ch's audit
 * event and commits. Otherwise, or when the event or the commit fails,
 * rolls back and sets c->err, the one mapping of store errors for every
 * change: ERR_BUSY "Databasen är upptagen …" when a lock was held past the
 * busy wait, ERR_CONFLICT with ch->conflict for STORE_ECONSTRAINT (when
 * given), else ERR_INTERNAL with ch->fail. Returns 0 or that code. So a
 * domain write is its rules, then
 *   if (ctx_begin(c) != 0) return c->err.code;
 *   … prepare, bind, rc = stmt_exec(s) …
 *   if (change_commit(c, rc, &(struct change){…}) != 0) return c->err.code; */
int change_commit(struct ctx *c, int rc, const struct change *ch);
/* change_commit of a write that only knows whether it went well (ok) and
 * has no conflict to tell. */
int audit_commit(struct ctx *c, bool ok, const char *action, const char *entity, int64_t entity_id, const char *detail,
		 const char *msg);
/* Audits a read of n entities (distinct ids: the caller drops repeats):
 * one `read` event for the read log (store_reads), with entity_id when n
 * is 1, else with the ids in entity_ids, indexed under each of them in
 * audit_read_subjects once AUDIT_INDEX_LISTS such events (or
 * AUDIT_INDEX_SPAN events of any kind) have come after the index's mark;
 * the events of one record find it either way. Queued for the log's
 * writer thread, which writes it right after (see audit.c: what a crash
 * can lose, and the bounds), also when the caller has a transaction open:
 * a read shown is a read made. ERR_BUSY when the writer has failed to
 * write for the busy wait or its queue stayed full for it; ERR_INTERNAL
 * with msg for an event without entity. Thread-safe. */
int audit_reads(struct ctx *c, const char *entity, const int64_t *ids, size_t n, const char *detail, const char *msg);
/* audit_reads of the records of a page shown: n items of item_size bytes,
 * each with its id, an int64_t, at offset id_at (offsetof). */
int audit_reads_of(struct ctx *c, const char *entity, const void *items, size_t n, size_t item_size, size_t id_at,
		   const char *detail, const char *msg);
/* The same for one record: id 0 for none (a read of the log itself). */
int audit_read(struct ctx *c, const char *entity, int64_t id, const char *detail, const char *msg);

/* Waits until every read queued so far is written. Returns 0, or the
 * writer's ERR_BUSY or ERR_INTERNAL once it has failed for the busy wait
 * (the events stay queued). */
int audit_flush(void);
/* Writes what is queued (as audit_flush) and stops the writer thread; a
 * clean stop's last step before the connections close. Events it could
 * not write are logged as lost. The next read starts a writer again. */
void audit_shutdown(void);

struct audit_event {
	int64_t id;
	const char *at;
	int64_t user_id;  /* 0 when none */
	const char *username;
	const char *action, *entity;
	int64_t entity_id; /* 0 when none */
	const char *address, *detail;
	int64_t entity_count;      /* a list read: how many records it named; 0 when not a list read */
	const int64_t *entity_ids; /* the first AUDIT_IDS_LISTED of them, in the order shown */
	size_t n_entity_ids;
	const char *entity_name;   /* the record's name as it is now (a participant's, an intervention's); NULL when none */
};

/* The most ids of one list read that audit_list returns: a SUS export
 * names every participant in it, hundreds of thousands, and a page of
 * such events would not fit an answer. The per-record query finds every
 * one of them all the same. */
#define AUDIT_IDS_LISTED 1000
#define AUDIT_INDEX_LISTS 16
#define AUDIT_INDEX_SPAN 256

struct audit_filter {
	int64_t user_id;     /* 0: all */
	const char *entity;  /* NULL: all */
	int64_t entity_id;   /* 0: all; needs entity (one record's events, list reads naming it included) */
	const char *action;  /* NULL: all */
	const char *from, *to; /* YYYY-MM-DD, inclusive; NULL: open */
};

struct audit_list {
	struct audit_event *items;
	size_t n;
	int64_t total;
};

/* Admin only; newest first, from both tables (audit_events and the read
 * log), after audit_flush. The read itself is audited. */
int audit_list(struct ctx *c, const struct audit_filter *f, const struct page *p, struct audit_list *out);

/* An event's action, entity and detail in Swedish, as the log page shows
 * them (web/src/labels.ts); what is unknown (a detail with a name or a
 * count in it) as written. */
const char *audit_action_label(const char *action);
const char *audit_entity_label(const char *entity);
const char *audit_detail_label(const char *detail);
/* The same for any detail, the ones with counts or a reason in them
 * included ("rows 300, created 300, updated 0" → "300 rader: 300 nya, 0
 * uppdaterade"); what is unknown as written. The one source of the
 * detail's Swedish: GET /audit sends it as detail_text, the log page shows
 * that, and the log file writes it. */
const char *audit_detail_text(struct arena *a, const char *detail);

#endif
