package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestCursorStatements(t *testing.T) {
	sel1 := &ast.Select{Targets: targets(i4(1))}
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		{`DECLARE "c" CURSOR WITHOUT HOLD FOR SELECT 1`, &ast.DeclareCursor{
			Name: "c", Query: sel1, SQL: `DECLARE "c" CURSOR WITHOUT HOLD FOR SELECT 1`,
		}},
		{"declare C no scroll cursor with hold for values (1)  ", &ast.DeclareCursor{
			Name: "c", Query: &ast.Values{Rows: [][]ast.Expr{{i4(1)}}}, Hold: true,
			SQL: "declare C no scroll cursor with hold for values (1)",
		}},
		{"DECLARE c INSENSITIVE CURSOR FOR SELECT 1", &ast.DeclareCursor{
			Name: "c", Query: sel1, SQL: "DECLARE c INSENSITIVE CURSOR FOR SELECT 1",
		}},
		{`FETCH FORWARD 2000 FROM "name"`, &ast.Fetch{Name: "name", Direction: ast.FetchForward, Count: 2000}},
		{"FETCH c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: 1}},
		{"FETCH NEXT IN c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: 1}},
		{"FETCH 5 c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: 5}},
		{"FETCH ALL FROM c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: ast.FetchAll}},
		{"FETCH FORWARD ALL c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: ast.FetchAll}},
		{"FETCH PRIOR c", &ast.Fetch{Name: "c", Direction: ast.FetchBackward, Count: 1}},
		{"FETCH BACKWARD ALL c", &ast.Fetch{Name: "c", Direction: ast.FetchBackward, Count: ast.FetchAll}},
		{"FETCH FIRST c", &ast.Fetch{Name: "c", Direction: ast.FetchAbsolute, Count: 1}},
		{"FETCH LAST c", &ast.Fetch{Name: "c", Direction: ast.FetchAbsolute, Count: -1}},
		{"FETCH ABSOLUTE 3 c", &ast.Fetch{Name: "c", Direction: ast.FetchAbsolute, Count: 3}},
		{"FETCH RELATIVE -2 c", &ast.Fetch{Name: "c", Direction: ast.FetchRelative, Count: -2}},
		{"MOVE FORWARD 3 IN c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: 3, Move: true}},
		{"MOVE ALL c", &ast.Fetch{Name: "c", Direction: ast.FetchForward, Count: ast.FetchAll, Move: true}},
		{`CLOSE "Name"`, &ast.ClosePortal{Name: "Name"}},
		{"CLOSE ALL", &ast.ClosePortal{All: true}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestCursorStatementsUnsupported(t *testing.T) {
	for sql, msg := range map[string]string{
		"DECLARE c BINARY CURSOR FOR SELECT 1": "DECLARE BINARY CURSOR is not supported yet",
		"DECLARE c SCROLL CURSOR FOR SELECT 1": "DECLARE SCROLL CURSOR is not supported yet",
	} {
		e := parseErr(t, sql)
		require.Equal(t, pgerr.FeatureNotSupported, e.Code, sql)
		require.Equal(t, msg, e.Message, sql)
	}
}

// TestPrepareKeepsStatementText: pg_prepared_statements shows the whole
// PREPARE statement, not only its query.
func TestPrepareKeepsStatementText(t *testing.T) {
	stmts, err := Parse("SELECT 1; PREPARE q AS SELECT 2 ;")
	require.NoError(t, err)
	require.Len(t, stmts, 2)
	p := stmts[1].AST.(*ast.Prepare)
	require.Equal(t, "PREPARE q AS SELECT 2", p.Text)
	require.Equal(t, "SELECT 2", p.SQL)
}
