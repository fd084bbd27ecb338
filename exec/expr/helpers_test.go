package expr

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/parse"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// testColumn is one column of the test table t; the same row is built in
// testdata/gen_oracle.sh for PostgreSQL.
type testColumn struct {
	name, typ, text string // text "" means NULL
}

var testColumns = []testColumn{
	{"i", "int4", "7"},
	{"b", "int8", "3000000000"},
	{"s", "int2", "-3"},
	{"n", "numeric(10,2)", "12.50"},
	{"f", "float8", "2.5"},
	{"r", "float4", "1.25"},
	{"txt", "text", "Hello"},
	{"vc", "varchar(10)", "World"},
	{"ch", "char(5)", "ab"},
	{"d", "date", "2024-03-05"},
	{"ts", "timestamp", "2024-03-05 10:20:05.123456"},
	{"tz", "timestamptz", "2024-03-05 10:20:05+00"},
	{"ok", "bool", "true"},
	{"nul", "int4", ""},
	{"nt", "text", ""},
}

// testScope returns the scope and row of table t.
func testScope(t testing.TB) (*Scope, []types.Value) {
	scope := &Scope{}
	row := make([]types.Value, len(testColumns))
	for i, c := range testColumns {
		name, mods := c.typ, []int32(nil)
		if open := strings.IndexByte(name, '('); open >= 0 {
			for _, m := range strings.Split(name[open+1:len(name)-1], ",") {
				var n int32
				for _, ch := range m {
					n = n*10 + int32(ch-'0')
				}
				mods = append(mods, n)
			}
			name = name[:open]
		}
		typ, err := types.LookupTypeName(name, mods)
		require.NoError(t, err, c.typ)
		scope.Columns = append(scope.Columns, Column{Table: "t", Name: c.name, Type: typ})
		if c.text == "" {
			continue
		}
		v, err := types.ParseText(c.text, types.Type{Kind: typ.Kind, Mod: -1})
		require.NoError(t, err, c.text)
		row[i], err = types.Cast(v, typ, false)
		require.NoError(t, err, c.text)
	}
	return scope, row
}

// parseExpr parses `SELECT <sql>` and returns the select item.
func parseExpr(t testing.TB, sql string) ast.Expr {
	stmts, err := parse.Parse("SELECT " + sql)
	require.NoError(t, err, sql)
	require.Len(t, stmts, 1, sql)
	sel, ok := stmts[0].AST.(*ast.Select)
	require.True(t, ok, "%s: %T", sql, stmts[0].AST)
	require.Len(t, sel.Targets, 1, sql)
	return sel.Targets[0].Expr
}

func testEnv(params ...types.Value) *Env {
	return &Env{
		Ctx:           context.Background(),
		Params:        params,
		StatementTime: time.Date(2024, 3, 5, 10, 20, 5, 123456000, time.UTC),
		User:          "alice",
		Database:      "kalam",
		Schema:        "public",
		ServerVersion: "15.0 (KalamDB 0.1.0)",
		Host:          testResolver{},
	}
}

// render formats a value as psql prints it ("NULL" for NULL).
func render(v types.Value, typ types.Type) string {
	if v.IsNull() {
		return "NULL"
	}
	return string(types.AppendText(nil, v, typ))
}

// evalText compiles and evaluates sql against the test row and returns
// its text and type name, or the error.
func evalText(t testing.TB, sql string, params *Params, env *Env) (string, types.Type, error) {
	scope, row := testScope(t)
	e, err := Compile(parseExpr(t, sql), scope, params)
	if err != nil {
		return "", types.Type{}, err
	}
	v, err := e.Eval(env, row)
	if err != nil {
		return "", e.Type, err
	}
	return render(v, e.Type), e.Type, nil
}

func requireCode(t testing.TB, err error, code string, msgAndArgs ...any) *pgerr.Error {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	pe := pgerr.From(err)
	require.Equal(t, code, pe.Code, append(msgAndArgs, pe.Message)...)
	return pe
}

// testResolver is a NameResolver over a few fixed catalog objects, so reg*
// casts can be checked against PostgreSQL without a catalog.
type testResolver struct{}

var testRegObjects = map[types.Kind]map[string]uint32{
	types.KindRegclass:     {"pg_class": 1259, "pg_type": 1247},
	types.KindRegtype:      {"integer": 23, "text": 25, "integer[]": 1007},
	types.KindRegnamespace: {"pg_catalog": 11, "public": 2200},
}

// testRegAliases maps input spellings to the canonical names above.
var testRegAliases = map[string]string{"int4": "integer", "int4[]": "integer[]"}

func (testResolver) ResolveRegName(k types.Kind, name string) (uint32, string, error) {
	canonical := name
	if k != types.KindRegtype {
		parts, err := types.SplitQualifiedName(name)
		if err != nil {
			return 0, "", err
		}
		canonical = parts[len(parts)-1]
	} else if alias, ok := testRegAliases[name]; ok {
		canonical = alias
	}
	if oid, ok := testRegObjects[k][canonical]; ok {
		return oid, canonical, nil
	}
	return 0, "", types.RegNotFound(k, name)
}

func (testResolver) RegName(k types.Kind, oid uint32) (string, bool) {
	for name, o := range testRegObjects[k] {
		if o == oid {
			return name, true
		}
	}
	return "", false
}
