-- 0037_unmet_clock_names (SQLite): see 0037_unmet_clock_names.sql; the same index (SQLite
-- compares text byte for byte by default, BINARY), then analysed, as 0034 explains: an index
-- without statistics looks far more selective than it is. Only the new index is read.
CREATE INDEX clocks_unmet_by_name ON clocks (landlord_id, name, case_id) WHERE met_day IS NULL;
ANALYZE clocks_unmet_by_name;
