-- matching-data.sql — the matching benchmark's data (bench/matching.sh),
-- run by the sqlite3 shell on the copy of the generated database. It
-- gives the participants a home spread over the 290 kommuner (gen puts
-- them all in the förbund's eight), and adds :profiles work profiles with a
-- consent to share with employers, :employers employers and :places open
-- places. Deterministic: every choice is a draw from one MINSTD stream
-- (x' = 48271 x mod 2^31 - 1) kept in the table rnd, entity i's draw k
-- being rnd row i * 32 + k. Spreads (design choices, meant to look like
-- Sweden rather than to be exact):
--   - homes: the twelve largest kommuner with about their share of the
--     population (Stockholm 9.4 %, Göteborg 5.7 %, Malmö 3.4 % …), the
--     other 278 sharing the rest unevenly (weight 0.03 + 1.2 u³, u a draw
--     per kommun); the places' municipalities follow the same spread;
--   - occupations: the 429 SSYK 2012 unit groups in a shuffled order, unit
--     number 1 + floor(429 u²) (the most common about 5 %, a long tail),
--     for wishes and places alike; 1 to 3 per profile (50 %, 35 %, 15 %);
--   - listed municipalities: none for 55 %, one neighbour of the home for
--     30 %, two for 15 %;
--   - requirements on a share of the places: licence 25 %, Swedish 50 %,
--     upper secondary 20 %, a certificate 10 %.
-- Needs the parameters :today (YYYY-MM-DD), :profiles, :places,
-- :employers and :user, :org (who made the places), and the temp tables
-- raw_ssyk(level, code, title, parent), raw_kommun(kod, namn, lan_kod,
-- lan_namn) and raw_nb(kod_a, kod_b) imported from src/se/data.

CREATE TEMP TABLE rnd (n INTEGER PRIMARY KEY, u REAL NOT NULL);
WITH RECURSIVE g(n, x) AS (SELECT 1, 20261202 UNION ALL
	SELECT n + 1, (x * 48271) % 2147483647 FROM g WHERE n < 32 * (MAX(:profiles, :places, :employers) + 1000))
INSERT INTO temp.rnd SELECT n, x / 2147483647.0 FROM g;

-- Kommuner with their weight, and the cumulative spread [lo, hi).
CREATE TEMP TABLE kw (code TEXT PRIMARY KEY, w REAL NOT NULL);
INSERT INTO temp.kw SELECT k.kod, CASE k.kod
	WHEN '0180' THEN 9.4 WHEN '1480' THEN 5.7 WHEN '1280' THEN 3.4 WHEN '0380' THEN 2.3
	WHEN '0580' THEN 1.6 WHEN '1980' THEN 1.5 WHEN '1880' THEN 1.5 WHEN '0581' THEN 1.4
	WHEN '1283' THEN 1.4 WHEN '0680' THEN 1.4 WHEN '2480' THEN 1.2 WHEN '1281' THEN 1.2
	ELSE 0.03 + 1.2 * r.u * r.u * r.u END
	FROM temp.raw_kommun k JOIN temp.rnd r ON r.n = 7 + CAST(k.kod AS INTEGER);
CREATE TEMP TABLE kcum (lo REAL PRIMARY KEY, code TEXT NOT NULL);
INSERT INTO temp.kcum SELECT (SUM(w) OVER (ORDER BY code) - w) / (SELECT SUM(w) FROM temp.kw), code FROM temp.kw;
-- Neighbours both ways, numbered per kommun.
CREATE TEMP TABLE nb (code TEXT NOT NULL, r INTEGER NOT NULL, other TEXT NOT NULL, PRIMARY KEY (code, r));
INSERT INTO temp.nb SELECT a, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b), b
	FROM (SELECT kod_a AS a, kod_b AS b FROM temp.raw_nb UNION SELECT kod_b, kod_a FROM temp.raw_nb);
CREATE TEMP TABLE ndeg (code TEXT PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO temp.ndeg SELECT code, COUNT(*) FROM temp.nb GROUP BY code;
-- Unit groups in a shuffled order.
CREATE TEMP TABLE units (n INTEGER PRIMARY KEY, code TEXT NOT NULL);
INSERT INTO temp.units (code) SELECT code FROM temp.raw_ssyk WHERE level = 'unit'
	ORDER BY (CAST(code AS INTEGER) * 2654435761) % 4294967296;

-- Every participant a home by the spread (draws from the high end of rnd
-- would cost a million rows more: a multiplicative hash of the id instead).
UPDATE participants SET municipality_code = (SELECT code FROM temp.kcum
	WHERE lo <= ((participants.id * 2654435761) % 4294967296) / 4294967296.0 ORDER BY lo DESC LIMIT 1);

-- The profiled: :profiles named participants, spread over the ids.
CREATE TEMP TABLE chosen (i INTEGER PRIMARY KEY, pid INTEGER NOT NULL);
INSERT INTO temp.chosen (pid) SELECT id FROM participants WHERE anonymous = 0
	ORDER BY (id * 2246822519) % 4294967296 LIMIT :profiles;
-- A draw k of entity i.
CREATE TEMP VIEW d AS SELECT c.i AS i, c.pid AS pid,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 1) AS u1, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 2) AS u2,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 3) AS u3, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 4) AS u4,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 5) AS u5, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 6) AS u6,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 7) AS u7, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 8) AS u8,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 9) AS u9, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 10) AS u10,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 11) AS u11, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 12) AS u12,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 13) AS u13, (SELECT u FROM temp.rnd WHERE n = c.i * 32 + 14) AS u14,
	(SELECT u FROM temp.rnd WHERE n = c.i * 32 + 15) AS u15
	FROM temp.chosen c;
