package types

// NameResolver looks up the catalog objects behind reg* values, which
// package types cannot see. exec implements it over its catalog snapshot
// and passes it to CastWith and ParseTextWith.
type NameResolver interface {
	// ResolveRegName finds the object of reg* kind k that name denotes, as
	// the type's input function would: name is the raw text (possibly
	// schema-qualified and quoted, see SplitQualifiedName; a type name
	// such as "integer[]" for regtype). It returns the object's oid and
	// the text the output function prints for it. An unknown name is
	// RegNotFound(k, name).
	ResolveRegName(kind Kind, name string) (oid uint32, canonical string, err error)
	// RegName returns the text the output function prints for oid, ok
	// false when no object of kind k has that oid (the number is printed).
	RegName(kind Kind, oid uint32) (string, bool)
}

// parseRegText implements the reg*in functions: "-" and digit strings
// need no catalog; names are resolved through r.
func parseRegText(s string, k Kind, r NameResolver) (Value, error) {
	oid, ok, err := parseRegNumber(s, k)
	if err != nil {
		return NullValue, err
	}
	if ok {
		return withRegName(Value{K: k, I: int64(oid)}, r), nil
	}
	if r == nil {
		return NullValue, errNoResolver(k, s)
	}
	oid, name, err := r.ResolveRegName(k, s)
	if err != nil {
		return NullValue, err
	}
	return Value{K: k, I: int64(oid), S: name}, nil
}

// withRegName fills in a reg* value's printed name from r when it has
// none. Oid 0 prints as "-" and is never looked up.
func withRegName(v Value, r NameResolver) Value {
	if r == nil || v.S != "" || v.I == 0 || !v.K.IsReg() {
		return v
	}
	if name, ok := r.RegName(v.K, uint32(v.I)); ok {
		v.S = name
	}
	return v
}

// castToReg converts an integer, oid or other reg* value to reg* kind to
// by keeping the number (integers must fit an oid; int2/int4 wrap as in
// PostgreSQL's binary coercion).
func castToReg(v Value, to Kind, r NameResolver) (Value, error) {
	n, err := castToInt(Value{K: v.K, I: v.I}, KindOID)
	if err != nil {
		return NullValue, err
	}
	return withRegName(Value{K: to, I: n.I}, r), nil
}

// castArray converts an array or vector element by element to array type
// to (including to's element typmod). NULL elements stay NULL.
func castArray(v Value, to Type, explicit bool, r NameResolver, f *TextFormat) (Value, error) {
	et := to.ElemType()
	if et.Kind == KindNull {
		et.Kind = ArrayElemKind(v)
	}
	elems, err := ArrayElems(v)
	if err != nil {
		return NullValue, err
	}
	for i, e := range elems {
		if e.K == KindNull {
			continue
		}
		if elems[i], err = CastIn(e, et, explicit, r, f); err != nil {
			return NullValue, err
		}
	}
	return NewArray(et, elems), nil
}
