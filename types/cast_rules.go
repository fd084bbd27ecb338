package types

// CastContext says where PostgreSQL applies a cast without being asked
// (pg_cast.castcontext): CastNone < CastExplicit (only CAST/::) <
// CastAssign (also INSERT/UPDATE targets) < CastImplicit (also expressions).
type CastContext uint8

const (
	CastNone CastContext = iota
	CastExplicit
	CastAssign
	CastImplicit
)

// numberRank orders the number kinds by PostgreSQL's implicit promotion
// int2 < int4 < int8 < numeric < float4 < float8; widening casts are
// implicit, narrowing ones need an assignment context.
func numberRank(k Kind) int {
	switch k {
	case KindInt2:
		return 1
	case KindInt4:
		return 2
	case KindInt8:
		return 3
	case KindNumeric:
		return 4
	case KindFloat4:
		return 5
	case KindFloat8:
		return 6
	}
	return 0
}

func isCharKind(k Kind) bool { return k == KindText || k == KindVarchar || k == KindBpchar }

// CastContextOf reports the context in which a value of kind from may be
// converted to kind to, following PostgreSQL 15's pg_cast for the types we
// support plus its I/O-conversion rules (anything → string types in
// assignment, string types → anything explicitly). For arrays it only
// knows the array kinds; CastContextOfType checks their elements.
func CastContextOf(from, to Kind) CastContext {
	switch {
	case from == to, from == KindNull, from == KindUnknown:
		return CastImplicit
	case to == KindNull || to == KindUnknown || to == KindRecord:
		return CastNone
	case isCharKind(to) || to == KindName:
		if isCharKind(from) || from == KindName && to == KindText ||
			to == KindName && isCharKind(from) || from == KindChar && to == KindText {
			return CastImplicit
		}
		return CastAssign
	case from.IsString(): // text, varchar, char(n), name: I/O conversion
		if to == KindRegclass && (from == KindText || from == KindVarchar) {
			return CastImplicit
		}
		if to == KindChar && from != KindName {
			return CastAssign
		}
		return CastExplicit
	case to.IsReg():
		if from.IsInteger() || regPair(from, to) {
			return CastImplicit
		}
		return CastNone
	case from.IsReg():
		switch to {
		case KindOID:
			return CastImplicit
		case KindInt4, KindInt8:
			return CastAssign
		}
		return CastNone
	case from == KindChar || to == KindChar:
		if from == KindInt4 || to == KindInt4 {
			return CastExplicit
		}
		return CastNone
	case to == KindArray:
		if from == KindInt2Vector || from == KindOIDVector {
			return CastImplicit // as their element arrays; see CastContextOfType
		}
		return CastNone
	}
	if r1, r2 := numberRank(from), numberRank(to); r1 > 0 && r2 > 0 {
		if r1 < r2 {
			return CastImplicit
		}
		return CastAssign
	}
	switch from {
	case KindInt2, KindInt4, KindInt8:
		if to == KindOID {
			return CastImplicit
		}
		if from == KindInt4 && to == KindBool {
			return CastExplicit
		}
	case KindOID:
		if to == KindInt4 || to == KindInt8 {
			return CastAssign
		}
	case KindBool:
		if to == KindInt4 {
			return CastExplicit
		}
	case KindDate:
		if to == KindTimestamp || to == KindTimestamptz {
			return CastImplicit
		}
	case KindTimestamp:
		switch to {
		case KindTimestamptz:
			return CastImplicit
		case KindDate, KindTime:
			return CastAssign
		}
	case KindTimestamptz:
		if to == KindTimestamp || to == KindDate || to == KindTime {
			return CastAssign
		}
	case KindJSON:
		if to == KindJSONB {
			return CastAssign
		}
	case KindJSONB:
		switch to {
		case KindJSON:
			return CastAssign
		case KindBool, KindInt2, KindInt4, KindInt8, KindNumeric, KindFloat4, KindFloat8:
			return CastExplicit
		}
	}
	return CastNone
}

// regPair reports the reg* conversions pg_cast lists besides oid's:
// regproc ↔ regprocedure and regoper ↔ regoperator.
func regPair(from, to Kind) bool {
	switch from {
	case KindRegproc:
		return to == KindRegprocedure
	case KindRegprocedure:
		return to == KindRegproc
	case KindRegoper:
		return to == KindRegoperator
	case KindRegoperator:
		return to == KindRegoper
	}
	return false
}

