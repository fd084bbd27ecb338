package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Column names PostgreSQL 15 gives unaliased select items (from psql's
// header for the same select list).
func TestExprName(t *testing.T) {
	cases := map[string]string{
		"true":                             "?column?",
		"1":                                "?column?",
		"NULL":                             "?column?",
		"1::int":                           "int4",
		"1::integer":                       "int4",
		"1::bigint":                        "int8",
		"1::smallint":                      "int2",
		"'a'::varchar(3)":                  "varchar",
		"'a'::character varying":           "varchar",
		"1.5::double precision":            "float8",
		"1::float8":                        "float8",
		"cast(1 as real)":                  "float4",
		"'x'::char(2)":                     "bpchar",
		"'x'::text":                        "text",
		"1::decimal":                       "numeric",
		"now()::timestamptz":               "now",
		"x::text":                          "x",
		"x::numeric(5,2)":                  "x",
		"1::int2::int8":                    "int8",
		"-x":                               "?column?",
		"(x)":                              "x",
		"t.x":                              "x",
		"extract(year from now())":         "extract",
		"coalesce(1, 2)":                   "coalesce",
		"nullif(1, 2)":                     "nullif",
		"greatest(1, 2)":                   "greatest",
		"count(*)":                         "count",
		"case when true then 1 end":        "case",
		"(case when true then 1 end)::int": "int4",
		"current_user":                     "current_user",
		"user":                             "user",
		"current_catalog":                  "current_catalog",
		"current_schema":                   "current_schema",
		"current_date":                     "current_date",
		"localtimestamp":                   "localtimestamp",
		"'a' like 'b'":                     "?column?",
		"1 in (1)":                         "?column?",
		"x is null":                        "?column?",
		"date '2024-01-01'":                "date",
		"$1":                               "?column?",
		"exists(select 1)":                 "exists",
		"array(select 1)":                  "array",
		"(select 1 as foo)":                "foo",
		"(select 1)":                       "?column?",
		"(select x from t)":                "x",
		"array[1]":                         "array",
		"row(1, 2)":                        "row",
		"(array[1,2])[1]":                  "array",
		"(current_schemas(true))[1]":       "current_schemas",
		"(f(x)).n":                         "n",
		"1 = any(array[1])":                "?column?",
		"1 is distinct from 2":             "?column?",
		"1 in (select 1)":                  "?column?",
	}
	for sql, want := range cases {
		assert.Equal(t, want, ExprName(parseExpr(t, sql)), sql)
	}
}
