DROP SCHEMA IF EXISTS fx_types CASCADE;
CREATE SCHEMA fx_types;
SET search_path = fx_types;
CREATE TABLE all_types (
  id BIGINT PRIMARY KEY,
  b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION,
  num NUMERIC(12,4), txt TEXT, vc VARCHAR(10), ch CHAR(5), by BYTEA,
  d DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, u UUID, j JSON, jb JSONB
);
INSERT INTO all_types VALUES (1, true, 32767, -2147483648, 9223372036854775807, 1.5, 3.141592653589793,
  12345.6789, 'hello', 'varchar', 'ab', '\xdeadbeef', '2024-02-29', '13:45:30.123', '2024-02-29 13:45:30.5',
  '2024-02-29 13:45:30+02', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1, "a": [1, 2]}', '{"b": 1, "a": [1, 2.50]}');
INSERT INTO all_types (id) VALUES (2);
INSERT INTO all_types (id, f8, num, d, ts) VALUES (3, 'Infinity', '-0.5', '1999-12-31', '2000-01-01 00:00:00');
SELECT * FROM all_types ORDER BY id;
SELECT ch || '|', length(ch), octet_length(by) FROM all_types WHERE id = 1;
SELECT CAST(i4 AS TEXT), CAST('42' AS INT) + 1, CAST(num AS INT), CAST(f8 AS NUMERIC(5,2)) FROM all_types WHERE id = 1;
SELECT 1.5::float4, 1e20::float8, 0.1::float8 + 0.2::float8, 123456789012::float8;
SELECT '2024-01-31'::date + 1, '2024-03-01'::date - '2024-02-01'::date;
SELECT extract(year FROM ts), date_part('month', ts), date_trunc('hour', ts) FROM all_types WHERE id = 1;
INSERT INTO all_types (id, vc) VALUES (4, 'this is far too long');
INSERT INTO all_types (id, num) VALUES (5, 123456789.12345);
INSERT INTO all_types (id, i2) VALUES (6, 40000);
SELECT 'abc'::varchar(2), 'abc'::char(5) || 'x';
SELECT true AND NULL, false AND NULL, true OR NULL, NOT NULL::boolean;
DROP SCHEMA fx_types CASCADE;
