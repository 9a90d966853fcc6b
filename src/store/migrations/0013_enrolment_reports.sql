-- 0013_enrolment_reports.sql — the period reports read each participant's
-- enrolments once, in participant order, from this index alone
-- (src/domain/report_pass.h); the occupation report also reads the
-- occupation before, which the index of 0002 lacked, so each of its rows
-- was a lookup in the table. One short text more per enrolment; what it
-- costs in inserts is in docs/performance.md.
DROP INDEX enrolments_participant;
CREATE INDEX enrolments_participant ON enrolments(participant_id, start_date, end_date, exit_reason, intervention_id,
  outcome, occupation_before);
