-- Creates the objects the psql checks read. Run by psql.sh as
--   psql -X -q -v ON_ERROR_STOP=1 -v S=<schema> -f setup.sql
-- so any failing statement stops the script and fails the "setup" check.
SET TIME ZONE 'UTC';

CREATE SCHEMA :"S";

CREATE TABLE :"S".alltypes (
  id   integer PRIMARY KEY,
  b    boolean,
  i2   smallint,
  i8   bigint,
  f4   real,
  f8   double precision,
  num  numeric(10,2),
  t    text,
  vc   varchar(20),
  c    char(5),
  by   bytea,
  d    date,
  tm   time,
  ts   timestamp,
  tstz timestamptz,
  u    uuid,
  j    json,
  jb   jsonb
);

INSERT INTO :"S".alltypes VALUES
  (1, true, 32767, 9007199254740993, 1.5, 3.141592653589793, 12345.67,
   'it''s "text"', 'varchar', 'ab', '\xdeadbeef', '2024-02-29', '13:14:15.123456',
   '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+02',
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1,  "z": null}', '{"b": [1, 2], "a": "x"}');
INSERT INTO :"S".alltypes (id) VALUES (2);
INSERT INTO :"S".alltypes VALUES
  (3, false, -32768, -9223372036854775807, -0.25, 1e300, -0.05,
   'üñíçødé ✓', '', 'abcde', '\x', '1999-12-31', '00:00:00',
   '1970-01-01 00:00:00', '1970-01-01 00:00:00+00',
   '00000000-0000-0000-0000-000000000000', '[]', '{}');

CREATE TABLE :"S".items (
  id  bigint PRIMARY KEY,
  grp text NOT NULL,
  qty integer
);

INSERT INTO :"S".items VALUES
  (1, 'a', 10), (2, 'b', 20), (3, 'a', 30), (4, 'c', NULL), (5, 'b', 50),
  (6, 'a', 60), (7, 'c', 70), (8, 'b', 80), (9, 'a', 90), (10, 'c', 100);
