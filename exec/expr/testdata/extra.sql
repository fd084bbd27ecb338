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
