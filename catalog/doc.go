// Package catalog holds KalamDB's schema: namespaces, tables and their
// columns, primary keys, options and schema versions. It persists itself in
// the storage metadata bucket and serves immutable snapshots.
//
// Invariants: a *Snapshot never changes once published, so planners can read
// it without locks; every DDL change is committed to storage before the new
// snapshot is published; Version increases with every change (plans made
// against an older version are stale); table IDs and OIDs are never reused.
//
// catalog imports storage (for persistence) and types.
package catalog
