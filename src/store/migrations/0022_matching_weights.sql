-- 0022_matching_weights.sql — the weights of matching's factors
-- (docs/matching.md "Matching"), each the points of a factor fully met,
-- 0–100, changed by an admin through PATCH /settings (matching_weights).
INSERT INTO settings (key, value) VALUES ('matching_weight_occupation', '40');
INSERT INTO settings (key, value) VALUES ('matching_weight_municipality', '30');
INSERT INTO settings (key, value) VALUES ('matching_weight_kind', '20');
INSERT INTO settings (key, value) VALUES ('matching_weight_period', '10');
-- Matching's candidates are those whose latest consent to share with
-- employers (by date, then id) is given: this index answers "the latest"
-- for one participant without a sort.
CREATE INDEX consents_latest ON consents(participant_id, kind, date, id);
