// Package parse turns a query string into exec/ast statements.
//
// A query string may hold several statements. They are split at top-level
// semicolons; each piece is first offered to a small hand-written parser for
// the KalamDB statements PostgreSQL's grammar lacks (CREATE/DROP NAMESPACE,
// SHOW NAMESPACES, USE, CREATE SHARED|USER|STREAM TABLE), and everything
// else is parsed by pg_query (PostgreSQL's own parser) in one call and
// translated into ast nodes. Valid PostgreSQL that KalamDB cannot run yet
// stops here with SQLSTATE 0A000 naming the construct; syntax errors are
// 42601 with PostgreSQL's message and position.
//
// Invariants: nothing outside this package sees pg_query types — the
// translation happens once, here. Every location in the AST is a 0-based
// byte offset into the whole query string (not the statement), and every
// error Position is the 1-based character position PostgreSQL would report
// for that string. Parse never panics on any input.
//
// parse imports exec/ast, types and types/pgerr of ours, plus pg_query and
// the protobuf runtime its tree is made of.
package parse
