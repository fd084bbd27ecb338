1 + 2
i + 1
i - 10
i * 3
i / 2
-i / 2
i % 3
-7 % 3
s + s
s * 2
s + i
i + b
b * 2
i + 1.5
i + n
n * 2
n / 3
i / 3.0
1 / 3.0
10::numeric / 4
f + 1
f * r
r + r
r * 2
i + f
n + f
i::float8 / 2
2 ^ 3
2.0 ^ 3
2.5 ^ 2
2.0 ^ 0.5
2 ^ 0.5
-i
-s
-n
-f
+i
'1' + 1
i + '2'
i = 7
i <> 7
i < b
i = 7.0
i = 7.5
n > 12
n = 12.5
f = 2.5
f > i
r = 1.25
txt = 'Hello'
txt < 'World'
txt = vc
ch = 'ab'
ch = 'ab'::text
ch || 'x'
d = '2024-03-05'
d < ts
ts < tz
d = '2024-03-05'::timestamp
ok = true
nul = 1
nul + 1
nul IS NULL
nul IS NOT NULL
i IS NULL
ok AND nul IS NULL
ok AND NULL
NULL AND false
NULL OR true
NULL OR false
NOT ok
NOT (nul = 1)
ok IS TRUE
ok IS NOT TRUE
(nul = 1) IS UNKNOWN
(nul = 1) IS NOT FALSE
false IS FALSE
1 IN (1, 2)
3 IN (1, 2)
1 IN (2, NULL)
1 IN (1, NULL)
1 NOT IN (2, NULL)
1 NOT IN (2, 3)
i IN (7, 8.5)
txt IN ('Hello', 'x')
i BETWEEN 1 AND 10
i NOT BETWEEN 1 AND 10
i BETWEEN 8 AND 10
nul BETWEEN 1 AND 10
'abc' LIKE 'a%'
'abc' LIKE '%c'
'abc' LIKE '%b%'
'abc' LIKE 'a_c'
'abc' LIKE 'a_'
'abc' NOT LIKE 'a%'
'ABC' ILIKE 'a%'
'ABC' NOT ILIKE '%b%'
'a%c' LIKE 'a\%c'
'abc' LIKE 'a\%c'
'héllo' LIKE 'h_llo'
txt LIKE 'H%o'
txt LIKE vc
'' LIKE '%'
'aXbXc' LIKE '%X%X%'
'aaa' LIKE '%a%a%a%a'
nt LIKE 'x'
CASE WHEN i > 5 THEN 'big' ELSE 'small' END
CASE WHEN i > 50 THEN 'big' END
CASE i WHEN 7 THEN 'seven' WHEN 8 THEN 'eight' END
CASE i WHEN 1 THEN 1 ELSE 2.5 END
CASE WHEN true THEN 1 ELSE 2::int8 END
CASE WHEN false THEN 1/0 ELSE 0 END
COALESCE(nul, 5)
COALESCE(nul, i, 3)
COALESCE(NULL, 'x')
COALESCE(nul, 2.5)
NULLIF(i, 7)
NULLIF(i, 8)
NULLIF(1, 2.5)
NULLIF('a', 'b')
GREATEST(1, 5, 3)
GREATEST(1, NULL, 3)
LEAST(i, 2.5)
GREATEST('a', 'b')
LEAST(d, ts)
'a' || 'b'
txt || vc
txt || 1
1 || txt
txt || nul
txt || f
txt || ok
txt || d
txt || n
'x' || ts
lower('HeLLo')
upper(txt)
length('héllo')
char_length(vc)
character_length('abc')
length(ch)
octet_length('héllo')
substring('hello', 2, 3)
substring('hello', 0, 3)
substring('hello', -1, 3)
substring('hello', 2)
substring('hello' from 2 for 2)
substr('hello', 3)
btrim('  hi  ')
btrim('xxhixx', 'x')
ltrim('  hi')
rtrim('hi  ')
rtrim('hixx', 'x')
trim('  hi  ')
trim(both 'x' from 'xxhixx')
trim(leading 'x' from 'xxhixx')
trim(trailing 'x' from 'xxhixx')
concat('a', NULL, 1, true)
concat_ws(',', 'a', NULL, 2)
concat_ws(NULL, 'a')
replace('abcabc', 'b', 'X')
replace('abc', '', 'x')
left('hello', 2)
left('hello', -2)
right('hello', 2)
right('hello', -2)
repeat('ab', 3)
repeat('ab', -1)
reverse('héllo')
position('c' in 'abc')
position('z' in 'abc')
strpos('héllo', 'l')
split_part('a,b,c', ',', 2)
split_part('a,b,c', ',', -1)
split_part('a,b,c', ',', 5)
lpad('hi', 5, 'xy')
lpad('hello', 3)
rpad('hi', 5)
rpad('hi', 5, 'ab')
initcap('hELLO wORLD-foo_bar 3rd')
md5('abc')
starts_with('hello', 'he')
abs(-5)
abs(s)
abs(-2.50)
abs(-f)
abs(r)
round(2.5)
round(-2.5)
round(2.5::float8)
round(3.5::float8)
round(f)
round(1234.567, -2)
round(1.5, 3)
round(n, 1)
round(i)
round(-0.4)
trunc(-1.7)
trunc(1.789, 2)
trunc(2.9::float8)
floor(-1.5)
floor(f)
ceil(1.2)
ceiling(-1.2)
ceil(i)
sqrt(2)
sqrt(2.0)
sqrt(4.0)
sqrt(100::numeric)
sqrt(0.0001)
sqrt(f)
power(2, 10)
power(2.0, 10)
pow(2, 0.5)
mod(-7, 3)
mod(7.5, 2)
mod(s, 2)
mod(b, 7)
sign(-2.5)
sign(i)
sign(0.0)
pi()
exp(1)
ln(10)
log(1000)
extract(year from d)
extract(month from ts)
extract(day from tz)
extract(hour from ts)
extract(minute from ts)
extract(second from ts)
extract(milliseconds from ts)
extract(microseconds from ts)
extract(epoch from ts)
extract(epoch from d)
extract(epoch from tz)
extract(dow from d)
extract(isodow from d)
extract(doy from d)
extract(week from d)
extract(quarter from d)
extract(decade from d)
extract(century from d)
extract(millennium from d)
extract(isoyear from '2024-12-31'::date)
extract(julian from d)
date_part('year', d)
date_part('second', ts)
date_part('epoch', tz)
date_part('hour', d)
date_part('dow', ts)
date_trunc('day', ts)
date_trunc('hour', tz)
date_trunc('week', ts)
date_trunc('month', d)
date_trunc('quarter', ts)
date_trunc('year', ts)
date_trunc('decade', ts)
date_trunc('century', ts)
date_trunc('millennium', ts)
date_trunc('second', ts)
date_trunc('milliseconds', ts)
d + 1
1 + d
d - 1
d - '2024-01-01'::date
d + s
'2024-01-01'::date
'2024-01-01 10:00'::timestamp
'2024-01-01 10:00+02'::timestamptz
'12.5'::numeric(5,2)
12.345::numeric(5,2)
'abc'::varchar(2)
'ab'::char(4)
1::bool
true::int
i::text
f::text
n::int4
2.5::int4
3.5::int4
'1e3'::float8
'  42 '::int4
i::numeric(6,2)
b::int2
d::timestamp
ts::date
tz::date
ts::time
'x'::text = 'x'
cast(i as bigint)
cast('t' as boolean)
CAST(n AS float8)
r::float8
f::float4
f::numeric
1e20::float8
'NaN'::float8 = 'NaN'::float8
'NaN'::float8 > 1
2147483647 + 1
-2147483648::int4 - 1
i * 1000000000
b * b
s * 20000::int2
(-32768)::int2 / (-1)::int2
(-2147483648) / -1
(-2147483648) % -1
9223372036854775807 + 1
1 / 0
1 % 0
1.0 / 0
1.0 % 0
f / 0
f / 0.0
r / 0
1e308::float8 * 10
1e-308::float8 * 1e-308
(-1)::float8 ^ 0.5
0::float8 ^ -1
0.0 ^ -1
(-8.0) ^ (1.0/3)
sqrt(-1)
sqrt(-1::numeric)
abs(-2147483648::int4)
-(-32768::int2)
ln(0)
ln(-1)
'abc' = 5
txt = 5
txt + 1
'a' + 'b'
1 + true
ok + 1
-txt
1 || 2
1 LIKE 'a'
txt LIKE 1
'a' LIKE 'a\'
substring('hello', 1, -1)
split_part('a', ',', 0)
lower(1)
foo(1)
round(1, 2, 3)
now(1)
i AND true
NOT i
1 IS TRUE
'x' IS TRUE
CASE WHEN 1 THEN 1 END
CASE WHEN true THEN 1 ELSE 'a'::text END
COALESCE(1, 'a'::text)
COALESCE(1, 'a')
GREATEST(1, 'a'::text)
1 IN (1, 'a'::text)
i BETWEEN 'a'::text AND 'b'
NULLIF(1, 'a'::text)
d + 1.5
d + d
ts + 1
'2024-13-01'::date
'abc'::int4
'99999999999'::int4
'x'::bool
1::uuid
d::int4
extract(hour from d)
extract(foo from ts)
date_trunc('foo', ts)
extract(day from 1)
date_part('day', 1)
zzz
t.zzz
u.i
lower(txt, txt)
'abc' < 'abd'
i = '5.5'
'7' = i
tz > d
'a' || NULL
NULL::int + 1
1 = NULL
GREATEST(n, f)
LEAST('b'::varchar, 'a')
substring('héllo', 2, 2)
upper('héllo')
date_trunc('day', d)
extract(epoch from '1969-12-31 23:59:59.5'::timestamp)
extract(second from ts::time)
extract(hour from '10:20:30'::time)
date_part('minute', '10:20:30'::time)
extract(day from '10:20:30'::time)
0.1 + 0.2
0.1::float8 + 0.2::float8
1e-5::float8
123456789012::float4
7::int2 / 2::int2
b % 7
b / -1
(-9223372036854775807 - 1) / -1
s - 32767::int2
abs(-9223372036854775807 - 1)
round(123.456::numeric, 1)
round(-125.456, -1)
trunc(-123.456, -1)
mod(-7.5, 2)
power(-2, 3)
power(2, -1)
2 ^ -1
4 ^ 0.5
sqrt(2::numeric)
ceil(-0.5)
floor(0.5::numeric)
sign(-0.0)
sign(-2::float8)
length('')
concat_ws(',')
1.0 = 1
1.50 = 1.5
n = 12.5::float8
'x' = 'x '::char(3)
'x'::char(3) = 'x  '::char(3)
'abc'::varchar(5) = 'abc'
d = tz
ts = '2024-03-05 10:20:05.123456'
d BETWEEN '2024-01-01' AND '2024-12-31'
CASE txt WHEN 'Hello' THEN 1 ELSE 0 END
CASE WHEN nul IS NULL THEN 'null' WHEN nul > 1 THEN 'big' END
CASE WHEN ok THEN ch ELSE vc END
COALESCE(nt, txt, 'z')
NULLIF(txt, 'Hello')
NULLIF(nul, 1)
txt NOT LIKE '%l%'
nt ILIKE '%'
'Straße' ILIKE 'STRASSE'
'ÀB' ILIKE 'àb'
position('' in 'abc')
strpos('abc', 'bc')
left('héllo', 3)
right('héllo', 3)
rpad('héllo', 3)
lpad('x', 4, 'éa')
split_part('a--b--c', '--', 2)
split_part('', ',', 1)
split_part('abc', '', 1)
split_part('abc', '', 2)
btrim('abcba', 'ab')
replace(txt, 'l', '')
repeat('', 5)
reverse('')
initcap('élan vital')
md5('')
ascii('A')
chr(65)
round(n)
round(f * 10) / 10
trunc(f)
abs(-0.0::float8)
i::float4 / 3
1::float4 / 3::float4
1 / 3::float4
1::int8 / 3
extract(year from '0001-01-01 BC'::date)
extract(century from '0001-01-01 BC'::date)
extract(decade from '0001-01-01 BC'::date)
date_trunc('week', '2024-03-10'::timestamp)
date_trunc('quarter', '2024-11-15'::timestamp)
'infinity'::date + 1
'infinity'::timestamp > ts
extract(epoch from 'infinity'::timestamp)
date_part('epoch', '-infinity'::timestamptz)
extract(month from 'infinity'::date)
ts::date + 1
tz::timestamp
d::timestamptz
i::varchar(1)
txt::char(3)
f::int2
'NaN'::numeric + 1
'NaN'::numeric = 'NaN'::numeric
-'NaN'::numeric
'-0'::float8
1.0e10::numeric
