// Package pgerr is the one error type of KalamDB: a SQL error carrying a
// PostgreSQL SQLSTATE. It is created where a problem is found and rendered
// once, by pgwire, as an ErrorResponse. Any other error that reaches the wire
// is reported as XX000 (internal error).
package pgerr

import (
	"errors"
	"fmt"
)

// Error is a SQL error with the fields of PostgreSQL's ErrorResponse.
type Error struct {
	Severity string // ERROR unless set (FATAL for connection-ending errors)
	Code     string // SQLSTATE, five characters
	Message  string
	Detail   string
	Hint     string
	Position int // 1-based character position in the query text; 0 = none
	// Where is the context the error arose in, PostgreSQL's W field
	// (psql's CONTEXT: line), e.g. `COPY t, line 3, column b: "x"`.
	Where string

	// The object the error is about, as PostgreSQL reports it in the
	// ErrorResponse fields s, t, c, n and d (drivers expose them, e.g.
	// psycopg2's e.diag.table_name, pgx's PgError.ConstraintName). Empty
	// means not reported.
	SchemaName     string
	TableName      string
	ColumnName     string
	ConstraintName string
	DataTypeName   string
}

func (e *Error) Error() string { return e.Message }

// New returns an Error with a formatted message.
func New(code, format string, args ...any) *Error {
	if len(args) == 0 {
		return &Error{Code: code, Message: format}
	}
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithPosition returns a copy of e that points at a 1-based position.
func (e *Error) WithPosition(pos int) *Error {
	c := *e
	c.Position = pos
	return &c
}

// WithHint returns a copy of e carrying a hint.
func (e *Error) WithHint(hint string) *Error {
	c := *e
	c.Hint = hint
	return &c
}

// WithDetail returns a copy of e carrying a detail line.
func (e *Error) WithDetail(detail string) *Error {
	c := *e
	c.Detail = detail
	return &c
}

// WithWhere returns a copy of e carrying a context line.
func (e *Error) WithWhere(where string) *Error {
	c := *e
	c.Where = where
	return &c
}

// WithTable returns a copy of e naming the schema and table it is about.
func (e *Error) WithTable(schema, table string) *Error {
	c := *e
	c.SchemaName, c.TableName = schema, table
	return &c
}

// WithColumn returns a copy of e naming the column it is about (with
// WithTable, as PostgreSQL reports a column with its table).
func (e *Error) WithColumn(column string) *Error {
	c := *e
	c.ColumnName = column
	return &c
}

// WithConstraint returns a copy of e naming the violated constraint.
func (e *Error) WithConstraint(name string) *Error {
	c := *e
	c.ConstraintName = name
	return &c
}

// WithDataType returns a copy of e naming the data type it is about.
func (e *Error) WithDataType(name string) *Error {
	c := *e
	c.DataTypeName = name
	return &c
}

// From returns err as an *Error, wrapping unknown errors as XX000.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: InternalError, Message: err.Error()}
}

// SQLSTATE codes used across the server (PostgreSQL appendix A).
const (
	SuccessfulCompletion         = "00000"
	Warning                      = "01000"
	ConnectionException          = "08000"
	ProtocolViolation            = "08P01"
	FeatureNotSupported          = "0A000"
	InvalidTransactionState      = "25000"
	InFailedTransaction          = "25P02"
	ActiveSQLTransaction         = "25001"
	NoActiveSQLTransaction       = "25P01"
	InvalidAuthorization         = "28000"
	InvalidPassword              = "28P01"
	InvalidCatalogName           = "3D000"
	InvalidSchemaName            = "3F000"
	DataException                = "22000"
	StringDataRightTruncation    = "22001"
	NumericValueOutOfRange       = "22003"
	NullValueNotAllowed          = "22004"
	InvalidDatetimeFormat        = "22007"
	DatetimeFieldOverflow        = "22008"
	DivisionByZero               = "22012"
	InvalidParameterValue        = "22023"
	InvalidTextRepresentation    = "22P02"
	InvalidBinaryRepresentation  = "22P03"
	InvalidEscapeSequence        = "22025"
	InvalidJSONText              = "22P02"
	BadCopyFileFormat            = "22P04"
	CharacterNotInRepertoire     = "22021"
	NotNullViolation             = "23502"
	UniqueViolation              = "23505"
	SyntaxError                  = "42601"
	UndefinedColumn              = "42703"
	UndefinedTable               = "42P01"
	UndefinedObject              = "42704"
	UndefinedFunction            = "42883"
	UndefinedParameter           = "42P02"
	UndefinedSchema              = "3F000"
	DuplicateTable               = "42P07"
	DuplicateSchema              = "42P06"
	DuplicateColumn              = "42701"
	DuplicateObject              = "42710"
	DuplicatePreparedStatement   = "42P05"
	InvalidSQLStatementName      = "26000"
	InvalidCursorName            = "34000"
	AmbiguousColumn              = "42702"
	DatatypeMismatch             = "42804"
	GroupingError                = "42803"
	CannotCoerce                 = "42846"
	InvalidColumnReference       = "42P10"
	InvalidTableDefinition       = "42P16"
	DependentObjectsStillExist   = "2BP01"
	InsufficientPrivilege        = "42501"
	QueryCanceled                = "57014"
	AdminShutdown                = "57P01"
	TooManyConnections           = "53300"
	ObjectNotInPrerequisiteState = "55000"
	InternalError                = "XX000"
)
