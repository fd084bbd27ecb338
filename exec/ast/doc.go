// Package ast is KalamDB's own small SQL syntax tree. The parser (exec/parse)
// translates pg_query's tree, or a hand-parsed KalamDB statement, into these
// nodes once; nothing after that step sees pg_query types.
//
// Nodes are plain structs. Location fields are 0-based byte offsets into the
// statement text (-1 when unknown) so errors can report a position.
package ast
