// Package types holds KalamDB's SQL types: the set of supported types and
// their PostgreSQL OIDs, the in-memory Value, text and binary wire codecs,
// the compact row codec stored in the hot tier, order-preserving key
// encoding, comparison and casts. Besides the storable types it has the
// types of pg_catalog columns that clients' catalog queries read: name,
// "char", the reg* OID aliases (regclass, …), one-dimensional arrays,
// int2vector/oidvector, and the void/record function-result pseudo-types.
//
// It is the bottom of the import graph: it imports nothing of ours except
// types/pgerr. Invariants: a Value's Kind says how its payload fields are
// read (see value.go); the zero Value is SQL NULL; encodings append into
// caller-provided buffers so hot paths do not allocate per value (arrays
// allocate only to be built or decoded, never to be printed or compared);
// a Kind is also the row codec's tag, so kinds are only ever appended.
// Looking up the objects behind reg* names needs the catalog, which this
// package cannot import: callers pass a NameResolver (CastWith).
package types
