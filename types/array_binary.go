package types

import (
	"encoding/binary"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Array binary form (array_send/array_recv):
//
//	ndim         int32: 0 for an empty array, else 1 here
//	flags        int32: 1 if any element is NULL
//	element oid  int32
//	per dim      int32 length, int32 lower bound (1; 0 for the vectors)
//	per element  int32 length (-1 for NULL), then the element's send form
//
// An empty int2vector/oidvector still has one dimension of length 0.

// appendArrayBinary appends array_send's form of an array or vector value
// of type t.
func appendArrayBinary(buf []byte, v Value, t Type) []byte {
	et := t.ElemType()
	if et.Kind == KindNull {
		et = Type{Kind: ArrayElemKind(v), Mod: -1}
	}
	n, _ := ArrayLen(v)
	vector := t.Kind != KindArray
	hasNull := uint32(0)
	if !vector && n > 0 {
		it := newElemIter(v.S)
		for it.next() {
			if it.v.K == KindNull {
				hasNull = 1
				break
			}
		}
	}
	ndim, lbound := uint32(1), uint32(1)
	if vector {
		lbound = 0
	} else if n == 0 {
		ndim = 0
	}
	buf = binary.BigEndian.AppendUint32(buf, ndim)
	buf = binary.BigEndian.AppendUint32(buf, hasNull)
	buf = binary.BigEndian.AppendUint32(buf, et.OID())
	if ndim == 0 {
		return buf
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(n))
	buf = binary.BigEndian.AppendUint32(buf, lbound)
	it := newElemIter(v.S)
	for it.next() {
		if it.v.K == KindNull {
			buf = binary.BigEndian.AppendUint32(buf, 0xffffffff)
			continue
		}
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		buf = AppendBinary(buf, it.v, Type{Kind: it.v.K, Mod: et.Mod})
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf
}

// insufficientData is what PostgreSQL's pq_getmsg* functions raise when
// a binary value ends early.
func insufficientData() error {
	return pgerr.New(pgerr.ProtocolViolation, "insufficient data left in message")
}

// decodeArrayBinary implements array_recv for array type t and the
// int2vectorrecv/oidvectorrecv checks for the vectors. Lower bounds of
// arrays are not kept (every array reads back with lower bound 1). Unlike
// PostgreSQL we accept the empty vector that int2vectorsend produces (one
// dimension of length 0), so our own output round-trips.
func decodeArrayBinary(b []byte, t Type) (Value, error) {
	et := t.ElemType()
	if et.Kind == KindNull || et.Kind == KindUnknown {
		et = Text
	}
	if len(b) < 12 {
		return NullValue, insufficientData()
	}
	ndim := int32(binary.BigEndian.Uint32(b))
	flags := int32(binary.BigEndian.Uint32(b[4:]))
	elemOID := binary.BigEndian.Uint32(b[8:])
	b = b[12:]
	switch {
	case ndim < 0:
		return NullValue, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
	case ndim > maxArrayDims:
		return NullValue, tooManyDims(int(ndim))
	case flags != 0 && flags != 1:
		return NullValue, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid array flags")
	case elemOID != et.OID():
		return NullValue, pgerr.New(pgerr.DatatypeMismatch, "binary data has array element type %d (%s) instead of expected %d (%s)",
			elemOID, oidTypeName(elemOID), et.OID(), et.Name())
	case ndim > 1:
		return NullValue, pgerr.New(pgerr.FeatureNotSupported, "multidimensional arrays are not supported")
	}
	vector := t.Kind != KindArray
	badVector := pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid %s data", kinds[t.Kind].name)
	if ndim == 0 {
		if vector {
			return NullValue, badVector
		}
		if len(b) != 0 {
			return NullValue, errBinaryFormat()
		}
		return NewArray(et, nil), nil
	}
	if len(b) < 8 {
		return NullValue, insufficientData()
	}
	n := int32(binary.BigEndian.Uint32(b))
	lbound := int32(binary.BigEndian.Uint32(b[4:]))
	b = b[8:]
	switch {
	case n < 0 || int64(n) > int64(len(b))/4: // every element takes 4+ bytes
		return NullValue, insufficientData()
	case vector && (lbound != 0 || flags != 0 || n > maxVectorElems):
		return NullValue, badVector
	}
	fixed := et.Size() // name's typlen is its storage size, not its send form
	if et.Kind == KindName || et.Kind == KindAclitem {
		fixed = -1
	}
	elems := make([]Value, 0, n)
	for i := int32(0); i < n; i++ {
		if len(b) < 4 {
			return NullValue, insufficientData()
		}
		size := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if size == -1 {
			if vector {
				return NullValue, badVector
			}
			elems = append(elems, NullValue)
			continue
		}
		if size < -1 || int64(size) > int64(len(b)) || fixed > 0 && size < int32(fixed) {
			// A fixed-size receive function reads past a short element.
			return NullValue, insufficientData()
		}
		e, err := DecodeBinary(b[:size], et)
		if err != nil {
			if pe, ok := err.(*pgerr.Error); ok && pe.Code == pgerr.InvalidBinaryRepresentation && pe.Message == "incorrect binary data format" {
				return NullValue, pgerr.New(pgerr.InvalidBinaryRepresentation, "improper binary format in array element %d", i+1)
			}
			return NullValue, err
		}
		elems = append(elems, e)
		b = b[size:]
	}
	if len(b) != 0 {
		return NullValue, errBinaryFormat()
	}
	return arrayValue(t, elems), nil
}

// oidTypeName names a type OID for messages, or "???" as format_type does
// for unknown OIDs.
func oidTypeName(oid uint32) string {
	if t, ok := TypeForOID(oid); ok {
		return t.Name()
	}
	return "???"
}
