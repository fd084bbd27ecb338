package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestAlterTable(t *testing.T) {
	alter := func(table string, cmds ...ast.AlterCmd) *ast.AlterTable {
		return &ast.AlterTable{Table: ast.TableName{Name: table}, Cmds: cmds}
	}
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		{"alter table pgbench_accounts add primary key (aid)",
			alter("pgbench_accounts", ast.AlterCmd{Kind: ast.AlterAddPrimaryKey, Keys: []string{"aid"}})},
		{"ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (a, b)",
			alter("t", ast.AlterCmd{Kind: ast.AlterAddPrimaryKey, Keys: []string{"a", "b"}, NewName: "t_pkey"})},
		{"ALTER TABLE IF EXISTS ns.t ADD COLUMN IF NOT EXISTS d int DEFAULT 7 NOT NULL, DROP COLUMN IF EXISTS e CASCADE",
			&ast.AlterTable{Table: ast.TableName{Namespace: "ns", Name: "t"}, IfExists: true, Cmds: []ast.AlterCmd{
				{Kind: ast.AlterAddColumn, Column: "d", Missing: true,
					Def: &ast.ColumnDef{Name: "d", Type: typ("int4"), Default: i4(7), NotNull: true}},
				{Kind: ast.AlterDropColumn, Column: "e", Missing: true},
			}}},
		// An inline key is an ADD PRIMARY KEY after the column, as PostgreSQL runs it.
		{"ALTER TABLE t ADD id bigint PRIMARY KEY",
			alter("t",
				ast.AlterCmd{Kind: ast.AlterAddColumn, Column: "id", Def: &ast.ColumnDef{Name: "id", Type: typ("int8"), PrimaryKey: true}},
				ast.AlterCmd{Kind: ast.AlterAddPrimaryKey, Keys: []string{"id"}})},
		{"ALTER TABLE t ALTER COLUMN a SET DEFAULT now(), ALTER b DROP DEFAULT, ALTER c SET NOT NULL, ALTER d DROP NOT NULL",
			alter("t",
				ast.AlterCmd{Kind: ast.AlterSetDefault, Column: "a", Default: fn("now")},
				ast.AlterCmd{Kind: ast.AlterDropDefault, Column: "b"},
				ast.AlterCmd{Kind: ast.AlterSetNotNull, Column: "c"},
				ast.AlterCmd{Kind: ast.AlterDropNotNull, Column: "d"})},
		{"ALTER TABLE t SET (fillfactor = 100, autovacuum_enabled = false)",
			alter("t", ast.AlterCmd{Kind: ast.AlterSetOptions, Options: map[string]string{"fillfactor": "100", "autovacuum_enabled": "false"}})},
		{"ALTER TABLE t RESET (fillfactor)",
			alter("t", ast.AlterCmd{Kind: ast.AlterResetOptions, Options: map[string]string{"fillfactor": ""}})},
		{"ALTER TABLE t RENAME COLUMN a TO b", alter("t", ast.AlterCmd{Kind: ast.AlterRenameColumn, Column: "a", NewName: "b"})},
		{"ALTER TABLE t RENAME a TO b", alter("t", ast.AlterCmd{Kind: ast.AlterRenameColumn, Column: "a", NewName: "b"})},
		{"ALTER TABLE IF EXISTS t RENAME TO u",
			&ast.AlterTable{Table: ast.TableName{Name: "t"}, IfExists: true, Cmds: []ast.AlterCmd{{Kind: ast.AlterRenameTable, NewName: "u"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestVacuumAnalyze(t *testing.T) {
	tests := []struct {
		sql  string
		want *ast.Vacuum
	}{
		{"vacuum", &ast.Vacuum{}},
		{"vacuum analyze pgbench_branches", &ast.Vacuum{Tables: []ast.TableName{{Name: "pgbench_branches"}}}},
		{"VACUUM (VERBOSE, ANALYZE) a, ns.b (x, y)", &ast.Vacuum{Tables: []ast.TableName{{Name: "a"}, {Namespace: "ns", Name: "b"}}}},
		{"VACUUM FULL FREEZE a", &ast.Vacuum{Tables: []ast.TableName{{Name: "a"}}}},
		{"ANALYZE", &ast.Vacuum{Analyze: true}},
		{"ANALYZE VERBOSE a (x)", &ast.Vacuum{Analyze: true, Tables: []ast.TableName{{Name: "a"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestAlterTableRefused(t *testing.T) {
	tests := []struct {
		sql, code, msg string
	}{
		{"ALTER TABLE t ALTER COLUMN a TYPE bigint", pgerr.FeatureNotSupported, "ALTER TABLE … ALTER COLUMN … TYPE is not supported yet"},
		{"ALTER TABLE t ADD UNIQUE (a)", pgerr.FeatureNotSupported, "ALTER TABLE … ADD UNIQUE is not supported yet"},
		{"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", pgerr.FeatureNotSupported, "CHECK constraints is not supported yet"},
		{"ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u (b)", pgerr.FeatureNotSupported, "FOREIGN KEY constraints is not supported yet"},
		{"ALTER TABLE t OWNER TO bob", pgerr.FeatureNotSupported, "ALTER TABLE … OWNER TO is not supported yet"},
		{"ALTER INDEX i RENAME TO j", pgerr.FeatureNotSupported, "ALTER INDEX … RENAME is not supported yet"},
		{"ALTER SEQUENCE s RESTART", pgerr.FeatureNotSupported, "ALTER SEQUENCE is not supported yet"},
		{"ALTER TABLE t ADD PRIMARY KEY (a, a)", pgerr.DuplicateColumn, `column "a" appears twice in primary key constraint`},
		{"ALTER TABLE t ADD COLUMN a int NULL NOT NULL", pgerr.SyntaxError, `conflicting NULL/NOT NULL declarations for column "a" of table "t"`},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			e := parseErr(t, tt.sql)
			require.Equal(t, tt.code, e.Code)
			require.Equal(t, tt.msg, e.Message)
		})
	}
}
