package exec

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// vacuum runs VACUUM and ANALYZE. bbolt reuses freed pages by itself and
// the planner keeps no statistics, so there is nothing to do beyond what
// PostgreSQL checks first: the named tables exist, and VACUUM is not inside
// a transaction block. Tools such as pgbench -i send both as routine.
func (s *Session) vacuum(n *ast.Vacuum) (string, error) {
	tag := "VACUUM"
	if n.Analyze {
		tag = "ANALYZE"
	} else if s.tx.open {
		return "", pgerr.New(pgerr.ActiveSQLTransaction, "VACUUM cannot run inside a transaction block")
	}
	p := &planner{sess: s, catalog: s.eng.catalog.Current()}
	for _, name := range n.Tables {
		if _, err := p.resolveTable(name); err != nil {
			return "", err
		}
	}
	return tag, nil
}
