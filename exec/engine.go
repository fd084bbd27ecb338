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
	rowLocks rowLocks
}

// NewEngine loads the catalog from an open store.
func NewEngine(store *storage.Store) (*Engine, error) {
	cat, err := catalog.Open(context.Background(), store)
	if err != nil {
		return nil, err
	}
	return &Engine{store: store, catalog: cat}, nil
}

// Close releases the engine (not the store, which the caller owns).
func (e *Engine) Close() error { return nil }
