-- The interventions report of a year: per intervention the unique named and
-- anonymous participants with an enrolment overlapping the year, the
-- enrolments started and ended in it, the volumes reported for it and the
-- unique attendees; and in all. The enrolments are read once, in
-- participant order (the CTE is materialized: it is used several times).
WITH e AS MATERIALIZED (
  SELECT p.id AS pid, p.sex AS sex, p.anonymous AS anonymous, e.intervention_id AS iid,
         e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from) AS overlaps,
         e.start_date >= :from AND e.start_date <= :to AS started,
         e.end_date >= :from AND e.end_date <= :to AS ended
  FROM participants p CROSS JOIN enrolments e
  WHERE e.participant_id = p.id AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')
    AND ((e.start_date <= :to AND (e.end_date IS NULL OR e.end_date >= :from))
         OR (e.start_date >= :from AND e.start_date <= :to) OR (e.end_date >= :from AND e.end_date <= :to))),
people AS (SELECT a.person_key, MIN(a.sex) AS sex FROM attendees a
           WHERE a.date >= :from AND a.date <= :to GROUP BY a.person_key),
attending AS (SELECT DISTINCT a.intervention_id AS iid, a.person_key, k.sex
              FROM attendees a JOIN people k ON k.person_key = a.person_key
              WHERE a.date >= :from AND a.date <= :to)
SELECT iid, CASE anonymous WHEN 0 THEN 'named' ELSE 'anonymous' END, SUM(sex = 'female'), SUM(sex = 'male')
FROM (SELECT iid, anonymous, sex FROM e WHERE overlaps GROUP BY pid, iid) GROUP BY iid, anonymous
UNION ALL
SELECT '*', CASE anonymous WHEN 0 THEN 'named' ELSE 'anonymous' END, SUM(sex = 'female'), SUM(sex = 'male')
FROM (SELECT anonymous, sex FROM e WHERE overlaps GROUP BY pid) GROUP BY anonymous
UNION ALL
SELECT iid, 'enrolments_started', SUM(sex = 'female'), SUM(sex = 'male') FROM e WHERE started GROUP BY iid
UNION ALL
SELECT '*', 'enrolments_started', SUM(sex = 'female'), SUM(sex = 'male') FROM e WHERE started
UNION ALL
SELECT iid, 'enrolments_ended', SUM(sex = 'female'), SUM(sex = 'male') FROM e WHERE ended GROUP BY iid
UNION ALL
SELECT '*', 'enrolments_ended', SUM(sex = 'female'), SUM(sex = 'male') FROM e WHERE ended
UNION ALL
SELECT v.intervention_id, 'volume', SUM(v.women), SUM(v.men) FROM volumes v
WHERE v.period_start >= :from AND v.period_start <= :to GROUP BY v.intervention_id
UNION ALL
SELECT '*', 'volume', SUM(v.women), SUM(v.men) FROM volumes v WHERE v.period_start >= :from AND v.period_start <= :to
UNION ALL
SELECT iid, 'attendees', SUM(sex = 'female'), SUM(sex = 'male') FROM attending GROUP BY iid
UNION ALL
SELECT '*', 'attendees', SUM(sex = 'female'), SUM(sex = 'male') FROM people;
