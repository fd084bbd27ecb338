// Package storage is KalamDB's storage: the bbolt hot tier (a bucket per
// table, order-preserving keys, rows in an envelope carrying their commit
// sequence), group commit, and the commit sequence generator. The cold tier
// (Parquet segments and manifests) and the change stream join it later.
//
// Layout: DIR/LOCK (exclusive flock, one server per directory) and
// DIR/hot.db (bbolt) with buckets "meta" (the catalog's keys), "store" (the
// store's own state: format version, seq and id high-water marks) and
// "t"+8-byte big-endian TableID per table. A table value is an envelope:
// 8-byte big-endian commit seq, 1 flags byte (bit 0: tombstone), payload.
//
// Invariants: a Commit is durable (fsynced) before it returns; commits from
// concurrent callers are grouped into one bbolt write transaction by a
// single committer goroutine; no bbolt write transaction is held while
// waiting on anything outside the store; a batch applies entirely or not at
// all, validated against the rows as left by the batches before it in its
// group and by its own earlier ops; commit sequence numbers strictly
// increase in apply order, across restarts too (every group persists the
// last seq and the NextID high-water mark in the same transaction).
//
// Readers: a Snapshot is a bbolt read transaction used by one goroutine;
// bytes it returns are valid until it is closed. Close every Snapshot before
// Store.Close, and keep them short (see Snapshot).
//
// storage imports only bbolt (and the standard library).
package storage
