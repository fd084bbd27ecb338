array[1,2]
array[i, s]
array['a','b']
array[1,2.5]
array[null]
array[]
array[]::int[]
array['1','2']::int[]
array[1, 'x'::text]
array[txt, vc]
array[d, ts]
(array[1,2])[3]
(array[1,2])[0]
(array[1,2])[1]
(array[1,2,3])[2:]
(array[1,2,3])[:2]
(array[1,2,3])[2:1]
(array[1,2,3])[0:9]
(array[1,2])[1.5]
(array[1,2])['1']
(array[1,2])[null]
(array[1,2])['a']
(array[1,2])[txt]
(i)[1]
('1 2 3'::int2vector)[0]
('1 2 3'::int2vector)[1:2]
('{1,2}'::int[])[2]
'{a,"b c",NULL}'::text[]
'{1,2}'::int[] = array[1,2]
array[1,2] < array[1,3]
array[1,2] = array[1.0,2]
array[1,2] || array[3]
array[1] || 2
0 || array[1]
array['a'] || 'b'::text
array[1] || 'x'::text
array[1] || '{5,6}'
array[txt] || null
1 = any(array[1,null])
2 = any(array[1,null])
2 = all(array[1,null])
1 = all('{}')
null = any('{}'::int[])
1 = any(null::int[])
1 = any(1)
1 + any(array[1])
'a' = any('{a,b}')
'a' = any(array['a'::varchar])
1.5 = any(array[1,2])
i = any(array[7,8])
i <> all(array[7,8])
i < any(array[1,8])
txt = any(array['Hello', 'x'])
txt like any(array['H%', 'x'])
txt ~ any(array['^H', 'x'])
i in (7, 8)
(1,2) = (1,2)
(1,2) = (1,null)
(null,1) = (null,2)
(1,2) < (1,null)
(1,null) < (2,null)
(1,2) <> (1,null)
(1,2) <= (1,2)
(1,'a') < (1,'b')
(1,2) = (1,2,3)
(i, txt) = (7, 'Hello')
(i, txt) in ((7, 'Hello'), (8, 'x'))
(i, txt) not in ((7, 'Hello'), (8, 'x'))
(1,2) = (1,'a')
1 is distinct from null
null is not distinct from null
'a' is distinct from 'a'
i is distinct from 7
nul is distinct from nul
nul is not distinct from 1
1 is distinct from 'x'
'abc' ~ 'B'
'abc' ~* 'B'
'abc' !~ 'B'
'abc' !~* 'B'
'a.c' ~ '\.'
'foo bar' ~ '\mbar'
'x' ~ '[[:<:]]x'
'abc' ~ '('
'abc' ~ '[a'
'abc' ~ '*a'
'abc' ~ '\'
'abc' ~ '[z-a]'
1 ~ 'a'
txt ~ '^H.*o$'
txt ~ nt
'users' ~ '^(users)$'
'a' || chr(10) || 'b' ~ 'a.b'
'a' || chr(10) || 'b' ~ '^b'
'ab]c' ~ '[]]'
'a-b' ~ '[^]a]-'
'ABC' ~ '(?i)abc'
'abc' ~ '***=a.c'
'a.c' ~ '***=a.c'
txt ~ similar_to_escape('H%')
txt ~ similar_to_escape('h%')
'abc' ~ similar_to_escape('(a|b)%')
'a%b' ~ similar_to_escape('a#%b', '#')
'axb' ~ similar_to_escape('a#%b', '#')
regexp_replace('Hello World', 'o', '0')
regexp_replace('Hello World', 'o', '0', 'g')
regexp_replace('abc', '(b)', '[\1\&]')
regexp_replace('abc','B','x','gi')
regexp_replace('a$b', '\$', '$1')
regexp_replace('abc', 'b', 'x', 'z')
regexp_like('abc', 'B', 'i')
regexp_like('abc', 'B')
regexp_like('abc', 'b', 'g')
regexp_match('foobarbequebaz', '(bar)(beque)')
regexp_match('abc', 'x')
regexp_match('abc', 'b')
regexp_match('abc', '(x)?b')
similar_to_escape('a%b_c.d')
similar_to_escape('a#%b', '#')
similar_to_escape('[a-c]%|x')
similar_to_escape('a\%')
5 & 3
5 | 3
5 # 3
~5
1 << 4
256 >> 2
5::int2 & 3::int2
5::int2 & 3
s & 1::smallint
b | 1
1 << 33
-8 >> 1
~s
'a' & 1
1.5 & 1
array_to_string(array[1,null,3], ',')
array_to_string(array[1,null,3], ',', '*')
array_to_string(array['a',null], ',', null)
array_to_string('{}'::text[], ',')
array_to_string(array[d, d], ' ')
array_upper(array[1,2],1)
array_upper(array[1,2],2)
array_upper('{}'::int[], 1)
array_upper('1 2'::int2vector, 1)
array_lower(array[5],1)
array_lower('1 2'::int2vector, 1)
array_length(array[]::int[],1)
array_length(array[1,2], 1)
array_length(array[1],2)
cardinality(array[1,2])
cardinality('{}'::int[])
array_ndims(array[1])
array_ndims('{}'::int[])
array_dims(array[1,2])
array_dims('1 2'::int2vector)
array_position(array['a','b'],'b')
array_position(array[1,2], 3)
array_position(array[1,null,2], null)
array_position(array[1,2,1], 1, 2)
array_append(array[1],2)
array_append(null::int[], 1)
array_prepend(0, array[1])
array_cat(array[1], array[2,3])
array_cat(null::int[], array[1])
string_to_array('a,b,,c', ',')
string_to_array('a,b,,c', ',', '')
string_to_array('abc', null)
string_to_array('abc', '')
string_to_array('', ',')
string_to_array(nt, ',')
coalesce(null, array[1])
coalesce(array[i], array[s])
case when ok then array[txt] else '{x}' end
format_type(1042,-1)
format_type(1042,9)
format_type(1043,-1)
format_type(1043,14)
format_type(1015,14)
format_type(1007,-1)
format_type(1700, 655366)
format_type(1700,-1)
format_type(19,-1)
format_type(18,-1)
format_type(2205,-1)
format_type(99999,-1)
format_type(null,1)
format_type(23, null)
format_type(1114, 3)
format_type(1184,-1)
format_type(1083,2)
format_type(705,-1)
format_type(0,-1)
format_type(22,-1)
format_type(30,-1)
format_type(1009, -1)
format_type(1014, 9)
format_type(1014, -1)
format_type(1231, 655366)
format_type(2249,-1)
format_type(2278,-1)
format_type(16, -1)
format_type(1000,-1)
format_type(3802,-1)
format_type(1033, -1)
format_type(26, -1)
format_type(i::oid, -1)
pg_get_userbyid(12345)
pg_encoding_to_char(6)
pg_encoding_to_char(0)
pg_encoding_to_char(99)
pg_size_pretty(0::bigint)
pg_size_pretty(1023::bigint)
pg_size_pretty(10239::bigint)
pg_size_pretty(10240::bigint)
pg_size_pretty(10485759::bigint)
pg_size_pretty(10485760::bigint)
pg_size_pretty(-10485760::bigint)
pg_size_pretty(1e20::numeric)
pg_size_pretty(1536::numeric)
pg_size_pretty(1536.7::numeric)
pg_size_pretty(-1536.7::numeric)
pg_size_pretty(10240.9::numeric)
pg_size_pretty(123456789012345::bigint)
pg_size_pretty(9223372036854775807)
pg_size_pretty(b)
quote_ident('abc')
quote_ident('Abc')
quote_ident('a"b')
quote_ident('select')
quote_ident('a b')
quote_ident('_x1$')
quote_ident('1a')
quote_ident('user')
quote_ident('name')
quote_ident('int')
quote_ident('')
quote_literal('it''s')
quote_literal(E'a\\b')
quote_literal(42)
quote_literal(d)
quote_literal(nt)
quote_nullable(null)
quote_nullable('x')
quote_nullable(i)
quote_nullable(nul)
format('%s|%I|%L|%%|%L', 'a', 'B c', 'it''s', null)
format('%2$s %1$s', 'a', 'b')
format('%5s|%-5s|', 'ab', 'cd')
format('%s', array[1,2])
format('%I', 'users')
format(null)
format('x')
format('%s %s', 'a')
format('%z', 'a')
format('%I', nt)
format('%s', nt)
format('%s and %s', i, d)
format('%', 1)
format('%0$s', 1)
current_schemas(true)
current_schemas(false)
(current_schemas(true))[1]
array_upper(current_schemas(false), 1)
pg_is_in_recovery()
pg_typeof(1)
pg_typeof('a')
pg_typeof(null)
pg_typeof(array[1])
pg_typeof(pg_typeof(1))
pg_typeof('a'::varchar(3))
pg_typeof(n)
pg_typeof(current_schemas(true))
pg_typeof(txid_current())
pg_typeof(array[txt])
'int4'::regtype::oid
23::regtype
'1259'::regclass
1259::oid::regclass::oid
'-'::regclass
'pg_class'::regclass
'nope'::regclass
'"pg_class"'::regclass
'public'::regnamespace::oid
'integer'::regtype
'int4[]'::regtype
1247::regclass
99999::regclass
1247::regclass::text
'pg_type'::regclass::oid = 1247
1259 = 'pg_class'::regclass
'pg_catalog.pg_class'::regclass::oid
'x'::name
'x'::"char"
'r'::"char" = 'r'
'abc'::"char"
'users'::name = 'users'
'users'::name || 'x'
length('abc'::name)
i::oid
i::oid = 7
'7'::oid
starts_with(txt, 'He')
quote_ident(txt)