CREATE TEMP TABLE pd AS SELECT * FROM temp.d;

INSERT INTO work_profiles (participant_id, driving_licence, swedish_level, upper_secondary, hours_per_week,
	limitations, updated_at)
SELECT pid, u1 < 0.55, CASE WHEN u2 < 0.10 THEN NULL WHEN u2 < 0.15 THEN 'none' WHEN u2 < 0.40 THEN 'basic'
	WHEN u2 < 0.75 THEN 'good' ELSE 'fluent' END, u3 < 0.65, 20 + CAST(u4 * 21 AS INTEGER), NULL,
	:today || 'T08:00:00Z'
	FROM temp.pd;
-- With her home beside each wish, as the profile's PUT writes it (migration 0023).
INSERT OR IGNORE INTO work_profile_occupations (participant_id, ssyk_code, home_municipality_code)
SELECT pid, (SELECT code FROM temp.units WHERE n = 1 + CAST(429 * u AS INTEGER)),
	(SELECT p.municipality_code FROM participants p WHERE p.id = pid)
	FROM (SELECT pid, u5 * u5 AS u FROM temp.pd
		UNION ALL SELECT pid, u6 * u6 FROM temp.pd WHERE u8 >= 0.50
		UNION ALL SELECT pid, u7 * u7 FROM temp.pd WHERE u8 >= 0.85);
INSERT OR IGNORE INTO work_profile_municipalities (participant_id, municipality_code)
SELECT pd.pid, (SELECT other FROM temp.nb WHERE nb.code = p.municipality_code AND nb.r = 1 + CAST(x.u * g.n AS INTEGER))
	FROM temp.pd pd JOIN participants p ON p.id = pd.pid JOIN temp.ndeg g ON g.code = p.municipality_code
	JOIN (SELECT pid, u10 AS u FROM temp.pd WHERE u9 >= 0.55 UNION ALL SELECT pid, u11 FROM temp.pd WHERE u9 >= 0.85) x
	ON x.pid = pd.pid;
INSERT INTO work_profile_open_to (participant_id, kind)
SELECT pid, 'praktik' FROM temp.pd WHERE u12 < 0.6
UNION ALL SELECT pid, 'arbetstraning' FROM temp.pd WHERE u12 >= 0.3 AND u12 < 0.7
UNION ALL SELECT pid, 'apl' FROM temp.pd WHERE u13 < 0.2
UNION ALL SELECT pid, 'wage_subsidy' FROM temp.pd WHERE u13 >= 0.5
UNION ALL SELECT pid, 'employment' FROM temp.pd WHERE u14 < 0.8;
INSERT INTO work_profile_certificates (participant_id, position, certificate)
SELECT pid, 0, CASE CAST(u15 * 100 AS INTEGER) % 5 WHEN 0 THEN 'Truckkort A' WHEN 1 THEN 'Hygienkurs'
	WHEN 2 THEN 'Heta arbeten' WHEN 3 THEN 'ID06' ELSE 'Yrkeskompetensbevis' END
	FROM temp.pd WHERE u15 < 0.15;
