package types

// STUB FILE — owned by the ops helper, who deletes it once compare.go,
// cast.go, rowcodec.go, key.go and numeric.go implement these signatures.

// Compare orders two non-NULL values of comparable kinds (same kind, any two
// numeric kinds, any two string kinds, date/timestamp/timestamptz) and
// returns -1, 0 or +1. NULL sorts after everything (PostgreSQL's default).
func Compare(a, b Value) int { panic("unimplemented") }

// Cast converts v to type to. explicit is true for CAST/:: (which may
// truncate varchar(n)) and false for assignment casts (which raise 22001).
// Casting NULL yields NULL. Typmods are enforced here.
func Cast(v Value, to Type, explicit bool) (Value, error) { panic("unimplemented") }

// AppendRow appends the compact encoding of a row to buf.
func AppendRow(buf []byte, row []Value) []byte { panic("unimplemented") }

// DecodeRow decodes a row appended by AppendRow into dst (reused when large
// enough). Strings are copied out of b, so b may be reused afterwards.
func DecodeRow(b []byte, dst []Value) ([]Value, error) { panic("unimplemented") }

// AppendKey appends an order-preserving encoding of v: bytes.Compare on
// encoded keys agrees with Compare on values of the same kind. Composite
// keys are concatenations.
func AppendKey(buf []byte, v Value) []byte { panic("unimplemented") }

// DecodeKey decodes one value of type t from the front of b and returns the rest.
func DecodeKey(b []byte, t Type) (Value, []byte, error) { panic("unimplemented") }

// NumericAdd etc. implement numeric arithmetic on canonical decimal text.
func NumericAdd(a, b string) (string, error) { panic("unimplemented") }
func NumericSub(a, b string) (string, error) { panic("unimplemented") }
func NumericMul(a, b string) (string, error) { panic("unimplemented") }
func NumericDiv(a, b string) (string, error) { panic("unimplemented") }
func NumericMod(a, b string) (string, error) { panic("unimplemented") }
