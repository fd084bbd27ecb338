package pgcatalog

import "strings"

// FormatType is format_type(oid, NULL) for any built-in type ("" when unknown).
func FormatType(oid uint32) string { return regIndexOnce().formatType(oid) }

// FunctionResult is pg_get_function_result for a built-in function.
func FunctionResult(oid uint32) (string, bool) {
	x := regIndexOnce()
	p, ok := x.procs[oid]
	if !ok {
		return "", false
	}
	ret := x.formatType(p.ret)
	if p.retset {
		ret = "SETOF " + ret
	}
	return ret, true
}

// FunctionArguments is pg_get_function_arguments (argument types only: the
// generated data keeps no argument names).
func FunctionArguments(oid uint32) (string, bool) {
	x := regIndexOnce()
	p, ok := x.procs[oid]
	if !ok {
		return "", false
	}
	names := make([]string, len(p.args))
	for i, a := range p.args {
		names[i] = x.formatType(a)
	}
	return strings.Join(names, ", "), true
}
