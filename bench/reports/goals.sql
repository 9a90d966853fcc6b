-- Every goal of the year measured: unique participants of the intervention
-- overlapping the year, unique participants whose enrolment ended in it with
-- work or studies, unique attendees (also mentors trained), the volumes.
SELECT g.intervention_id || ',' || g.indicator, 'value', x.w, x.m
FROM intervention_goals g
JOIN (SELECT e.intervention_id AS iid, 'participants' AS indicator,
             COUNT(DISTINCT CASE WHEN p.sex = 'female' THEN p.id END) AS w,
             COUNT(DISTINCT CASE WHEN p.sex = 'male' THEN p.id END) AS m
      FROM enrolments e JOIN participants p ON p.id = e.participant_id
      WHERE e.intervention_id IN (SELECT intervention_id FROM intervention_goals WHERE year = :year AND indicator = 'participants')
        AND e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from)
        AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')
      GROUP BY e.intervention_id
      UNION ALL
      SELECT e.intervention_id, 'work_or_studies',
             COUNT(DISTINCT CASE WHEN p.sex = 'female' THEN p.id END),
             COUNT(DISTINCT CASE WHEN p.sex = 'male' THEN p.id END)
      FROM enrolments e JOIN participants p ON p.id = e.participant_id
      WHERE e.intervention_id IN (SELECT intervention_id FROM intervention_goals WHERE year = :year AND indicator = 'work_or_studies')
        AND e.end_date >= :from AND e.end_date <= :to AND e.outcome IN ('work', 'studies')
        AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')
      GROUP BY e.intervention_id
      UNION ALL
      SELECT a.intervention_id, i.indicator, SUM(a.sex = 'female'), SUM(a.sex = 'male')
      FROM (SELECT intervention_id, person_key, MIN(sex) AS sex FROM attendees
            WHERE date >= :from AND date <= :to GROUP BY intervention_id, person_key) a
      JOIN (SELECT 'attendees' AS indicator UNION ALL SELECT 'mentors_trained') i
      GROUP BY a.intervention_id, i.indicator
      UNION ALL
      SELECT v.intervention_id, 'volume', SUM(v.women), SUM(v.men) FROM volumes v
      WHERE v.period_start >= :from AND v.period_start <= :to GROUP BY v.intervention_id
     ) x ON x.iid = g.intervention_id AND x.indicator = g.indicator
WHERE g.year = :year;
