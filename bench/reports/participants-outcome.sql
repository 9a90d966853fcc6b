-- Each participant once, by the outcome of her latest enrolment in the
-- period (by start date, then id); no outcome while it ran at the period's end.
SELECT o, 'count', SUM(sex = 'female'), SUM(sex = 'male')
FROM (SELECT p.sex AS sex, CASE WHEN e.end_date <= :to THEN e.outcome END AS o,
             ROW_NUMBER() OVER (PARTITION BY p.id ORDER BY e.start_date DESC, e.id DESC) AS n
      FROM participants p CROSS JOIN enrolments e
      WHERE e.participant_id = p.id
        AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
        AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'))
WHERE n = 1
GROUP BY o
UNION ALL
SELECT '*', 'count', SUM(p.sex = 'female'), SUM(p.sex = 'male')
FROM participants p
WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id
                AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
                AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'));
