// Package types holds KalamDB's SQL types: the set of supported types and
// their PostgreSQL OIDs, the in-memory Value, text and binary wire codecs,
// the compact row codec stored in the hot tier, order-preserving key
// encoding, comparison and casts.
//
// It is the bottom of the import graph: it imports nothing of ours except
// types/pgerr. Invariants: a Value's Kind says how its payload fields are
// read (see value.go); the zero Value is SQL NULL; encodings append into
// caller-provided buffers so hot paths do not allocate per value.
package types
