-- Issue 10 (part 1, failure isolation): what preflight learnt beside an image's status.
-- region_check: how each disk's bucket region was decided (GetBucketLocation, or the object read at
--   the image region's endpoint when the bucket's location is denied, or left to ImportImage);
-- warnings: what the operator should know although the image goes on (" | " between warnings).
-- Report columns appended after updated_at; the existing ones keep their names and order.
ALTER TABLE image ADD COLUMN region_check VARCHAR;
ALTER TABLE image ADD COLUMN warnings VARCHAR;
