package exec

import (
	"context"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
)

// Version is KalamDB's version; ServerVersion is what clients see as
// server_version (parses as PostgreSQL 15).
const (
	Version       = "0.1.0"
	ServerVersion = "15.0 (KalamDB " + Version + ")"
	// DatabaseName is the one database a server holds.
	DatabaseName = "kalamdb"
)

// Engine is shared by every session: the catalog and the store.
type Engine struct {
	store    *storage.Store
	catalog  *catalog.Catalog
	plans    *planCache
	rowLocks rowLocks
	audit    auditLog // system.audit_log (audit.go)
}

// Options tune an engine; the zero value gives the defaults.
type Options struct {
	// PlanCacheSize is how many plans the shared cache keeps: 0 means
	// DefaultPlanCacheSize, a negative value disables the cache.
	PlanCacheSize int
}

// NewEngine loads the catalog from an open store.
func NewEngine(store *storage.Store, opts Options) (*Engine, error) {
	cat, err := catalog.Open(context.Background(), store)
	if err != nil {
		return nil, err
	}
	size := opts.PlanCacheSize
	if size == 0 {
		size = DefaultPlanCacheSize
	}
	e := &Engine{store: store, catalog: cat, plans: newPlanCache(size)}
	if err := e.loadAudit(context.Background()); err != nil {
		return nil, err
	}
	return e, nil
}

// PlanCacheStats reports the shared plan cache's counters.
func (e *Engine) PlanCacheStats() PlanCacheStats { return e.plans.stats() }

// ClearPlanCache empties the shared plan cache (CLEAR CACHE).
func (e *Engine) ClearPlanCache() { e.plans.clear() }

// Close releases the engine (not the store, which the caller owns).
func (e *Engine) Close() error { return nil }
