package types

// STUB FILE — owned by the codec helper, who deletes it once text.go,
// binary.go, typename.go and json.go implement these signatures.

// AppendText appends v's PostgreSQL text output form (as PostgreSQL 15
// prints it with DateStyle ISO, MDY and TimeZone UTC) to buf. v is not NULL.
func AppendText(buf []byte, v Value, t Type) []byte { panic("unimplemented") }

// ParseText parses PostgreSQL text input for type t (22P02, 22007, 22008,
// 22003 on bad input). Typmods are not enforced here; see Cast.
func ParseText(s string, t Type) (Value, error) { panic("unimplemented") }

// AppendBinary appends v's PostgreSQL binary send form to buf. v is not NULL.
func AppendBinary(buf []byte, v Value, t Type) []byte { panic("unimplemented") }

// DecodeBinary decodes PostgreSQL binary receive form for type t (22P03 on bad input).
func DecodeBinary(b []byte, t Type) (Value, error) { panic("unimplemented") }

// LookupTypeName resolves a SQL type name (lower case, any PostgreSQL
// spelling or KalamDB alias) with its modifiers. Unknown names → 42704,
// PostgreSQL types we do not support → 0A000; both messages list the
// supported types.
func LookupTypeName(name string, mods []int32) (Type, error) { panic("unimplemented") }

// ValidateJSON checks s is valid JSON (22P02 "invalid input syntax for type json").
// For jsonb it returns PostgreSQL's normalised text form.
func NormalizeJSON(s string, t Type) (string, error) { panic("unimplemented") }
