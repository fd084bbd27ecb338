// Package storage is KalamDB's storage: the bbolt hot tier (a bucket per
// table, order-preserving keys, rows in an envelope carrying their commit
// sequence), group commit, and the commit sequence generator. The cold tier
// (Parquet segments and manifests) and the change stream join it later.
//
// Invariants: a Commit is durable (fsynced) before it returns; commits from
// concurrent callers are grouped into one bbolt write transaction; no bbolt
// write transaction is held while waiting on anything outside the store;
// commit sequence numbers strictly increase, across restarts too.
//
// storage imports only types (and bbolt).
package storage
