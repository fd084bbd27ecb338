package exec

import (
	"strings"

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
		t, err := p.resolveTable(name)
		if err != nil {
			return "", err
		}
		if err := s.warnVacuumSkip(strings.ToLower(tag), t); err != nil { // permissions.go
			return "", err
		}
	}
	return tag, nil
}