// CastContextOfType is CastContextOf for full types: an array converts to
// another array in the context its elements convert in (PostgreSQL's array
// coercion), and int2vector/oidvector convert like int2[]/oid[].
func CastContextOfType(from, to Type) CastContext {
	if to.Kind == KindArray && from.Kind.IsArray() {
		fe, te := from.ElemType().Kind, to.Elem
		if te == KindNull || fe == te {
			return CastImplicit
		}
		return CastContextOf(fe, te)
	}
	return CastContextOf(from.Kind, to.Kind)
}

// CanAssign reports whether a value of kind from may be stored into a
// column of kind to (INSERT/UPDATE), i.e. PostgreSQL allows the cast in
// assignment context. Callers report 42804 when it does not.
func CanAssign(from, to Kind) bool { return CastContextOf(from, to) >= CastAssign }

// CanImplicit reports whether PostgreSQL converts from → to silently inside
// expressions (operator and function arguments).
func CanImplicit(from, to Kind) bool { return CastContextOf(from, to) == CastImplicit }

// CommonType resolves the type of a UNION column, CASE/COALESCE result or
// the operands of a comparison the way PostgreSQL's select_common_type does
// for our types: NULL and unknown literals take the other side's type (two
// unknowns → text); numbers promote along int2 < int4 < int8 < numeric <
// float4 < float8 (oid joins the integers as bigint); differing character
// kinds (name included) meet at text; arrays meet at the array of their
// elements' common type; reg* types absorb integers; date < timestamp < timestamptz. Equal kinds keep a
// typmod only if both sides agree. ok is false when the types do not mix
// (PostgreSQL's 42804 "… types X and Y cannot be matched").
func CommonType(a, b Type) (Type, bool) {
	switch {
	case a.Kind == KindArray && b.Kind == KindArray && a.Elem != b.Elem:
		e, ok := CommonType(a.ElemType(), b.ElemType())
		if !ok || e.Kind.IsArray() {
			return Type{}, false
		}
		return ArrayOf(e), true
	case a.Kind == b.Kind:
		if a.Kind == KindUnknown || a.Kind == KindNull {
			return Text, true
		}
		if a.Mod != b.Mod {
			a.Mod = -1
		}
		return a, true
	case a.Kind == KindNull || a.Kind == KindUnknown:
		if b.Kind == KindNull || b.Kind == KindUnknown {
			return Text, true
		}
		return b, true
	case b.Kind == KindNull || b.Kind == KindUnknown:
		return a, true
	case a.Kind.IsString() && b.Kind.IsString():
		return Text, true
	case a.Kind.IsReg() && b.Kind.IsInteger():
		return Type{Kind: a.Kind, Mod: -1}, true
	case b.Kind.IsReg() && a.Kind.IsInteger():
		// oid and reg* cast implicitly both ways: the first one wins.
		if a.Kind == KindOID {
			return OID, true
		}
		return Type{Kind: b.Kind, Mod: -1}, true
	}
	if ra, rb := numberRankOID(a.Kind), numberRankOID(b.Kind); ra > 0 && rb > 0 {
		k := b.Kind
		if ra > rb {
			k = a.Kind
		}
		if k == KindOID {
			k = KindInt8
		}
		return Type{Kind: k, Mod: -1}, true
	}
	if ra, rb := datetimeRank(a.Kind), datetimeRank(b.Kind); ra > 0 && rb > 0 {
		if ra > rb {
			return Type{Kind: a.Kind, Mod: -1}, true
		}
		return Type{Kind: b.Kind, Mod: -1}, true
	}
	return Type{}, false
}

// numberRankOID is numberRank with oid promoted like bigint.
func numberRankOID(k Kind) int {
	if k == KindOID {
		return numberRank(KindInt8)
	}
	return numberRank(k)
}

func datetimeRank(k Kind) int {
	switch k {
	case KindDate:
		return 1
	case KindTimestamp:
		return 2
	case KindTimestamptz:
		return 3
	}
	return 0
}
