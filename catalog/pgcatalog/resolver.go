package pgcatalog

import (
	"strings"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Resolver returns the reg* name resolver of a session: it reads and
// prints regclass, regtype, regproc, regprocedure, regoper, regoperator,
// regnamespace and regrole values as PostgreSQL 15 does, over the
// built-in objects and ctx's catalog snapshot. Names are looked up in
// pg_catalog first, then along ctx.SearchPath; names that would not find
// the same object unqualified are printed schema-qualified.
func Resolver(ctx *Context) types.NameResolver { return &resolver{ctx: ctx} }

type resolver struct{ ctx *Context }

// ResolveRegName implements types.NameResolver.
func (r *resolver) ResolveRegName(k types.Kind, name string) (uint32, string, error) {
	var oid uint32
	var err error
	switch k {
	case types.KindRegclass:
		oid, err = r.resolveClass(name)
	case types.KindRegtype:
		oid, err = resolveType(name)
	case types.KindRegproc, types.KindRegoper:
		oid, err = resolveUnique(k, name)
	case types.KindRegprocedure, types.KindRegoperator:
		oid, err = resolveSignature(k, name)
	case types.KindRegnamespace:
		oid, err = r.resolveNamespace(name)
	case types.KindRegrole:
		oid, err = r.resolveRole(name)
	default:
		err = types.RegNotFound(k, name)
	}
	if err != nil {
		return 0, "", err
	}
	out, _ := r.RegName(k, oid)
	return oid, out, nil
}

// RegName implements types.NameResolver.
func (r *resolver) RegName(k types.Kind, oid uint32) (string, bool) {
	x := regIndexOnce()
	switch k {
	case types.KindRegclass:
		return r.className(oid)
	case types.KindRegtype:
		n := x.formatType(oid)
		return n, n != ""
	case types.KindRegproc:
		p, ok := x.procs[oid]
		if !ok {
			return "", false
		}
		return qualifyUnlessUnique(p.name, len(x.procsByName[p.name])), true
	case types.KindRegprocedure:
		p, ok := x.procs[oid]
		if !ok {
			return "", false
		}
		args := make([]string, len(p.args))
		for i, a := range p.args {
			args[i] = x.formatType(a)
		}
		return QuoteIdent(p.name) + "(" + strings.Join(args, ",") + ")", true
	case types.KindRegoper:
		o, ok := x.opers[oid]
		if !ok {
			return "", false
		}
		if len(x.opersByName[o.name]) == 1 {
			return o.name, true
		}
		return "pg_catalog." + o.name, true
	case types.KindRegoperator:
		o, ok := x.opers[oid]
		if !ok {
			return "", false
		}
		return o.name + "(" + operandName(x, o.left) + "," + operandName(x, o.right) + ")", true
	case types.KindRegnamespace:
		return r.namespaceName(oid)
	case types.KindRegrole:
		name, ok := r.ctx.roleByOID(oid)
		return QuoteIdent(name), ok
	}
	return "", false
}

func operandName(x *regIndex, oid uint32) string {
	if oid == 0 {
		return "NONE"
	}
	return x.formatType(oid)
}

// qualifyUnlessUnique is regprocout's rule: a name that regprocin would
// not find uniquely is printed with its schema.
func qualifyUnlessUnique(name string, candidates int) string {
	if candidates == 1 {
		return QuoteIdent(name)
	}
	return "pg_catalog." + QuoteIdent(name)
}

// splitName splits a reg* input into schema (possibly "") and name.
func splitName(k types.Kind, s string) (schema, name string, err error) {
	parts, err := types.SplitQualifiedName(s)
	if err != nil {
		return "", "", err
	}
	switch len(parts) {
	case 1:
		return "", parts[0], nil
	case 2:
		return parts[0], parts[1], nil
	}
	return "", "", types.RegNotFound(k, s)
}

func (r *resolver) resolveClass(s string) (uint32, error) {
	schema, name, err := splitName(types.KindRegclass, s)
	if err != nil {
		return 0, err
	}
	if schema != "" {
		if oid, ok := r.classIn(schema, name); ok {
			return oid, nil
		}
		return 0, types.RegNotFound(types.KindRegclass, s)
	}
	if oid, ok := r.findClass(name); ok {
		return oid, nil
	}
	return 0, types.RegNotFound(types.KindRegclass, s)
}

// findClass looks an unqualified relation name up in pg_catalog, then
// along the search path.
func (r *resolver) findClass(name string) (uint32, bool) {
	if oid, ok := r.classIn("pg_catalog", name); ok {
		return oid, true
	}
	for _, ns := range r.ctx.SearchPath {
		if oid, ok := r.classIn(ns, name); ok {
			return oid, true
		}
	}
	return 0, false
}

// classIn finds a table, primary-key index, sequence or KalamDB system
// relation by namespace and name.
func (r *resolver) classIn(schema, name string) (uint32, bool) {
	if rel, ok := Lookup(schema, name); ok {
		return rel.OID, true
	}
	if schema == KalamSystemNamespace {
		if rel, ok := r.ctx.systemRelationByName(name); ok {
			return rel.oid, true
		}
	}
	if t, ok := r.ctx.Catalog.Table(schema, name); ok {
		return t.OID, true
	}
	if t, col, ok := r.ctx.Catalog.SequenceByName(schema, name); ok {
		return t.Columns[col].Sequence.OID, true
	}
	for _, t := range r.ctx.Catalog.Tables(schema) {
		if t.HasPrimaryKey() && t.PrimaryKeyName() == name {
			return IndexOID(t), true
		}
	}
	return 0, false
}

// className is regclassout: the relation's name, qualified when an
// unqualified lookup would not find it.
func (r *resolver) className(oid uint32) (string, bool) {
	schema, name, ok := "", "", false
	if rel, found := ByOID(oid); found {
		schema, name, ok = rel.Namespace, rel.Name, true
	} else if rel, found := r.ctx.systemRelationByOID(oid); found {
		schema, name, ok = KalamSystemNamespace, rel.Name, true
	} else if t, col, found := r.ctx.Catalog.SequenceByOID(oid); found {
		schema, name, ok = t.Namespace, t.Columns[col].Sequence.Name, true
	} else {
		for _, t := range r.ctx.Catalog.Tables("") {
			switch oid {
			case t.OID:
				schema, name, ok = t.Namespace, t.Name, true
			case IndexOID(t):
				schema, name, ok = t.Namespace, t.PrimaryKeyName(), t.HasPrimaryKey()
			}
			if ok {
				break
			}
		}
	}
	if !ok {
		return "", false
	}
	if found, vis := r.findClass(name); vis && found == oid {
		return QuoteIdent(name), true
	}
	return QuoteIdent(schema) + "." + QuoteIdent(name), true
}

// resolveType is regtypein: SQL type names (with modifiers, which are
// dropped, and [] suffixes), KalamDB's aliases, and pg_type names.
func resolveType(s string) (uint32, error) {
	x := regIndexOnce()
	base := strings.TrimSpace(s)
	dims := 0
	for strings.HasSuffix(base, "[]") {
		base = strings.TrimSpace(strings.TrimSuffix(base, "[]"))
		dims++
	}
	if i := strings.IndexByte(base, '('); i > 0 && strings.HasSuffix(base, ")") {
		base = strings.TrimSpace(base[:i])
	}
	var oid uint32
	if t, err := types.LookupTypeName(base, nil); err == nil {
		oid = t.OID()
	} else if schema, name, err := splitName(types.KindRegtype, base); err == nil && (schema == "" || schema == "pg_catalog") {
		oid = x.typeByName[name]
	}
	for ; oid != 0 && dims > 0; dims-- {
		oid = x.types[oid].array
	}
	if oid == 0 {
		return 0, types.RegNotFound(types.KindRegtype, s)
	}
	return oid, nil
}

// resolveUnique is regprocin / regoperin: the name must denote exactly one
// built-in function (operator).
func resolveUnique(k types.Kind, s string) (uint32, error) {
	x := regIndexOnce()
	schema, name, err := splitName(k, s)
	if k == types.KindRegoper {
		schema, name, err = "", strings.TrimSpace(s), nil
		if i := strings.LastIndexByte(name, '.'); i > 0 && name[:i] == "pg_catalog" {
			schema, name = "pg_catalog", name[i+1:]
		}
	}
	if err != nil {
		return 0, err
	}
	var oids []uint32
	if schema == "" || schema == "pg_catalog" {
		if k == types.KindRegproc {
			oids = x.procsByName[name]
		} else {
			oids = x.opersByName[name]
		}
	}
	switch {
	case len(oids) == 1:
		return oids[0], nil
	case len(oids) > 1 && k == types.KindRegproc:
		return 0, pgerr.New(codeAmbiguousFunction, `more than one function named "%s"`, s)
	case len(oids) > 1:
		return 0, pgerr.New(codeAmbiguousFunction, "more than one operator named %s", s)
	}
	return 0, types.RegNotFound(k, s)
}

// resolveSignature is regprocedurein / regoperatorin: "name(type, …)",
// with NONE for a missing operand of a prefix operator.
func resolveSignature(k types.Kind, s string) (uint32, error) {
	x := regIndexOnce()
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(strings.TrimSpace(s), ")") {
		return 0, types.RegNotFound(k, s)
	}
	name := strings.TrimSpace(s[:open])
	inner := strings.TrimSuffix(strings.TrimSpace(s[open+1:]), ")")
	var args []uint32
	for _, a := range splitArgs(inner) {
		if k == types.KindRegoperator && strings.EqualFold(a, "none") {
			args = append(args, 0)
			continue
		}
		oid, err := resolveType(a)
		if err != nil {
			return 0, err
		}
		args = append(args, oid)
	}
	if k == types.KindRegprocedure {
		_, pname, err := splitName(k, name)
		if err != nil {
			return 0, err
		}
		for _, oid := range x.procsByName[pname] {
			if equalOIDs(x.procs[oid].args, args) {
				return oid, nil
			}
		}
		return 0, types.RegNotFound(k, s)
	}
	name = strings.TrimPrefix(name, "pg_catalog.")
	if len(args) == 2 {
		for _, oid := range x.opersByName[name] {
			if o := x.opers[oid]; o.left == args[0] && o.right == args[1] {
				return oid, nil
			}
		}
	}
	return 0, types.RegNotFound(k, s)
}

// splitArgs splits a signature's argument list at top-level commas, so
// numeric(10,2) stays whole.
func splitArgs(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

func equalOIDs(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (r *resolver) resolveNamespace(s string) (uint32, error) {
	parts, err := types.SplitQualifiedName(s)
	if err != nil {
		return 0, err
	}
	if len(parts) != 1 {
		return 0, pgerr.New(codeInvalidName, "invalid name syntax")
	}
	if oid, ok := SystemNamespaceOID(parts[0]); ok {
		return oid, nil
	}
	if parts[0] == KalamSystemNamespace && r.ctx.SystemRelations != nil {
		return KalamSystemNamespaceOID, nil
	}
	if ns, ok := r.ctx.Catalog.Namespace(parts[0]); ok {
		return ns.OID, nil
	}
	return 0, types.RegNotFound(types.KindRegnamespace, parts[0])
}

func (r *resolver) namespaceName(oid uint32) (string, bool) {
	if oid == KalamSystemNamespaceOID && r.ctx.SystemRelations != nil {
		return KalamSystemNamespace, true
	}
	for _, name := range []string{"pg_catalog", "pg_toast", infoSchema} {
		if o, ok := SystemNamespaceOID(name); ok && o == oid {
			return name, true
		}
	}
	for _, ns := range r.ctx.Catalog.Namespaces() {
		if ns.OID == oid {
			return QuoteIdent(ns.Name), true
		}
	}
	return "", false
}

func (r *resolver) resolveRole(s string) (uint32, error) {
	parts, err := types.SplitQualifiedName(s)
	if err != nil {
		return 0, err
	}
	if len(parts) == 1 {
		if oid, ok := r.ctx.roleOID(parts[0]); ok {
			return oid, nil
		}
	}
	return 0, types.RegNotFound(types.KindRegrole, strings.Join(parts, "."))
}

// SQLSTATEs pgerr does not name yet.
const (
	codeAmbiguousFunction = "42725"
	codeInvalidName       = "42602"
)
