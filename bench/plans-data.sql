-- plans-data.sql — the joint plans of the plans benchmark (bench/plans.sh),
-- added with SQL to the cached database of `samsyn gen` (1 000 000
-- participants). Parameters: :plans (300 000), :today, :user (the bench
-- user, who signs the rows), :password (its hash, given to the case
-- workers made here). Read inside BEGIN … COMMIT.

-- The organisations that plan (every one but the förbund), numbered.
CREATE TEMP TABLE bench_orgs AS
  SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS n, id FROM orgs WHERE kind <> 'forbund';

-- Three case workers per organisation ("different orgs and users").
INSERT INTO users (username, name, email, org_id, roles, active, password_hash, must_change_password, created_at, updated_at)
  SELECT 'plans.cw' || o.id || '.' || k.value, 'Planhandläggare ' || o.id || '.' || k.value, NULL, o.id, 'case_worker', 1,
         :password, 0, :today, :today
  FROM bench_orgs o, (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3) k;

-- A toolbox item each step uses.
INSERT INTO toolbox_items (name, municipality_code, provider, stage, has_places, created_at, updated_at, updated_by_user_id,
                           updated_by_org_id)
  VALUES ('Bänkens verktyg', NULL, 'Bänken', 'equip', 1, :today, :today, :user, 1);

-- :plans plans of participants spread over the register (every third
-- one), responsible organisations in turn; 80 % active, 15 % paused with a
-- review date within eight weeks either side of today, 5 % closed.
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :plans)
INSERT INTO plans (id, participant_id, goal, stage, assessed_on, assessed_by_user_id, assessed_by_org_id, responsible_org_id,
                   status, pause_reason, resume_conditions, review_date, version, created_at, updated_at, updated_by_user_id,
                   updated_by_org_id)
  SELECT s.i, ((s.i * 3 - 1) % (SELECT MAX(id) FROM participants)) + 1, 'Arbete', 
         CASE s.i % 5 WHEN 0 THEN 'clarify' WHEN 1 THEN 'guide' WHEN 2 THEN 'equip' WHEN 3 THEN 'employable' ELSE 'matchable' END,
         :today, :user, o.id, o.id,
         CASE WHEN s.i % 20 < 16 THEN 'active' WHEN s.i % 20 < 19 THEN 'paused' ELSE 'closed' END,
         CASE WHEN s.i % 20 BETWEEN 16 AND 18 THEN 'Programmet återkallat' END,
         CASE WHEN s.i % 20 BETWEEN 16 AND 18 THEN 'Nytt beslut' END,
         CASE WHEN s.i % 20 BETWEEN 16 AND 18 THEN date(:today, ((s.i * 7) % 113 - 56) || ' days') END,
         1, :today, :today, :user, o.id
  FROM seq s JOIN bench_orgs o ON o.n = s.i % (SELECT COUNT(*) FROM bench_orgs);

-- A third of the plans have a partner besides the responsible organisation.
INSERT INTO plan_partners (plan_id, org_id)
  SELECT pl.id, o.id FROM plans pl JOIN bench_orgs o ON o.n = (pl.id + 1) % (SELECT COUNT(*) FROM bench_orgs)
  WHERE pl.id % 3 = 0 AND o.id <> pl.responsible_org_id;

-- A step in each plan.
INSERT INTO plan_steps (plan_id, toolbox_id, org_id, state, created_at, updated_at)
  SELECT pl.id, (SELECT MAX(id) FROM toolbox_items), pl.responsible_org_id, 'ongoing', :today, :today FROM plans pl;

-- A handover of every fifth plan (60 000 of 300 000) to another
-- organisation (which becomes a partner): a third pending, a third
-- accepted, a third declined; deadlines from 20 days ago to 40 ahead.
INSERT INTO plan_handovers (plan_id, step_id, from_org_id, to_org_id, note, deadline, status, reason, created_at,
                            created_by_user_id, decided_at, decided_by_user_id)
  SELECT pl.id, NULL, pl.responsible_org_id, o.id, 'Bänkens överlämning', date(:today, ((pl.id * 13) % 61 - 20) || ' days'),
         CASE (pl.id / 5) % 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'accepted' ELSE 'declined' END,
         CASE WHEN (pl.id / 5) % 3 = 2 THEN 'Inga platser' END, :today || 'T08:00:00Z', :user,
         CASE WHEN (pl.id / 5) % 3 <> 0 THEN :today || 'T12:00:00Z' END, CASE WHEN (pl.id / 5) % 3 <> 0 THEN :user END
  FROM plans pl JOIN bench_orgs o ON o.n = (pl.id + 2) % (SELECT COUNT(*) FROM bench_orgs)
  WHERE pl.id % 5 = 0 AND o.id <> pl.responsible_org_id;
INSERT INTO plan_partners (plan_id, org_id)
  SELECT plan_id, to_org_id FROM plan_handovers WHERE true ON CONFLICT DO NOTHING;
