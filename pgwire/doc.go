// Package pgwire serves one PostgreSQL client connection (protocol 3.0): the
// startup handshake and authentication, the simple and extended query
// protocols, cancel requests, and the rendering of results and errors as
// wire messages. It turns messages into calls on an exec.Session and the
// session's results back into messages; it never looks inside SQL.
//
// Files follow the life of a connection: conn.go (state and main loop),
// startup.go, auth.go (trust and SCRAM-SHA-256), simple_query.go,
// extended_query.go, results.go (the exec.ResultWriter), errors.go,
// cancel.go and trace.go (KALAMDB_WIRE_TRACE=1).
//
// Invariants:
//   - Output is buffered and flushed at every ReadyForQuery, on Flush, during
//     authentication round trips, and whenever more than flushThreshold bytes
//     are pending, so a large result streams in bounded memory.
//   - No client message larger than Config.MaxMessageSize is ever buffered.
//   - A panic while handling a message is recovered, logged with its stack and
//     reported to the client as XX000; it never ends the process.
//   - After an error in the extended protocol every message up to the next
//     Sync is discarded, exactly as PostgreSQL does.
//   - Portals live until their transaction ends; statements until closed.
//
// pgwire may import exec and types (and pgproto3, scram); never server.
package pgwire
