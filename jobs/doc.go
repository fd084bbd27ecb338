// Package jobs will run KalamDB's background work: flushing hot rows to
// Parquet, compaction, retention of soft-deleted rows, user cleanup and
// stream-table TTL eviction, each visible in system.jobs.
//
// Nothing runs here yet: the hot tier is the only tier so far. The package
// exists so the house has its room (DESIGN §1); it may import storage,
// catalog and types, and is imported by exec.
package jobs
