-- Unique participants with an enrolment ended in the period, by occupation
-- before and after (outcome), and in all (the same people before and after).
WITH ended AS (
  SELECT p.id AS pid, p.sex AS sex, e.occupation_before AS before, e.outcome AS after
  FROM participants p CROSS JOIN enrolments e
  WHERE e.participant_id = p.id AND e.end_date >= :from AND e.end_date <= :to
    AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'))
SELECT before, 'before', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM ended GROUP BY before
UNION ALL
SELECT after, 'after', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM ended GROUP BY after
UNION ALL
SELECT '*', g.name, COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END)
FROM ended, (SELECT 'before' AS name UNION ALL SELECT 'after') g GROUP BY g.name;