-- The consent, dated after any gen gave or withdrew, so it is the latest.
INSERT INTO consents (participant_id, kind, status, date, scope, recorded_by_user_id, created_at, org_id)
SELECT pd.pid, 'share_with_employers', 'given', :today, 'Arbetsgivare i matchningen', :user,
	:today || 'T08:00:00Z', p.created_by_org_id
	FROM temp.pd pd JOIN participants p ON p.id = pd.pid;

-- Employers: :employers of them, spread as the homes.
WITH RECURSIVE e(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM e WHERE i < :employers)
INSERT INTO employers (orgnr, name, name_key, municipality_code, created_at, updated_at)
SELECT printf('55%08d', i), 'Arbetsgivare ' || i || ' AB', 'arbetsgivare ' || i || ' ab',
	(SELECT code FROM temp.kcum WHERE lo <= (SELECT u FROM temp.rnd WHERE n = e.i * 32 + 20) ORDER BY lo DESC LIMIT 1),
	:today || 'T08:00:00Z', :today || 'T08:00:00Z' FROM e;

-- Open places: :places of them, at an employer each, in the employer's
-- municipality; the occupation by the same spread as the wishes.
CREATE TEMP TABLE od AS
WITH RECURSIVE o(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM o WHERE i < :places)
SELECT i, (SELECT u FROM temp.rnd WHERE n = i * 32 + 21) AS u1, (SELECT u FROM temp.rnd WHERE n = i * 32 + 22) AS u2,
	(SELECT u FROM temp.rnd WHERE n = i * 32 + 23) AS u3, (SELECT u FROM temp.rnd WHERE n = i * 32 + 24) AS u4,
	(SELECT u FROM temp.rnd WHERE n = i * 32 + 25) AS u5, (SELECT u FROM temp.rnd WHERE n = i * 32 + 26) AS u6,
	(SELECT u FROM temp.rnd WHERE n = i * 32 + 27) AS u7, (SELECT u FROM temp.rnd WHERE n = i * 32 + 28) AS u8,
	(SELECT u FROM temp.rnd WHERE n = i * 32 + 29) AS u9, (SELECT u FROM temp.rnd WHERE n = i * 32 + 30) AS u10
	FROM o;
INSERT INTO opportunities (employer_id, need_id, kind, ssyk_code, municipality_code, places, start_date, end_date,
	req_driving_licence, req_swedish_level, req_upper_secondary, req_certificate, contact_person_id, title, note,
	status, org_id, created_by_user_id, created_at, updated_at)
SELECT em.id, NULL,
	CASE WHEN u2 < 0.30 THEN 'praktik' WHEN u2 < 0.45 THEN 'arbetstraning' WHEN u2 < 0.55 THEN 'apl'
		WHEN u2 < 0.70 THEN 'wage_subsidy' WHEN u2 < 0.95 THEN 'employment' ELSE 'job_track' END,
	(SELECT code FROM temp.units WHERE n = 1 + CAST(429 * u3 * u3 AS INTEGER)), em.municipality_code,
	1 + CAST(u4 * 4 AS INTEGER),
	CASE WHEN u5 < 0.3 THEN NULL ELSE date(:today, printf('%+d days', CAST(u5 * 180 AS INTEGER) - 60)) END,
	CASE WHEN u6 < 0.5 THEN NULL ELSE date(:today, printf('%+d days', CAST(u6 * 365 AS INTEGER) - 30)) END,
	u7 < 0.25, CASE WHEN u8 < 0.50 THEN NULL WHEN u8 < 0.75 THEN 'basic' WHEN u8 < 0.95 THEN 'good' ELSE 'fluent' END,
	u9 < 0.20, CASE WHEN u10 < 0.10 THEN 'Truckkort A' END, NULL, 'Plats ' || od.i, NULL,
	'open', :org, :user, :today || 'T08:00:00Z', :today || 'T08:00:00Z'
	FROM temp.od od JOIN employers em ON em.orgnr = printf('55%08d', 1 + CAST(od.u1 * :employers AS INTEGER) % :employers);
