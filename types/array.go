package types

import (
	"encoding/binary"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Arrays are one-dimensional with lower bound 1 (PostgreSQL's default);
// multi-dimensional arrays and other lower bounds are not represented.
// int2vector and oidvector are arrays of int2/oid with their own text form
// (and lower bound 0 on the wire).
//
// An array Value is immutable: K is KindArray (or a vector kind), I holds
// the element kind (KindArray only), and S holds the elements encoded with
// the row codec (AppendRow). Every element is NULL or has the element
// kind. The encoding is canonical for a given element list, so two arrays
// with the same elements have the same S.

// NewArray builds a value of type ArrayOf(elem). The elements must be NULL
// or of kind elem.Kind; they are copied.
func NewArray(elem Type, elems []Value) Value {
	return Value{K: KindArray, I: int64(elem.Kind), S: string(AppendRow(nil, elems))}
}

// NewVector builds an int2vector (k = KindInt2Vector, elements int2) or an
// oidvector (k = KindOIDVector, elements oid). Elements must not be NULL.
func NewVector(k Kind, elems []Value) Value {
	return Value{K: k, S: string(AppendRow(nil, elems))}
}

// ArrayElemKind is the element kind of an array or vector value.
func ArrayElemKind(v Value) Kind {
	switch v.K {
	case KindInt2Vector:
		return KindInt2
	case KindOIDVector:
		return KindOID
	}
	return Kind(v.I)
}

var errNotArray = pgerr.New(pgerr.InternalError, "value is not an array")

// ArrayElems decodes the elements of an array or vector value. The
// elements' strings share v.S (nothing is copied but the slice).
func ArrayElems(v Value) ([]Value, error) {
	if !v.K.IsArray() {
		return nil, errNotArray
	}
	n, err := ArrayLen(v)
	if err != nil {
		return nil, err
	}
	out := make([]Value, 0, n)
	it := newElemIter(v.S)
	for it.next() {
		out = append(out, it.v)
	}
	return out, it.err
}

// ArrayLen is the number of elements of an array or vector value
// (PostgreSQL's cardinality; array_length returns NULL for 0).
func ArrayLen(v Value) (int, error) {
	if !v.K.IsArray() {
		return 0, errNotArray
	}
	if v.S == "" {
		return 0, nil
	}
	n, _, err := rowHeader(v.S)
	return int(n), err
}

// elemIter walks the row-codec payload of an array without allocating.
// The zero payload "" is the empty array.
type elemIter struct {
	s    string
	pos  int
	left uint64
	v    Value
	err  error
}

func newElemIter(s string) elemIter {
	if s == "" {
		return elemIter{}
	}
	n, pos, err := rowHeader(s)
	return elemIter{s: s, pos: pos, left: n, err: err}
}

// next decodes the following element into it.v, reporting false at the
// end or on malformed input (it.err is then set).
func (it *elemIter) next() bool {
	if it.err != nil || it.left == 0 {
		return false
	}
	v, lo, hi, next, ok := decodeRowValue(it.s, it.pos)
	if !ok {
		it.err = errRowData
		return false
	}
	v.S = it.s[lo:hi]
	it.v, it.pos = v, next
	it.left--
	return true
}

// compareArrays orders arrays as PostgreSQL's array_cmp does for one
// dimension: element by element (a NULL element after every non-NULL one,
// equal to another NULL), then the shorter array first.
func compareArrays(a, b Value) int {
	ia, ib := newElemIter(a.S), newElemIter(b.S)
	for {
		na, nb := ia.next(), ib.next()
		switch {
		case !na && !nb:
			return 0
		case !na:
			return -1
		case !nb:
			return 1
		}
		if c := Compare(ia.v, ib.v); c != 0 {
			return c
		}
	}
}

// appendArrayGroupKey appends the element count and each element's group
// key, so arrays (and vectors) are grouped exactly when Equal.
func appendArrayGroupKey(buf []byte, v Value) []byte {
	n, _ := ArrayLen(v)
	buf = binary.AppendUvarint(buf, uint64(n))
	it := newElemIter(v.S)
	for it.next() {
		buf = AppendGroupKey(buf, it.v)
	}
	return buf
}

// Key markers of array elements: a NULL element sorts after any value,
// and the end marker before either, so a prefix sorts first.
const (
	keyArrayEnd  = 0x00
	keyArrayElem = 0x01
	keyArrayNull = 0x02
)

// appendArrayKey is order-preserving for arrays of one element kind: each
// element is a marker byte followed (for non-NULL elements) by its key.
func appendArrayKey(buf []byte, v Value) []byte {
	it := newElemIter(v.S)
	for it.next() {
		if it.v.K == KindNull {
			buf = append(buf, keyArrayNull)
			continue
		}
		buf = AppendKey(append(buf, keyArrayElem), it.v)
	}
	return append(buf, keyArrayEnd)
}

// decodeArrayKey reverses appendArrayKey for an array or vector type.
func decodeArrayKey(b []byte, t Type) (Value, []byte, error) {
	et := t.ElemType()
	var elems []Value
	for {
		if len(b) == 0 {
			return NullValue, b, errBadKey
		}
		marker := b[0]
		b = b[1:]
		switch marker {
		case keyArrayEnd:
			return arrayValue(t, elems), b, nil
		case keyArrayNull:
			elems = append(elems, NullValue)
		case keyArrayElem:
			e, rest, err := DecodeKey(b, et)
			if err != nil {
				return NullValue, b, err
			}
			elems = append(elems, e)
			b = rest
		default:
			return NullValue, b, errBadKey
		}
	}
}

// arrayValue builds a value of array or vector type t from its elements.
func arrayValue(t Type, elems []Value) Value {
	if t.Kind == KindArray {
		return NewArray(t.ElemType(), elems)
	}
	return NewVector(t.Kind, elems)
}
