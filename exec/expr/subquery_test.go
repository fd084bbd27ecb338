package expr

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// fixtureTable is a fixed in-memory table for subquery tests; the same
// tables are CTEs in testdata/gen_oracle.sh.
type fixtureTable struct {
	cols []Column
	rows [][]types.Value
}

var fixtureTables = map[string]fixtureTable{
	"nums": {cols: []Column{{Table: "nums", Name: "n", Type: types.Int4}},
		rows: [][]types.Value{{types.NewInt4(1)}, {types.NewInt4(2)}, {types.NewInt4(3)}}},
	"withnull": {cols: []Column{{Table: "withnull", Name: "n", Type: types.Int4}},
		rows: [][]types.Value{{types.NewInt4(1)}, {types.NullValue}}},
	"pairs": {cols: []Column{{Table: "pairs", Name: "a", Type: types.Int4}, {Table: "pairs", Name: "b", Type: types.Text}},
		rows: [][]types.Value{{types.NewInt4(1), text("x")}, {types.NewInt4(2), text("y")}}},
	"empty": {cols: []Column{{Table: "empty", Name: "n", Type: types.Int4}}},
}

// fixturePlanner implements the SubqueryPlanner contract for
// `SELECT targets [FROM table] [WHERE cond]` over fixtureTables, the way
// exec's planner does: expressions compile against the table's scope with
// the containing query's scope as Outer.
type fixturePlanner struct {
	runs *atomic.Int64 // counts Run calls
}

type fixtureSubquery struct {
	table   fixtureTable
	targets []*Expr
	where   *Expr
	runs    *atomic.Int64
}

func (p fixturePlanner) PlanSubquery(q ast.Query, outer *Scope, params *Params) (Subquery, error) {
	sel := q.(*ast.Select)
	sq := &fixtureSubquery{table: fixtureTable{rows: [][]types.Value{nil}}, runs: p.runs}
	if len(sel.From) == 1 {
		sq.table = fixtureTables[sel.From[0].(*ast.TableRef).Name.Name]
	}
	scope := &Scope{Columns: sq.table.cols, Outer: outer}
	for _, tg := range sel.Targets {
		x, err := Compile(tg.Expr, scope, params)
		if err != nil {
			return nil, err
		}
		sq.targets = append(sq.targets, x)
	}
	if sel.Where != nil {
		w, err := CompileBool(sel.Where, "WHERE", scope, params)
		if err != nil {
			return nil, err
		}
		sq.where = w
	}
	return sq, nil
}

func (s *fixtureSubquery) Types() []types.Type {
	out := make([]types.Type, len(s.targets))
	for i, x := range s.targets {
		out[i] = x.Type
	}
	return out
}

func (s *fixtureSubquery) OuterDepth() int {
	d := 0
	for _, x := range append([]*Expr{s.where}, s.targets...) {
		if x != nil {
			d = max(d, x.OuterDepth())
		}
	}
	return d
}

func (s *fixtureSubquery) Run(env *Env, emit func(row []types.Value) (bool, error)) error {
	if s.runs != nil {
		s.runs.Add(1)
	}
	out := make([]types.Value, len(s.targets))
	for _, row := range s.table.rows {
		if s.where != nil {
			ok, err := s.where.Eval(env, row)
			if err != nil {
				return err
			}
			if ok.K == types.KindNull || ok.I == 0 {
				continue
			}
		}
		for i, x := range s.targets {
			v, err := x.Eval(env, row)
			if err != nil {
				return err
			}
			out[i] = v
		}
		more, err := emit(out)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

func TestSubqueryWithoutPlanner(t *testing.T) {
	_, err := Compile(parseExpr(t, "exists (select 1)"), nil, &Params{})
	requireCode(t, err, "0A000")
}

// TestUncorrelatedSubqueryCached checks that an uncorrelated subquery runs
// once per execution (Env) however many rows use it, and a correlated one
// once per row.
func TestUncorrelatedSubqueryCached(t *testing.T) {
	scope, row := testScope(t)
	cases := []struct {
		sql        string
		correlated bool
		want       string
	}{
		{"2 in (select n from nums)", false, "t"},
		{"(select b from pairs where a = 2)", false, "y"},
		{"exists (select 1 from nums where n = 3)", false, "t"},
		{"array(select n from nums)", false, "{1,2,3}"},
		{"i - 5 in (select n from nums where n < i)", true, "t"},
		{"(select b from pairs where a = i - 6)", true, "x"},
	}
	for _, tc := range cases {
		var runs atomic.Int64
		e, err := Compile(parseExpr(t, tc.sql), scope, &Params{Subqueries: fixturePlanner{runs: &runs}})
		require.NoError(t, err, tc.sql)
		assert.False(t, e.IsConst(), tc.sql)
		assert.Equal(t, 0, e.OuterDepth(), tc.sql)
		env := testEnv()
		for range 3 {
			v, err := e.Eval(env, row)
			require.NoError(t, err, tc.sql)
			assert.Equal(t, tc.want, render(v, e.Type), tc.sql)
		}
		want := int64(1)
		if tc.correlated {
			want = 3
		}
		assert.Equal(t, want, runs.Load(), tc.sql)
		assert.Empty(t, env.Outer, "rows pushed for the subquery are popped")
		// A new execution recomputes.
		_, err = e.Eval(testEnv(), row)
		require.NoError(t, err)
		assert.Equal(t, want+max(1, want/3), runs.Load(), tc.sql)
	}
}

// TestCorrelatedDepth checks outer references two levels up and the
// OuterDepth an expression reports to the planner.
func TestCorrelatedDepth(t *testing.T) {
	outer := &Scope{Columns: []Column{{Table: "o", Name: "x", Type: types.Int4}}}
	mid := &Scope{Columns: []Column{{Table: "m", Name: "y", Type: types.Int4}}, Outer: outer}
	inner := &Scope{Columns: []Column{{Table: "i", Name: "z", Type: types.Int4}}, Outer: mid}
	e, err := Compile(parseExpr(t, "x * 100 + y * 10 + z"), inner, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, e.OuterDepth())
	assert.False(t, e.IsConst())
	_, ok := e.ColumnIndex()
	assert.False(t, ok)
	env := testEnv()
	env.Outer = [][]types.Value{{types.NewInt4(1)}, {types.NewInt4(2)}}
	v, err := e.Eval(env, []types.Value{types.NewInt4(3)})
	require.NoError(t, err)
	assert.Equal(t, int64(123), v.I)

	for sql, code := range map[string]string{
		"w":   "42703", // nowhere
		"o.w": "42703", // o is an outer table without w
		"q.x": "42P01", // no such table at any level
		"m.y": "",
		"o.x": "",
	} {
		_, err := Compile(parseExpr(t, sql), inner, nil)
		if code == "" {
			require.NoError(t, err, sql)
			continue
		}
		requireCode(t, err, code, sql)
	}
	// An ambiguous name at the innermost level that has it is an error
	// even though an outer level would resolve it.
	amb := &Scope{Columns: []Column{{Table: "a", Name: "x", Type: types.Int4}, {Table: "b", Name: "x", Type: types.Int4}}, Outer: outer}
	_, err = Compile(parseExpr(t, "x"), amb, nil)
	requireCode(t, err, "42702")
	// A local column shadows an outer one of the same name.
	shadow := &Scope{Columns: []Column{{Name: "x", Type: types.Text}}, Outer: outer}
	e, err = Compile(parseExpr(t, "x"), shadow, nil)
	require.NoError(t, err)
	assert.Equal(t, types.Text, e.Type)
	assert.Equal(t, 0, e.OuterDepth())
}
