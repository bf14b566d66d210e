-- Issue 11 (part 2): ImportImage's optional RoleName and ResourceGroupId.
-- inventory_line: the inventory's own columns role_name and resource_group_id, as written.
-- image: the role ECS assumes to read the disk files and the resource group the image is filed in,
--   as the plan step decided them (the inventory's value, else migrator.import.role-name /
--   migrator.import.resource-group-id); NULL role (runs planned before this column) is the default role.
-- Report columns appended after warnings; the existing ones keep their names and order.
ALTER TABLE inventory_line ADD COLUMN role_name VARCHAR;
ALTER TABLE inventory_line ADD COLUMN resource_group_id VARCHAR;
ALTER TABLE image ADD COLUMN role_name VARCHAR;
ALTER TABLE image ADD COLUMN resource_group_id VARCHAR;
