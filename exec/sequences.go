package exec

import (
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// SERIAL and identity columns, and the sequence functions over the
// per-column sequences the catalog keeps (catalog/sequences.go).

// serialTypes maps the SERIAL pseudo-types to the integer type they store.
var serialTypes = map[string]string{
	"smallserial": "int2", "serial2": "int2",
	"serial": "int4", "serial4": "int4",
	"bigserial": "int8", "serial8": "int8",
}

// columnTypeName returns the type to look up for a column's declared type,
// and whether the declaration was a SERIAL pseudo-type.
func columnTypeName(name string) (string, bool) {
	if base, ok := serialTypes[name]; ok {
		return base, true
	}
	return name, false
}

// applySequence gives a SERIAL or identity column its (yet unnamed)
// sequence: the catalog names it when it creates the table. Both kinds are
// NOT NULL and take no DEFAULT of their own.
func applySequence(col *catalog.Column, cd *ast.ColumnDef, serial bool, table string) error {
	if !serial && cd.Identity == "" {
		return nil
	}
	if cd.Default != nil {
		if serial {
			return pgerr.New(pgerr.SyntaxError, "multiple default values specified for column %q of table %q", cd.Name, table)
		}
		return pgerr.New(pgerr.SyntaxError, "both default and identity specified for column %q of table %q", cd.Name, table)
	}
	switch col.Type.Kind {
	case types.KindInt2, types.KindInt4, types.KindInt8:
	default:
		return pgerr.New(pgerr.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
	}
	if serial && cd.Identity != "" {
		return pgerr.New(pgerr.SyntaxError, "both default and identity specified for column %q of table %q", cd.Name, table)
	}
	col.Identity = cd.Identity
	col.Sequence = &catalog.Sequence{}
	col.NotNull = true
	return nil
}

// sequenceDefault is the default of a column with a sequence: nextval by
// OID, so planning never has to resolve the stored display text.
func sequenceDefault(c *catalog.Column, params *expr.Params) (*expr.Expr, error) {
	call := &ast.FuncCall{Name: "nextval", Location: -1, Args: []ast.Expr{
		&ast.Const{Value: types.Value{K: types.KindOID, I: int64(c.Sequence.OID)}, Location: -1}}}
	return expr.CompileAs(call, c.Type, &expr.Scope{}, params)
}

// identityAlways returns the 428C9 error for writing an explicit value to
// a GENERATED ALWAYS identity column (nil for other columns).
func identityAlways(t *catalog.Table, col int, update bool) error {
	c := &t.Columns[col]
	if c.Identity != "always" {
		return nil
	}
	msg := "cannot insert a non-DEFAULT value into column %q"
	if update {
		msg = "column %q can only be updated to DEFAULT"
	}
	e := pgerr.New("428C9", msg, c.Name).
		WithDetail("Column \"" + c.Name + "\" is an identity column defined as GENERATED ALWAYS.")
	if !update {
		e = e.WithHint("Use OVERRIDING SYSTEM VALUE to override.")
	}
	return e
}

// sequenceByName resolves a sequence name ('seq' or 'ns.seq', optionally
// double-quoted) through the search path.
func (x *execution) sequenceByName(name string) (*catalog.Table, int, error) {
	ns, rel := "", unquoteIdent(name)
	quoted := false
	for i := len(name) - 1; i >= 0; i-- {
		switch name[i] {
		case '"':
			quoted = !quoted
		case '.':
			if !quoted {
				ns, rel = unquoteIdent(name[:i]), unquoteIdent(name[i+1:])
				i = 0
			}
		}
	}
	snap := x.catalog()
	for _, cand := range x.sequenceSearchPath(ns) {
		if t, col, ok := snap.SequenceByName(cand, rel); ok {
			return t, col, nil
		}
	}
	return nil, 0, pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", name)
}

func (x *execution) sequenceSearchPath(ns string) []string {
	if ns != "" {
		return []string{ns}
	}
	if len(x.env.SearchPath) > 0 {
		return x.env.SearchPath
	}
	return []string{x.env.Schema}
}

// unquoteIdent folds an unquoted identifier to lower case and strips the
// quotes of a quoted one.
func unquoteIdent(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToLower(s)
}

// sequenceArg resolves nextval/currval/setval's first argument: a name
// (text) or an OID (regclass, oid).
func (x *execution) sequenceArg(v types.Value) (*catalog.Table, int, error) {
	if v.K == types.KindText {
		return x.sequenceByName(v.S)
	}
	if t, col, ok := x.catalog().SequenceByOID(uint32(v.I)); ok {
		return t, col, nil
	}
	return nil, 0, pgerr.New(pgerr.UndefinedTable, "could not open relation with OID %d", v.I)
}

func (x *execution) nextval(a []types.Value) (types.Value, error) {
	t, col, err := x.sequenceArg(a[0])
	if err != nil {
		return types.Value{}, err
	}
	v, err := x.sess.eng.catalog.NextVal(x.env.Ctx, t, col)
	if err != nil {
		return types.Value{}, err
	}
	x.sess.rememberSequence(t.Columns[col].Sequence.OID, v)
	return types.NewInt8(v), nil
}

func (x *execution) currval(a []types.Value) (types.Value, error) {
	t, col, err := x.sequenceArg(a[0])
	if err != nil {
		return types.Value{}, err
	}
	seq := t.Columns[col].Sequence
	v, ok := x.sess.seqLast[seq.OID]
	if !ok {
		return types.Value{}, pgerr.New(pgerr.ObjectNotInPrerequisiteState,
			"currval of sequence %q is not yet defined in this session", seq.Name)
	}
	return types.NewInt8(v), nil
}

func (x *execution) setval(a []types.Value) (types.Value, error) {
	t, col, err := x.sequenceArg(a[0])
	if err != nil {
		return types.Value{}, err
	}
	isCalled := len(a) < 3 || a[2].Bool()
	if err := x.sess.eng.catalog.SetVal(x.env.Ctx, t, col, a[1].I, isCalled); err != nil {
		return types.Value{}, err
	}
	if isCalled {
		x.sess.rememberSequence(t.Columns[col].Sequence.OID, a[1].I)
	}
	return types.NewInt8(a[1].I), nil
}

// serialSequence is pg_get_serial_sequence(table, column): the qualified
// name of the column's sequence, NULL for a column without one.
func (x *execution) serialSequence(a []types.Value) (types.Value, error) {
	oid, _, err := x.ResolveRegName(types.KindRegclass, a[0].S)
	if err != nil {
		return types.Value{}, err
	}
	t, ok := x.catalog().TableByOID(oid)
	if !ok {
		return types.NullValue, nil
	}
	col := t.ColumnIndex(unquoteIdent(a[1].S))
	if col < 0 {
		return types.Value{}, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", a[1].S, t.Name)
	}
	seq := t.Columns[col].Sequence
	if seq == nil {
		return types.NullValue, nil
	}
	return types.NewText(pgcatalog.QuoteIdent(t.Namespace) + "." + pgcatalog.QuoteIdent(seq.Name)), nil
}

// rememberSequence records the session's last value of a sequence (currval).
func (s *Session) rememberSequence(oid uint32, v int64) {
	if s.seqLast == nil {
		s.seqLast = map[uint32]int64{}
	}
	s.seqLast[oid] = v
}

func init() {
	reg := func(name string, args []types.Kind, impl func(x *execution, a []types.Value) (types.Value, error)) {
		expr.Register(name, expr.Func{Args: args, Ret: types.Int8, Strict: true, Volatile: true,
			Impl: func(env *expr.Env, a []types.Value) (types.Value, error) { return impl(hostOf(env), a) }})
	}
	for _, k := range []types.Kind{types.KindText, types.KindOID, types.KindRegclass} {
		reg("nextval", []types.Kind{k}, (*execution).nextval)
		reg("currval", []types.Kind{k}, (*execution).currval)
		reg("setval", []types.Kind{k, types.KindInt8}, (*execution).setval)
		reg("setval", []types.Kind{k, types.KindInt8, types.KindBool}, (*execution).setval)
	}
	expr.Register("pg_get_serial_sequence", expr.Func{Args: []types.Kind{types.KindText, types.KindText},
		Ret: types.Text, Strict: true, Volatile: true,
		Impl: func(env *expr.Env, a []types.Value) (types.Value, error) { return hostOf(env).serialSequence(a) }})
}
