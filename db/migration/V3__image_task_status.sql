-- The import task's own word on how it ended (DescribeTasks / DescribeTaskAttribute): its status and,
-- where the task gives one, its message, e.g. "Finished: The image was deleted.". Asked before an
-- image missing from DescribeImages is failed, and when a failed import's reason is wanted.
-- Plain types, valid for PostgreSQL and H2 in PostgreSQL mode.
ALTER TABLE image ADD COLUMN task_status VARCHAR;

-- An adopted image's attempts are its ImportImage calls in the audit, every launch's: found by image.
CREATE INDEX cloud_call_image ON cloud_call (run_id, image_line, action);
