package storage

import "encoding/binary"

// A value in a table bucket is an envelope around the caller's payload:
//
//	[0:8]  commit seq, big-endian
//	[8]    flags (bit 0: deleted tombstone)
//	[9:]   payload
//
// Tombstones are reserved for the cold tier (a delete must shadow flushed
// Parquet rows); the hot tier does not write them yet, but readers already
// skip them so the format need not change when it does.
const (
	envelopeHeader = 9
	flagDeleted    = 1 << 0
)

// putEnvelopeHeader stamps seq and flags into the first envelopeHeader bytes
// of v.
func putEnvelopeHeader(v []byte, seq uint64, flags byte) {
	binary.BigEndian.PutUint64(v[:8], seq)
	v[8] = flags
}

// openEnvelope splits a stored value. ok is false when v is too short to be
// an envelope (corruption: the store only ever writes envelopes).
func openEnvelope(v []byte) (seq uint64, flags byte, payload []byte, ok bool) {
	if len(v) < envelopeHeader {
		return 0, 0, nil, false
	}
	return binary.BigEndian.Uint64(v[:8]), v[8], v[envelopeHeader:], true
}
