-- 0009_start_page.sql — the start page (src/domain/start.c) counts, for
-- one organisation's interventions, the running enrolments, those without
-- their start variables, the follow-ups due and the exits without an
-- outcome, at a million participants within a request. Each is a range of
-- this index per intervention (an intervention, then running: end_date
-- NULL, or ended in a window of end dates), read from the index alone: the
-- other indexes of enrolments order by participant or by end date across
-- every intervention, or need a row lookup per enrolment for its dates.
CREATE INDEX enrolments_work ON enrolments(intervention_id, end_date, start_date, participant_id, exit_reason,
  occupation_before, education_level, support_time, outcome, followup_6m, followup_12m);
