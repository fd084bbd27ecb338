package exec

import "github.com/kalamdb/kalamdb/types"

// isArrayType reports whether values of t hold a list of elements.
func isArrayType(t types.Type) bool {
	switch t.Kind {
	case types.KindArray, types.KindInt2Vector, types.KindOIDVector:
		return true
	}
	return false
}

// arrayElemType is the element type of an array type.
func arrayElemType(t types.Type) types.Type {
	switch t.Kind {
	case types.KindInt2Vector:
		return types.Int2
	case types.KindOIDVector:
		return types.OID
	}
	return types.Type{Kind: t.Elem, Mod: t.Mod}
}
