-- 0023_matching_indexes.sql — indexes for the two ranking statements of
-- matching (docs/matching.md "The candidate set and the ranking
-- statement"; docs/performance.md "Matching").
--
-- Matches: the open places in a major group are tested for the
-- participant's reach by their municipality; with it in the index the
-- test reads no place's row. The new index serves every use of the old one.
DROP INDEX opportunities_status_ssyk;
CREATE INDEX opportunities_status_ssyk_municipality ON opportunities(status, ssyk_code, municipality_code);

-- Candidates: the people living within a place's reach who wish for an
-- occupation in its major group. The home is on participants, the wishes
-- here; no index joins them, so the participant's home municipality
-- (participants.municipality_code) is kept beside each of her wishes:
-- written by the profile's PUT and by every change of the participant's
-- municipality (src/domain/matching/profile.c, src/domain/participant.c).
ALTER TABLE work_profile_occupations ADD COLUMN home_municipality_code TEXT;
UPDATE work_profile_occupations SET home_municipality_code =
  (SELECT p.municipality_code FROM participants p WHERE p.id = work_profile_occupations.participant_id);
CREATE INDEX work_profile_occupations_home
  ON work_profile_occupations (home_municipality_code, ssyk_code, participant_id);
