package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Composite values are modelled only as far as clients need them: the
// (x, n) rows of information_schema._pg_expandarray(anyarray), which
// pgjdbc reads as (_pg_expandarray(i.indkey)).n and (result.keys).x.
//
// Such a value has Kind KindRecord and S holding its two fields encoded
// with the row codec (types.AppendRow); its type is a record whose Elem
// is the element kind of the expanded array, which is x's kind (n is
// int4). A record type without Elem has no selectable fields.

// IsExpandArray reports whether a function name (as the parser spells
// it, possibly schema-qualified) is information_schema._pg_expandarray.
func IsExpandArray(name string) bool {
	return name == "_pg_expandarray" || name == "information_schema._pg_expandarray"
}

// ExpandArrayType is the row type of _pg_expandarray over arrays of type arr.
func ExpandArrayType(arr types.Type) types.Type {
	return types.Type{Kind: types.KindRecord, Elem: arr.ElemType().Kind, Mod: -1}
}

// ExpandArray returns the rows of _pg_expandarray(arr), one (x, n) record
// per element with n counting from 1; NULL expands to no rows. The
// planner uses it where the call appears as a set-returning function in
// a select list (FROM uses the elements and their ordinals directly).
func ExpandArray(arr types.Value) ([]types.Value, error) {
	if arr.K == types.KindNull {
		return nil, nil
	}
	elems, err := types.ArrayElems(arr)
	if err != nil {
		return nil, err
	}
	out := make([]types.Value, len(elems))
	for i, e := range elems {
		out[i] = types.Value{K: types.KindRecord,
			S: string(types.AppendRow(nil, []types.Value{e, types.NewInt4(int32(i + 1))}))}
	}
	return out, nil
}

// fieldSelect compiles (record).field for _pg_expandarray records.
func (c *compiler) fieldSelect(n *ast.FieldSelect) (*Expr, error) {
	if call, ok := n.Operand.(*ast.FuncCall); ok && IsExpandArray(call.Name) {
		return nil, at(pgerr.New(pgerr.FeatureNotSupported,
			"set-returning function %s must be planned before its fields are selected", call.Name), n.Location)
	}
	r, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if r.Type.Kind != types.KindRecord {
		return nil, at(pgerr.New(pgerr.UndefinedColumn, "column notation .%s applied to type %s, which is not a composite type",
			n.Field, typeName(r.Type)), n.Location)
	}
	var i int
	var t types.Type
	switch {
	case r.Type.Elem != types.KindNull && n.Field == "x":
		i, t = 0, types.Type{Kind: r.Type.Elem, Mod: -1}
	case r.Type.Elem != types.KindNull && n.Field == "n":
		i, t = 1, types.Int4
	default:
		return nil, at(pgerr.New(pgerr.UndefinedColumn, "could not identify column \"%s\" in record data type", n.Field), n.Location)
	}
	rf := r.fn
	x := &Expr{Type: t, loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := rf(env, row)
		if err != nil || v.K == types.KindNull {
			return types.NullValue, err
		}
		var fields [2]types.Value
		got, err := types.DecodeRow([]byte(v.S), fields[:0])
		if err != nil || len(got) != 2 {
			return types.NullValue, pgerr.New(pgerr.InternalError, "malformed record value")
		}
		return got[i], nil
	}}
	return finish(x, r)
}
