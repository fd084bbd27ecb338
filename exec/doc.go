// Package exec runs SQL for a session: it parses statements (exec/parse,
// into exec/ast), plans them against a catalog snapshot, compiles
// expressions (exec/expr) and runs the plan against storage.
//
// Invariants: a planned statement carries no session state, so one plan can
// serve any session; parameters, the session's identity and its transaction
// arrive at execution. exec never sees wire messages or formats (that is
// pgwire's job); values cross the seam as types.Value.
//
// exec may import catalog, storage, jobs and types; never pgwire or server.
package exec
