package types

import (
	"bytes"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randValue returns a random value of kind k, biased towards edge cases.
func randValue(r *rand.Rand, k Kind) Value {
	switch k {
	case KindBool:
		return NewBool(r.Intn(2) == 0)
	case KindInt2:
		return NewInt2(int16(randInt(r, math.MinInt16, math.MaxInt16)))
	case KindInt4:
		return NewInt4(int32(randInt(r, math.MinInt32, math.MaxInt32)))
	case KindInt8, KindDate, KindTime, KindTimestamp, KindTimestamptz:
		return Value{K: k, I: randInt(r, math.MinInt64, math.MaxInt64)}
	case KindOID, KindRegclass, KindRegtype:
		return Value{K: k, I: randInt(r, 0, math.MaxUint32)}
	case KindChar:
		return NewChar(byte(r.Intn(256)))
	case KindInt2Vector, KindOIDVector:
		// few distinct elements, so prefixes and ties are common
		elems := make([]Value, r.Intn(4))
		for i := range elems {
			elems[i] = Value{K: KindInt2, I: int64(r.Intn(5) - 2)}
			if k == KindOIDVector {
				elems[i] = Value{K: KindOID, I: []int64{0, 1, 2, math.MaxUint32}[r.Intn(4)]}
			}
		}
		return NewVector(k, elems)
	case KindFloat4, KindFloat8:
		specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), math.SmallestNonzeroFloat64, -math.MaxFloat64, 1, -1}
		var f float64
		switch r.Intn(3) {
		case 0:
			f = specials[r.Intn(len(specials))]
		case 1:
			f = float64(r.Intn(21) - 10)
		default:
			f = r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
		}
		if k == KindFloat4 {
			f = float64(float32(f))
		}
		return Value{K: k, F: f}
	case KindNumeric:
		return num(randNumeric(r))
	case KindUUID:
		var u [16]byte
		for i := range u {
			u[i] = byte(r.Intn(3) * 127)
		}
		return Value{K: k, S: string(u[:])}
	}
	// Strings: short, from an alphabet with the escape-relevant bytes.
	alphabet := []byte{0x00, 0x01, 0xff, ' ', 'a', 'b', 'é'}
	n := r.Intn(5)
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.Intn(len(alphabet))]
	}
	return Value{K: k, S: string(b)}
}

func randInt(r *rand.Rand, lo, hi int64) int64 {
	switch r.Intn(4) {
	case 0:
		return []int64{lo, hi, 0, -1, 1}[r.Intn(5)]
	case 1:
		return int64(r.Intn(21)) - 10
	}
	v := int64(r.Uint64())
	if v < lo || v > hi {
		span := uint64(hi - lo)
		if span == math.MaxUint64 {
			return v
		}
		return lo + int64(r.Uint64()%(span+1))
	}
	return v
}

func randNumeric(r *rand.Rand) string {
	switch r.Intn(10) {
	case 0:
		return []string{"NaN", "Infinity", "-Infinity", "0", "0.000", "-0.0"}[r.Intn(6)]
	}
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.Intn(10))
			if r.Intn(3) == 0 {
				b[i] = '0'
			}
		}
		return string(b)
	}
	s := strconv.Itoa(r.Intn(3) * r.Intn(1000))
	if r.Intn(4) == 0 {
		s = "1" + digits(r.Intn(30))
	}
	if r.Intn(2) == 0 {
		s += "." + digits(1+r.Intn(25))
	}
	if r.Intn(2) == 0 {
		s = "-" + s
	}
	return s
}

var keyKinds = []Kind{KindBool, KindInt2, KindInt4, KindInt8, KindOID, KindFloat4, KindFloat8, KindNumeric,
	KindText, KindVarchar, KindBpchar, KindBytea, KindDate, KindTime, KindTimestamp, KindTimestamptz, KindUUID, KindJSON, KindJSONB,
	KindName, KindChar, KindRegclass, KindRegtype, KindInt2Vector, KindOIDVector}

func TestKeyOrderMatchesCompare(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, k := range keyKinds {
		t.Run(kinds[k].name, func(t *testing.T) {
			vals := make([]Value, 400)
			for i := range vals {
				vals[i] = randValue(r, k)
			}
			for i := 0; i+1 < len(vals); i++ {
				a, b := vals[i], vals[i+1]
				ka, kb := AppendKey(nil, a), AppendKey(nil, b)
				require.Equal(t, Compare(a, b), bytes.Compare(ka, kb), "%q vs %q: %x vs %x", a, b, ka, kb)
			}
			byValue := slices.Clone(vals)
			slices.SortStableFunc(byValue, Compare)
			byKey := slices.Clone(vals)
			slices.SortStableFunc(byKey, func(a, b Value) int { return bytes.Compare(AppendKey(nil, a), AppendKey(nil, b)) })
			for i := range byValue {
				require.Zero(t, Compare(byValue[i], byKey[i]), "position %d: %v vs %v", i, byValue[i], byKey[i])
			}
		})
	}
}

func TestKeyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, k := range keyKinds {
		for i := 0; i < 300; i++ {
			v := randValue(r, k)
			enc := AppendKey([]byte("prefix"), v)
			got, rest, err := DecodeKey(append(enc[len("prefix"):], 0xAB), Type{Kind: k, Mod: -1})
			require.NoError(t, err, "%v", v)
			require.Equal(t, []byte{0xAB}, rest)
			require.Zero(t, Compare(v, got), "%v decoded as %v", v, got)
			require.Equal(t, k, got.K)
			switch k {
			case KindFloat4, KindFloat8:
				if v.F == 0 {
					assert.Equal(t, uint64(0), math.Float64bits(got.F), "-0 normalised")
				} else if !math.IsNaN(v.F) {
					assert.Equal(t, v.F, got.F)
				}
			case KindNumeric:
				want, err := NumericRound(v.S, 40)
				require.NoError(t, err)
				assert.Zero(t, NumericCompare(want, got.S))
				assert.Equal(t, got.S, canonicalShortest(t, got.S), "shortest canonical text")
			case KindBpchar:
				assert.Equal(t, trimSpaces(v.S), got.S)
			default:
				assert.Equal(t, v, got)
			}
		}
	}
}

func canonicalShortest(t *testing.T, s string) string {
	if _, ip, fp, ok := decParts(s); ok {
		neg := s[0] == '-'
		if ip == "" {
			ip = "0"
		}
		out := ip
		if fp != "" {
			out += "." + fp
		}
		if neg {
			out = "-" + out
		}
		return out
	}
	return s
}

func trimSpaces(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func TestKeyNumericExamples(t *testing.T) {
	for _, s := range []string{"1.0", "1.00", "1"} {
		assert.Equal(t, AppendKey(nil, num("1")), AppendKey(nil, num(s)))
	}
	for _, tt := range []struct{ in, out string }{
		{"0.000", "0"}, {"-0.00120", "-0.0012"}, {"1200", "1200"}, {"123.4500", "123.45"}, {"NaN", "NaN"},
		{"-Infinity", "-Infinity"}, {"1e3", "1000"}, {"0.5", "0.5"}, {"99999999999999999999.1", "99999999999999999999.1"},
	} {
		got, rest, err := DecodeKey(AppendKey(nil, num(tt.in)), Numeric)
		require.NoError(t, err)
		assert.Empty(t, rest)
		assert.Equal(t, tt.out, got.S, tt.in)
	}
}

func TestCompositeKeyOrder(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	type row struct{ a, b Value }
	rows := make([]row, 500)
	for i := range rows {
		rows[i] = row{NewInt8(int64(r.Intn(5) - 2)), randValue(r, KindText)}
	}
	cmpRow := func(x, y row) int {
		if c := Compare(x.a, y.a); c != 0 {
			return c
		}
		return Compare(x.b, y.b)
	}
	enc := func(x row) []byte { return AppendKey(AppendKey(nil, x.a), x.b) }
	for i := 0; i+1 < len(rows); i++ {
		require.Equal(t, cmpRow(rows[i], rows[i+1]), bytes.Compare(enc(rows[i]), enc(rows[i+1])))
	}
	// (text, int) also works: the text terminator delimits the first column.
	k1 := AppendKey(AppendKey(nil, NewText("a")), NewInt4(9))
	k2 := AppendKey(AppendKey(nil, NewText("a\x00")), NewInt4(1))
	k3 := AppendKey(AppendKey(nil, NewText("ab")), NewInt4(1))
	assert.Equal(t, -1, bytes.Compare(k1, k2))
	assert.Equal(t, -1, bytes.Compare(k2, k3))
	v, rest, err := DecodeKey(k2, Text)
	require.NoError(t, err)
	assert.Equal(t, "a\x00", v.S)
	v, rest, err = DecodeKey(rest, Int4)
	require.NoError(t, err)
	assert.Equal(t, NewInt4(1), v)
	assert.Empty(t, rest)
}

func TestDecodeKeyErrors(t *testing.T) {
	bad := []struct {
		b []byte
		t Type
	}{
		{nil, Int4},
		{[]byte{1, 2, 3}, Float8},
		{[]byte{2}, Bool},
		{[]byte("abc"), Text},
		{[]byte{'a', 0x00, 0x07}, Text},
		{[]byte{1, 2}, UUID},
		{nil, Numeric},
		{[]byte{0x09}, Numeric},
		{[]byte{numKeyPos, 0x80, 0, 0, 0}, Numeric},
		{[]byte{numKeyPos, 0x80, 0, 0, 0, 0}, Numeric},
		{[]byte{numKeyPos, 0x80, 0, 0, 0, 101, 0}, Numeric},
	}
	for _, tt := range bad {
		_, _, err := DecodeKey(tt.b, tt.t)
		assert.Error(t, err, "%x as %s", tt.b, tt.t.Name())
	}
	v, rest, err := DecodeKey([]byte{1}, Null)
	require.NoError(t, err)
	assert.True(t, v.IsNull())
	assert.Equal(t, []byte{1}, rest)
	assert.Empty(t, AppendKey(nil, NullValue))
}

func TestAppendKeyDoesNotAllocate(t *testing.T) {
	vals := []Value{NewInt8(-5), NewFloat8(-1.5), NewText("hello\x00world"), bpchar("ab  "), num("-123.4500"), NewBool(true), {K: KindUUID, S: zeros(16)}}
	buf := make([]byte, 0, 512)
	allocs := testing.AllocsPerRun(100, func() {
		buf = buf[:0]
		for _, v := range vals {
			buf = AppendKey(buf, v)
		}
	})
	assert.Zero(t, allocs)
}
