-- Issue 11 (part 2): ImportImage's optional RoleName and ResourceGroupId.
-- inventory_line: the inventory's own columns role_name and resource_group_id, as written.
-- image: the role ECS assumes to read the disk files and the resource group the image is filed in, as
--   the inventory gives them; NULL: the launch's migrator.import.role-name / .resource-group-id, read
--   with the image, so a launch with another setting applies it to the images not yet sent.
-- Report columns appended after warnings; the existing ones keep their names and order.
ALTER TABLE inventory_line ADD COLUMN role_name VARCHAR;
ALTER TABLE inventory_line ADD COLUMN resource_group_id VARCHAR;
ALTER TABLE image ADD COLUMN role_name VARCHAR;
ALTER TABLE image ADD COLUMN resource_group_id VARCHAR;
