-- 0011_start_page.sql — the start page (src/domain/start.c) counts, for
-- one organisation's interventions, the running enrolments, those without
-- their start variables, the long-running ones and the follow-ups due, at
-- a million participants within a request (the goals report's counts of
-- participants per intervention read it too). Each is a range of
-- this index per intervention (an intervention, then running: end_date
-- NULL, or ended in a window of end dates), read from the index alone: the
-- other indexes of enrolments order by participant or by end date across
-- every intervention, or need a row lookup per enrolment for its dates.
CREATE INDEX enrolments_work ON enrolments(intervention_id, end_date, start_date, participant_id, exit_reason,
  occupation_before, education_level, support_time, followup_6m, followup_12m);
-- Exits without an outcome (a data-quality warning for the kansli): few in
-- a well-kept register, so a partial index of just those, instead of
-- every exit of two years read to find them. (outcome is not in
-- enrolments_work, so that index does not cover this count and SQLite
-- takes this one.)
CREATE INDEX enrolments_without_outcome ON enrolments(intervention_id, end_date, exit_reason)
  WHERE outcome IS NULL AND end_date IS NOT NULL;
