DROP TABLE api_tokens;
DROP TABLE handling_thresholds;
DROP TABLE zone_items;
DROP TABLE certificates;
ALTER TABLE items DROP COLUMN cert_months;
ALTER TABLE items DROP COLUMN delegated;
