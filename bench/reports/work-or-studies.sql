-- Per intervention, unique participants with an enrolment ended in the
-- period, and those of them with outcome work or studies; and in all.
WITH ended AS (
  SELECT p.id AS pid, p.sex AS sex, e.intervention_id AS iid, e.outcome IN ('work', 'studies') AS ws
  FROM participants p CROSS JOIN enrolments e
  WHERE e.participant_id = p.id AND e.end_date >= :from AND e.end_date <= :to
    AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'))
SELECT iid, 'ended', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM ended GROUP BY iid
UNION ALL
SELECT iid, 'work_or_studies', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM ended WHERE ws GROUP BY iid
UNION ALL
SELECT '*', 'ended', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM ended
UNION ALL
SELECT '*', 'work_or_studies', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM ended WHERE ws;
