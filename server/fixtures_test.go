package server_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
)

// The SQL fixture suite: each testdata/sql/NAME.sql runs statement by
// statement and its results must equal testdata/sql/NAME.out, which holds
// PostgreSQL 15's answers. Regenerate the golden files from the oracle with
//
//	go test ./server -run TestSQLFixtures -update -oracle 'postgres://postgres@127.0.0.1:5433/postgres'
var (
	updateGolden = flag.Bool("update", false, "rewrite testdata/sql/*.out from the PostgreSQL oracle")
	oracleDSN    = flag.String("oracle", "postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable", "PostgreSQL 15 used by -update")
)

func TestSQLFixtures(t *testing.T) {
	files, err := filepath.Glob("../testdata/sql/*.sql")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	dsn := *oracleDSN
	if !*updateGolden {
		dsn = startServer(t).DSN()
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, dsn)
			require.NoError(t, err)
			defer conn.Close(ctx)
			got := runFixture(ctx, conn.PgConn(), string(src))
			golden := strings.TrimSuffix(file, ".sql") + ".out"
			if *updateGolden {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden file; run with -update against PostgreSQL")
			require.Equal(t, string(want), got)
		})
	}
}

// runFixture runs each statement (statements end with a line ending in
// ";") through the simple protocol and prints what came back.
func runFixture(ctx context.Context, conn *pgconn.PgConn, src string) string {
	var out strings.Builder
	for _, stmt := range splitFixture(src) {
		out.WriteString(stmt + "\n")
		results, err := conn.Exec(ctx, stmt).ReadAll()
		for _, r := range results {
			if len(r.FieldDescriptions) > 0 {
				names := make([]string, len(r.FieldDescriptions))
				for i, f := range r.FieldDescriptions {
					names[i] = f.Name
				}
				out.WriteString("  " + strings.Join(names, " | ") + "\n")
				for _, row := range r.Rows {
					vals := make([]string, len(row))
					for i, v := range row {
						if v == nil {
							vals[i] = "NULL"
						} else {
							vals[i] = string(v)
						}
					}
					out.WriteString("  " + strings.Join(vals, " | ") + "\n")
				}
			}
			if r.Err == nil {
				out.WriteString("  -- " + r.CommandTag.String() + "\n")
			}
		}
		if err != nil {
			if pe, ok := err.(*pgconn.PgError); ok {
				out.WriteString("  ERROR " + pe.Code + ": " + pe.Message + "\n")
			} else {
				out.WriteString("  ERROR " + err.Error() + "\n")
			}
		}
	}
	return out.String()
}

func splitFixture(src string) []string {
	var stmts []string
	var cur []string
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if len(cur) == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "--")) {
			continue
		}
		cur = append(cur, line)
		if strings.HasSuffix(trimmed, ";") {
			stmts = append(stmts, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	if len(cur) > 0 {
		stmts = append(stmts, strings.Join(cur, "\n"))
	}
	return stmts
}
