-- Unique participants per intervention with an enrolment overlapping the
-- period (each once per intervention: the inner GROUP BY), and over all
-- interventions.
SELECT iid, 'count', SUM(sex = 'female'), SUM(sex = 'male')
FROM (SELECT e.intervention_id AS iid, p.sex AS sex
      FROM participants p CROSS JOIN enrolments e
      WHERE e.participant_id = p.id
        AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
        AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')
      GROUP BY p.id, e.intervention_id)
GROUP BY iid
UNION ALL
SELECT '*', 'count', SUM(p.sex = 'female'), SUM(p.sex = 'male')
FROM participants p
WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id
                AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
                AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'));
