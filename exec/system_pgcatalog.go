package exec

import (
	"sync"

	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
)

// systemRelationList describes the system namespace's relations to
// pg_catalog and information_schema (pgcatalog/system_ns.go), so clients
// listing tables see the relations a query can name as system.x. The
// registry is complete once init functions have run, so the list is built
// once and shared; callers must not modify it.
func systemRelationList() []pgcatalog.SystemRelation { return systemRelationsOnce() }

var systemRelationsOnce = sync.OnceValue(func() []pgcatalog.SystemRelation {
	out := make([]pgcatalog.SystemRelation, 0, len(systemTables))
	for name, t := range systemTables {
		cols := make([]pgcatalog.Column, len(t.columns))
		for i, c := range t.columns {
			cols[i] = pgcatalog.Column{Name: c.Name, Type: c.Type}
		}
		out = append(out, pgcatalog.SystemRelation{Name: name, Columns: cols})
	}
	return out
})
