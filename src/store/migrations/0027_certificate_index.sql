-- 0027_certificate_index.sql — the holders of a certificate, for the
-- candidates of a place that requires one (docs/matching.md "The candidate
-- set and the ranking statements"; docs/performance.md "Matching"). The
-- statements compare certificates without regard to case, so the index is
-- on lower(certificate); few hold any given one, and the tiers that need
-- the requirement met start from them.
CREATE INDEX work_profile_certificates_lower ON work_profile_certificates (lower(certificate), participant_id);
