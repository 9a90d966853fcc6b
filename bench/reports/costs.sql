-- The people of the costs report: per intervention of the year (running in
-- it, or with a budget for it) the unique participants with an enrolment
-- overlapping the year, and in all. (Its budget sums read a table of a few
-- hundred rows and are not compared.)
SELECT i.id, 'participants', x.w, x.m
FROM interventions i
JOIN (SELECT iid, SUM(sex = 'female') AS w, SUM(sex = 'male') AS m
      FROM (SELECT e.intervention_id AS iid, p.sex AS sex
            FROM participants p CROSS JOIN enrolments e
            WHERE e.participant_id = p.id
              AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
              AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')
            GROUP BY p.id, e.intervention_id)
      GROUP BY iid) x ON x.iid = i.id
WHERE (i.start_date <= :to AND (i.end_date IS NULL OR i.end_date >= :from))
   OR EXISTS (SELECT 1 FROM intervention_budgets b WHERE b.intervention_id = i.id AND b.year = :year)
UNION ALL
SELECT '*', 'participants', SUM(p.sex = 'female'), SUM(p.sex = 'male')
FROM participants p
WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id
                AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
                AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'));
