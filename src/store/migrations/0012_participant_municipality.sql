-- 0012_participant_municipality.sql — a broad participant list filtered by
-- municipality is read in name order along this index, testing each
-- participant of the municipality as it comes and stopping at the page
-- (src/domain/participant.c, "Broad lists"); without it every participant
-- of every municipality was read to find those of one.
CREATE INDEX participants_municipality ON participants(municipality_code, anonymous, last_name, first_name);
