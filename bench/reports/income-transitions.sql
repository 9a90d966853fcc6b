-- Unique participants per pair of income sources at start and at exit of an
-- enrolment ended in the period, and those with both phases in all.
WITH pairs AS (
  SELECT p.id AS pid, p.sex AS sex, b.code AS bc, a.code AS ac
  FROM participants p CROSS JOIN enrolments e
  JOIN enrolment_income_sources b ON b.enrolment_id = e.id AND b.phase = 'start'
  JOIN enrolment_income_sources a ON a.enrolment_id = e.id AND a.phase = 'exit'
  WHERE e.participant_id = p.id AND e.end_date >= :from AND e.end_date <= :to
    AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'))
SELECT bc || ',' || ac, 'count', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM pairs GROUP BY bc, ac
UNION ALL
SELECT '*', 'count', COUNT(DISTINCT CASE WHEN sex = 'female' THEN pid END),
       COUNT(DISTINCT CASE WHEN sex = 'male' THEN pid END) FROM pairs;
