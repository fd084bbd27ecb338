// Package jobs will run KalamDB's background work: flushing hot rows to
// Parquet, compaction, retention of soft-deleted rows, user cleanup and
// stream-table TTL eviction, each visible in system.jobs.
//
// So far it holds user cleanup (user_cleanup.go) and STREAM TTL eviction
// (stream_eviction.go), which the server runs on timers; flushing and
// compaction wait for a cold tier. It may import storage, catalog and
// types, and is imported by exec and server.
package jobs
