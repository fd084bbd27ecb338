package parse

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// maxNumericWeight and maxNumericScale bound how far a literal's exponent
// may move the decimal point. PostgreSQL's numeric allows 131072 digits before the point
// and 16383 after; anything past that overflows there too, and the bound
// keeps a hostile 1e999999999 from allocating a huge string here.
const (
	maxNumericWeight = 131072
	maxNumericScale  = 16383
)

// integerLiteral types an integer constant as PostgreSQL does: int4 when it
// fits, int8 otherwise.
func integerLiteral(n int64) types.Value {
	if n >= math.MinInt32 && n <= math.MaxInt32 {
		return types.NewInt4(int32(n))
	}
	return types.NewInt8(n)
}

// numericLiteral types a numeric constant that pg_query hands over as text
// (a Float node): integers too large for int4 (possibly negated, possibly
// hexadecimal/octal/binary or with _ separators, as PostgreSQL 16's lexer
// allows), and decimals. Integers become int4/int8 when they fit and numeric
// otherwise; decimals become numeric with PostgreSQL's canonical text: the
// scale is the number of fraction digits written minus the exponent
// (1.50 → "1.50", 1.5e2 → "150", 1.2e-3 → "0.0012").
func numericLiteral(s string) (types.Value, *pgerr.Error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.ReplaceAll(strings.TrimPrefix(s, "-"), "_", "")
	if len(s) > 2 && s[0] == '0' && strings.ContainsRune("xXoObB", rune(s[1])) {
		n, ok := new(big.Int).SetString(s, 0)
		if !ok {
			return types.Value{}, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
		}
		return integerValue(n.String(), neg), nil
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > maxNumericWeight || e < -maxNumericScale {
			return types.Value{}, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
		}
		mant, exp = s[:i], e
	}
	intPart, frac, hasPoint := strings.Cut(mant, ".")
	if !hasPoint && exp == 0 {
		return integerValue(intPart, neg), nil
	}
	// value = digits × 10^shift
	digits := strings.TrimLeft(intPart+frac, "0")
	shift := exp - len(frac)
	if digits == "" {
		digits, neg = "0", false
	}
	if len(digits)+shift > maxNumericWeight || -shift > maxNumericScale {
		return types.Value{}, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case shift >= 0:
		if digits != "0" {
			b.WriteString(digits)
			b.WriteString(strings.Repeat("0", shift))
		} else {
			b.WriteByte('0')
		}
	default:
		scale := -shift
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		b.WriteString(digits[:len(digits)-scale])
		b.WriteByte('.')
		b.WriteString(digits[len(digits)-scale:])
	}
	return types.Value{K: types.KindNumeric, S: b.String()}, nil
}

// integerValue types decimal digits: int4/int8 when they fit, else numeric.
func integerValue(digits string, neg bool) types.Value {
	if neg {
		digits = "-" + digits
	}
	if n, err := strconv.ParseInt(digits, 10, 64); err == nil {
		return integerLiteral(n)
	}
	digits = strings.TrimLeft(strings.TrimPrefix(digits, "-"), "0")
	if digits == "" {
		digits = "0"
	} else if neg {
		digits = "-" + digits
	}
	return types.Value{K: types.KindNumeric, S: digits}
}

// negateDecimal flips the sign of canonical numeric text; zero stays
// unsigned, as PostgreSQL's numeric has no negative zero.
func negateDecimal(s string) string {
	if strings.HasPrefix(s, "-") {
		return s[1:]
	}
	if strings.Trim(s, "0.") == "" {
		return s
	}
	return "-" + s
}
