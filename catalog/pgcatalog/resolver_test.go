package pgcatalog

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// TestResolverOutput: numbers cast to reg* print as PostgreSQL 15 prints them.
func TestResolverOutput(t *testing.T) {
	ctx, tbl := sampleContext(t)
	r := Resolver(ctx)
	for _, c := range []struct {
		kind types.Kind
		oid  uint32
		want string
	}{
		{types.KindRegproc, 1397, "pg_catalog.abs"},
		{types.KindRegproc, 750, "array_in"},
		{types.KindRegprocedure, 1397, "abs(integer)"},
		{types.KindRegoper, 551, "pg_catalog.+"},
		{types.KindRegoperator, 551, "+(integer,integer)"},
		{types.KindRegtype, 1034, "aclitem[]"},
		{types.KindRegtype, 18, `"char"`},
		{types.KindRegtype, 1186, "interval"},
		{types.KindRegtype, 1266, "time with time zone"},
		{types.KindRegtype, 1562, "bit varying"},
		{types.KindRegtype, 2277, "anyarray"},
		{types.KindRegtype, 1009, "text[]"},
		{types.KindRegtype, 1002, `"char"[]`},
		{types.KindRegtype, 22, "int2vector"},
		{types.KindRegtype, 3904, "int4range"},
		{types.KindRegtype, 1043, "character varying"},
		{types.KindRegnamespace, 11, "pg_catalog"},
		{types.KindRegnamespace, 2200, "public"},
		{types.KindRegrole, 10, "root"},
		{types.KindRegclass, 1259, "pg_class"},
		{types.KindRegclass, 13207 + 1, ""}, // not a relation we know
		{types.KindRegclass, tbl.OID, "pgcat_probe.items"},
		{types.KindRegclass, tbl.OID + 1, "pgcat_probe.items_pkey"},
	} {
		got, ok := r.RegName(c.kind, c.oid)
		if c.want == "" {
			assert.False(t, ok, "%d", c.oid)
			continue
		}
		require.True(t, ok, "%v %d", c.kind, c.oid)
		assert.Equal(t, c.want, got, "%v %d", c.kind, c.oid)
	}
	// Visible through the search path: unqualified.
	ctx.SearchPath = []string{"pgcat_probe", "public"}
	got, _ := Resolver(ctx).RegName(types.KindRegclass, tbl.OID)
	assert.Equal(t, "items", got)
}

// TestResolverInput: names parse as PostgreSQL 15 parses them.
func TestResolverInput(t *testing.T) {
	ctx, tbl := sampleContext(t)
	r := Resolver(ctx)
	for _, c := range []struct {
		kind      types.Kind
		in        string
		oid       uint32
		canonical string
	}{
		{types.KindRegtype, "int4", 23, "integer"},
		{types.KindRegtype, "_int4", 1007, "integer[]"},
		{types.KindRegtype, "integer[]", 1007, "integer[]"},
		{types.KindRegtype, "varchar(10)", 1043, "character varying"},
		{types.KindRegtype, "double precision", 701, "double precision"},
		{types.KindRegtype, "pg_catalog.text", 25, "text"},
		{types.KindRegtype, "timestamptz", 1184, "timestamp with time zone"},
		{types.KindRegtype, `"char"`, 18, `"char"`},
		{types.KindRegtype, "char", 1042, "character"},
		{types.KindRegtype, "int", 23, "integer"},
		{types.KindRegtype, "interval", 1186, "interval"},
		{types.KindRegprocedure, "sum(int4)", 2108, "sum(integer)"},
		{types.KindRegoperator, "+(int4,int4)", 551, "+(integer,integer)"},
		{types.KindRegoperator, "-(NONE,int4)", 558, "-(NONE,integer)"},
		{types.KindRegproc, "array_in", 750, "array_in"},
		{types.KindRegproc, "pg_catalog.array_in", 750, "array_in"},
		{types.KindRegclass, "pg_class", 1259, "pg_class"},
		{types.KindRegclass, "Pg_Class", 1259, "pg_class"},
		{types.KindRegclass, ` "pg_class" `, 1259, "pg_class"},
		{types.KindRegclass, "pg_catalog.pg_class", 1259, "pg_class"},
		{types.KindRegclass, "information_schema.tables", mustLookup(infoSchema, "tables").OID, "information_schema.tables"},
		{types.KindRegclass, "pgcat_probe.items", tbl.OID, "pgcat_probe.items"},
		{types.KindRegclass, "log", mustRel(t, ctx, "log"), "log"},
		{types.KindRegnamespace, "pgcat_probe", mustNS(t, ctx, "pgcat_probe"), "pgcat_probe"},
		{types.KindRegnamespace, "information_schema", 13207, "information_schema"},
		{types.KindRegrole, "root", 10, "root"},
	} {
		v, err := types.ParseTextWith(c.in, types.Type{Kind: c.kind, Mod: -1}, r)
		require.NoError(t, err, c.in)
		assert.Equal(t, int64(c.oid), v.I, c.in)
		assert.Equal(t, c.canonical, string(types.AppendText(nil, v, types.Type{Kind: c.kind, Mod: -1})), c.in)
	}
}

func mustRel(t *testing.T, ctx *Context, name string) uint32 {
	tb, ok := ctx.Catalog.Table("public", name)
	require.True(t, ok)
	return tb.OID
}

func mustNS(t *testing.T, ctx *Context, name string) uint32 {
	ns, ok := ctx.Catalog.Namespace(name)
	require.True(t, ok)
	return ns.OID
}

func TestResolverErrors(t *testing.T) {
	ctx, _ := sampleContext(t)
	r := Resolver(ctx)
	for _, c := range []struct {
		kind types.Kind
		in   string
		code string
		msg  string
	}{
		{types.KindRegproc, "abs", "42725", `more than one function named "abs"`},
		{types.KindRegoper, "+", "42725", "more than one operator named +"},
		{types.KindRegclass, "nope", "42P01", `relation "nope" does not exist`},
		{types.KindRegclass, "items", "42P01", `relation "items" does not exist`}, // not on the search path
		{types.KindRegrole, "nope", "42704", `role "nope" does not exist`},
		{types.KindRegprocedure, "nope(int)", "42883", `function "nope(int)" does not exist`},
		{types.KindRegtype, "nope", "42704", `type "nope" does not exist`},
		{types.KindRegnamespace, "nope", "3F000", `schema "nope" does not exist`},
	} {
		_, err := types.ParseTextWith(c.in, types.Type{Kind: c.kind, Mod: -1}, r)
		var pe *pgerr.Error
		require.True(t, errors.As(err, &pe), "%s: %v", c.in, err)
		assert.Equal(t, c.code, pe.Code, c.in)
		assert.Equal(t, c.msg, pe.Message, c.in)
	}
}
