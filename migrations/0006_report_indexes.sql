-- 0006_report_indexes: covering indexes for the measures (issue 4), so CH02's tally by tenure
-- reads two compact indexes instead of the clocks and case_facts tables.
CREATE INDEX clocks_met_cover ON clocks (landlord_id, name, met_day, status, original_due_day, case_id);
CREATE INDEX case_facts_tenure ON case_facts (landlord_id, case_id, tenure);
