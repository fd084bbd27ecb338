package expr

import (
	"errors"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

const (
	hintNoOperator = "No operator matches the given name and argument types. You might need to add explicit type casts."
	hintNoUnaryOp  = "No operator matches the given name and argument type. You might need to add an explicit type cast."
	hintNoFunction = "No function matches the given name and argument types. You might need to add explicit type casts."
	hintAmbiguous  = "Could not choose a best candidate operator. You might need to add explicit type casts."

	codeAmbiguousFunction = "42725"
	codeWrongObjectType   = "42809"
	codeSubstringError    = "22011"
)

// at attaches a 0-based source offset to err as PostgreSQL's 1-based
// Position, unless err already points somewhere or loc is unknown (< 0).
func at(err error, loc int) error {
	var pe *pgerr.Error
	if loc < 0 || !errors.As(err, &pe) || pe.Position != 0 {
		return err
	}
	return pe.WithPosition(loc + 1)
}

// typeName is format_type's spelling, with "unknown" for untyped literals.
func typeName(t types.Type) string {
	if t.Kind == types.KindUnknown || t.Kind == types.KindNull {
		return "unknown"
	}
	return t.Name()
}

func errNoBinaryOp(op string, l, r types.Type, loc int) error {
	if op == "!=" {
		op = "<>"
	}
	return at(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s %s",
		typeName(l), op, typeName(r)).WithHint(hintNoOperator), loc)
}

func errNoUnaryOp(op string, t types.Type, loc int) error {
	return at(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s",
		op, typeName(t)).WithHint(hintNoUnaryOp), loc)
}

func errAmbiguousOp(op string, l, r *types.Type, loc int) error {
	var msg string
	if l == nil {
		msg = "operator is not unique: " + op + " " + typeName(*r)
	} else {
		msg = "operator is not unique: " + typeName(*l) + " " + op + " " + typeName(*r)
	}
	return at(pgerr.New(codeAmbiguousFunction, "%s", msg).WithHint(hintAmbiguous), loc)
}

// errNotBoolean is coerce_to_boolean's complaint about AND/OR/NOT/IS operands.
func errNotBoolean(construct string, t types.Type, loc int) error {
	return at(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s",
		construct, typeName(t)), loc)
}

var (
	errIntRange   = pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
	errInt2Range  = pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
	errInt8Range  = pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range")
	errDivZero    = pgerr.New(pgerr.DivisionByZero, "division by zero")
	errOverflow   = pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
	errUnderflow  = pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: underflow")
	errNegSqrt    = pgerr.New("2201F", "cannot take square root of a negative number")
	errNegPower   = pgerr.New("2201F", "a negative number raised to a non-integer power yields a complex result")
	errZeroNegPow = pgerr.New("2201F", "zero raised to a negative power is undefined")
)

// errIntOutOfRange returns the overflow error PostgreSQL names after the
// result type.
func errIntOutOfRange(k types.Kind) error {
	switch k {
	case types.KindInt2:
		return errInt2Range
	case types.KindInt8:
		return errInt8Range
	}
	return errIntRange
}
