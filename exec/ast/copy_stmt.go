package ast

// Copy is COPY table [(columns)] FROM STDIN | TO STDOUT [WITH (options)],
// or COPY (query) TO STDOUT. Only the client streams are supported; the
// parser refuses files and PROGRAM, so there is no file name here. The
// parser has validated the options (PostgreSQL's ProcessCopyOptions rules)
// and filled in the defaults of the format.
type Copy struct {
	Table   TableName // set unless Query is
	Columns []string  // nil: every column in creation order
	Query   Query     // COPY (query) TO STDOUT
	From    bool      // FROM STDIN; false is TO STDOUT
	Where   Expr      // COPY … FROM … WHERE condition; nil when absent
	Options CopyOptions
}

// CopyFormat is the data format of a COPY.
type CopyFormat uint8

// COPY formats; binary is refused by the parser.
const (
	CopyText CopyFormat = iota
	CopyCSV
)

// CopyOptions are a COPY's options with the format's defaults applied:
// text uses a tab delimiter and \N for NULL; csv a comma, an empty NULL
// string and '"' as quote and escape.
type CopyOptions struct {
	Format    CopyFormat
	Delimiter byte
	Null      string
	Quote     byte // csv only
	Escape    byte // csv only
	Header    bool
	// HeaderMatch (HEADER MATCH, COPY FROM only) checks the header line's
	// names against the columns instead of skipping it.
	HeaderMatch bool
	Freeze      bool // accepted; rows are visible at commit anyway
	// ForceQuoteAll is FORCE_QUOTE *; ForceQuote names columns (COPY TO, csv).
	ForceQuoteAll bool
	ForceQuote    []string
	// ForceNotNull and ForceNull name columns (COPY FROM, csv).
	ForceNotNull []string
	ForceNull    []string
}

func (*Copy) stmtNode() {}
