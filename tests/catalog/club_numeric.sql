-- Queries on the club pack's unbounded numeric columns (bookings.paid, facilities.hourly_fee),
-- run on the built dataset and on PostgreSQL 15 from the same source: the same rows, in the
-- same order, value for value (80.000 and 80.00 are equal numbers).
SELECT sum(paid), avg(paid), min(paid), max(paid), count(paid) FROM bookings;
SELECT sum(paid) / count(*), sum(paid) / sum(hours), round(avg(paid), 2) FROM bookings;
SELECT booking_id, paid / 3, paid / hours, round(paid / hours, 2), paid * hours, paid / 7.5 FROM bookings ORDER BY booking_id;
SELECT facility_id, sum(paid / hours), avg(paid / hours) FROM bookings GROUP BY facility_id ORDER BY facility_id;
SELECT name, hourly_fee * 1.5, hourly_fee / 8, round(hourly_fee, 1) FROM facilities ORDER BY name;
SELECT b.booking_id FROM bookings b JOIN facilities f USING (facility_id) WHERE b.paid = f.hourly_fee * b.hours ORDER BY 1;
SELECT count(DISTINCT paid), count(DISTINCT hourly_fee) FROM bookings JOIN facilities USING (facility_id);
SELECT paid, count(*) FROM bookings GROUP BY paid ORDER BY paid NULLS FIRST;
