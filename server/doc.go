// Package server runs KalamDB as a process: it binds the listeners, opens
// the store and the SQL engine, accepts client connections (one goroutine
// each, served by pgwire), answers the optional HTTP health endpoint, and
// shuts everything down in order.
//
// Invariants:
//   - Listening comes first: a taken port fails before the data directory is
//     touched, so a second server never contends for the store's lock.
//   - Every accepted connection is in the registry until its goroutine ends;
//     Shutdown waits for all of them (or the deadline) before the engine and
//     the store are closed, so no statement ever runs against a closed store.
//
// server may import pgwire, exec, storage and types; only main imports server.
package server
