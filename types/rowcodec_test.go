package types

import (
	"math"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameValue compares Values field by field, floats by their bits, so NaN
// payloads and -0 must survive exactly.
func sameValue(t *testing.T, want, got Value) {
	t.Helper()
	require.Equal(t, want.K, got.K)
	require.Equal(t, want.I, got.I)
	require.Equal(t, want.S, got.S)
	require.Equal(t, math.Float64bits(want.F), math.Float64bits(got.F))
}

func sampleRow() []Value {
	return []Value{
		NullValue,
		NewBool(true), NewBool(false),
		NewInt2(math.MinInt16), NewInt4(math.MaxInt32), NewInt8(math.MinInt64), NewInt8(math.MaxInt64),
		{K: KindOID, I: math.MaxUint32},
		NewFloat4(-1.5), NewFloat8(math.Copysign(0, -1)), NewFloat8(math.Float64frombits(0x7ff8000000000123)),
		NewFloat8(math.Inf(-1)),
		num("-12.3400"), num("NaN"),
		NewText(""), NewText("héllo\x00"), {K: KindVarchar, S: "v"}, bpchar("ab  "), {K: KindUnknown, S: "lit"},
		NewBytea([]byte{0, 1, 2, 0xff}),
		NewDate(PosInfinity), NewDate(-719528), NewTime(86_399_999_999),
		NewTimestamp(NegInfinity), NewTimestamptz(1_700_000_000_000_000),
		{K: KindUUID, S: "0123456789abcdef"},
		{K: KindJSON, S: `{"a": [1, 2]}`}, {K: KindJSONB, S: `{"a": [1, 2]}`},
		NewName("pg_class"), NewChar(0xff), NewReg(KindRegclass, 1259, "pg_class"), NewReg(KindRegrole, 10, ""),
		NewArray(Int4, []Value{NewInt4(1), NullValue}), NewArray(Text, nil),
		NewArray(Text, []Value{NewText("a"), NewText("")}),
		NewVector(KindOIDVector, []Value{{K: KindOID, I: 23}}), {K: KindVoid}, {K: KindAclitem, S: "=r/postgres"},
	}
}

func TestRowRoundTrip(t *testing.T) {
	row := sampleRow()
	enc := AppendRow([]byte("hdr"), row)
	require.Equal(t, "hdr", string(enc[:3]))
	got, err := DecodeRow(enc[3:], nil)
	require.NoError(t, err)
	require.Len(t, got, len(row))
	for i := range row {
		sameValue(t, row[i], got[i])
	}

	// Strings are copied out: scribbling over the input changes nothing.
	for i := range enc {
		enc[i] = 0xEE
	}
	for i := range row {
		sameValue(t, row[i], got[i])
	}
}

func TestRowRandomRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	all := append([]Kind{KindNull, KindUnknown}, keyKinds...)
	var dst []Value
	for n := 0; n < 200; n++ {
		row := make([]Value, r.Intn(12))
		for i := range row {
			k := all[r.Intn(len(all))]
			if k == KindNull {
				row[i] = NullValue
			} else {
				row[i] = randValue(r, k)
			}
		}
		var err error
		dst, err = DecodeRow(AppendRow(nil, row), dst)
		require.NoError(t, err)
		require.Len(t, dst, len(row))
		for i := range row {
			sameValue(t, row[i], dst[i])
		}
	}
}

func TestDecodeRowReusesDst(t *testing.T) {
	enc := AppendRow(nil, []Value{NewInt4(1), NewText("x")})
	dst := make([]Value, 5, 8)
	got, err := DecodeRow(enc, dst)
	require.NoError(t, err)
	assert.Equal(t, &dst[0], &got[0])
	assert.Equal(t, []Value{NewInt4(1), NewText("x")}, got)

	got, err = DecodeRow(AppendRow(nil, nil), got)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestDecodeRowErrors(t *testing.T) {
	good := AppendRow(nil, []Value{NewInt8(300), NewText("abc"), NewFloat8(1), {K: KindUUID, S: zeros(16)}})
	bad := [][]byte{
		nil,
		{2, 0},                         // unknown version
		{1},                            // no count
		{1, 1},                         // count without value
		{1, 1, byte(kindCount)},        // bad tag
		{1, 2, byte(KindNull)},         // too few values
		{1, 1, byte(KindInt4), 0x80},   // truncated varint
		{1, 1, byte(KindText), 5, 'a'}, // truncated string
		{1, 1, byte(KindFloat8), 1, 2}, // truncated float
		{1, 1, byte(KindNull), 0},      // trailing garbage
		{1, 0xff, 0xff, 0xff, 0xff, 0x0f},
	}
	for i := 1; i < len(good); i++ {
		bad = append(bad, good[:i])
	}
	for _, b := range bad {
		_, err := DecodeRow(b, nil)
		assert.Error(t, err, "%x", b)
	}
}

func TestAppendRowDoesNotAllocate(t *testing.T) {
	row := sampleRow()
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(100, func() { buf = AppendRow(buf[:0], row) })
	assert.Zero(t, allocs)

	enc := AppendRow(nil, row)
	dst := make([]Value, len(row))
	allocs = testing.AllocsPerRun(100, func() { dst, _ = DecodeRow(enc, dst) })
	assert.Equal(t, 1.0, allocs, "one shared string copy per row")
}

func FuzzDecodeRow(f *testing.F) {
	f.Add(AppendRow(nil, sampleRow()))
	f.Add(AppendRow(nil, nil))
	f.Add([]byte{1, 3, byte(KindText), 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		row, err := DecodeRow(b, nil)
		if err != nil {
			return
		}
		// Whatever decodes must survive a re-encoding unchanged (varints
		// may be non-minimal in b, so compare values, not bytes).
		again, err := DecodeRow(AppendRow(nil, row), nil)
		require.NoError(t, err)
		require.Len(t, again, len(row))
		for i := range row {
			sameValue(t, row[i], again[i])
		}
	})
}

func BenchmarkAppendRow(b *testing.B) {
	row := sampleRow()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = AppendRow(buf[:0], row)
	}
}

func BenchmarkDecodeRow(b *testing.B) {
	row := sampleRow()
	enc := AppendRow(nil, row)
	dst := make([]Value, len(row))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dst, _ = DecodeRow(enc, dst)
	}
}
