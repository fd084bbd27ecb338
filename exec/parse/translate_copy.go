package parse

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// copyStmt translates COPY. The grammar has already turned the old option
// syntax (WITH CSV HEADER DELIMITER ';', FORCE NOT NULL a …) into the same
// option list as the new one, so one validation serves both; it follows
// PostgreSQL's ProcessCopyOptions, whose checks need no catalog. Column
// names in FORCE_* options are checked by the planner.
func (t *translator) copyStmt(s *pg_query.CopyStmt) ast.Statement {
	if s.IsProgram {
		t.fail(pgerr.New(pgerr.FeatureNotSupported, `COPY to or from a program is not supported; use STDIN/STDOUT (psql \copy)`))
		return nil
	}
	if s.Filename != "" {
		t.fail(pgerr.New(pgerr.FeatureNotSupported, `COPY to or from a file is not supported; use STDIN/STDOUT (psql \copy)`))
		return nil
	}
	c := &ast.Copy{From: s.IsFrom, Columns: nilIfEmpty(stringList(s.Attlist))}
	switch {
	case s.Query != nil:
		q, ok := t.statement(s.Query).(ast.Query)
		if t.err != nil {
			return nil
		}
		if !ok {
			t.unsupported(-1, "COPY of a data-modifying statement")
			return nil
		}
		c.Query = q
	case s.Relation != nil:
		c.Table, _ = t.rangeVar(s.Relation)
	}
	if s.WhereClause != nil {
		c.Where = t.expr(s.WhereClause)
	}
	t.copyOptions(c, s.Options)
	if t.err != nil {
		return nil
	}
	return c
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// copyOptionSet remembers which options were written, for PostgreSQL's
// "conflicting or redundant options" and its format-dependent checks.
type copyOptionSet struct {
	seen                   map[string]bool
	binary                 bool
	delimiter, null        *string
	quote, escape          *string
	forceQuote, forceNotNl bool
	forceNull              bool
}

// copyOptions validates the option list and fills c.Options.
func (t *translator) copyOptions(c *ast.Copy, opts []*pg_query.Node) {
	o := &c.Options
	set := copyOptionSet{seen: map[string]bool{}}
	for _, n := range opts {
		d := n.GetDefElem()
		if d == nil || t.err != nil {
			continue
		}
		t.copyOption(c, &set, d)
	}
	if t.err != nil {
		return
	}
	if set.binary {
		t.fail(pgerr.New(pgerr.FeatureNotSupported, "COPY BINARY is not supported; use FORMAT text or csv"))
		return
	}
	csv := o.Format == ast.CopyCSV
	delim, null := "\t", `\N`
	if csv {
		delim, null = ",", ""
	}
	if set.delimiter != nil {
		delim = *set.delimiter
	}
	if set.null != nil {
		null = *set.null
	}
	quote, escape := `"`, ""
	if set.quote != nil {
		quote = *set.quote
	}
	if set.escape != nil {
		escape = *set.escape
	} else if csv {
		escape = quote
	}
	notSupported := func(msg string) {
		t.fail(pgerr.New(pgerr.FeatureNotSupported, "%s", msg))
	}
	switch {
	case len(delim) != 1:
		notSupported("COPY delimiter must be a single one-byte character")
	case delim[0] == '\n' || delim[0] == '\r':
		notSupported("COPY delimiter cannot be newline or carriage return")
	case strings.ContainsAny(null, "\r\n"):
		notSupported("COPY null representation cannot use newline or carriage return")
	case !csv && strings.IndexByte(`\.abcdefghijklmnopqrstuvwxyz0123456789`, delim[0]) >= 0:
		t.fail(pgerr.New(pgerr.InvalidParameterValue, `COPY delimiter cannot be "%s"`, delim))
	case !csv && set.quote != nil:
		notSupported("COPY quote available only in CSV mode")
	case csv && len(quote) != 1:
		notSupported("COPY quote must be a single one-byte character")
	case csv && delim[0] == quote[0]:
		t.fail(pgerr.New(pgerr.InvalidParameterValue, "COPY delimiter and quote must be different"))
	case !csv && set.escape != nil:
		notSupported("COPY escape available only in CSV mode")
	case csv && len(escape) != 1:
		notSupported("COPY escape must be a single one-byte character")
	case !csv && set.forceQuote:
		notSupported("COPY force quote available only in CSV mode")
	case set.forceQuote && c.From:
		notSupported("COPY force quote only available using COPY TO")
	case !csv && set.forceNotNl:
		notSupported("COPY force not null available only in CSV mode")
	case set.forceNotNl && !c.From:
		notSupported("COPY force not null only available using COPY FROM")
	case !csv && set.forceNull:
		notSupported("COPY force null available only in CSV mode")
	case set.forceNull && !c.From:
		notSupported("COPY force null only available using COPY FROM")
	case strings.IndexByte(null, delim[0]) >= 0:
		notSupported("COPY delimiter must not appear in the NULL specification")
	case csv && strings.IndexByte(null, quote[0]) >= 0:
		notSupported("CSV quote character must not appear in the NULL specification")
	}
	if t.err != nil {
		return
	}
	o.Delimiter, o.Null = delim[0], null
	if csv {
		o.Quote, o.Escape = quote[0], escape[0]
	}
}

// copyOption applies one option.
func (t *translator) copyOption(c *ast.Copy, set *copyOptionSet, d *pg_query.DefElem) {
	o := &c.Options
	name := d.Defname
	if name != "convert_selectively" {
		if set.seen[name] {
			t.fail(syntaxError(t.sql, int(d.Location), "conflicting or redundant options"))
			return
		}
		set.seen[name] = true
	}
	switch name {
	case "format":
		f, ok := t.defString(d)
		if !ok {
			return
		}
		switch f {
		case "text":
			o.Format = ast.CopyText
		case "csv":
			o.Format = ast.CopyCSV
		case "binary":
			set.binary = true
		default:
			t.fail(pgerr.New(pgerr.InvalidParameterValue, `COPY format "%s" not recognized`, f).
				WithPosition(charPosition(t.sql, int(d.Location))))
		}
	case "freeze":
		o.Freeze, _ = t.defBool(d)
	case "delimiter":
		if v, ok := t.defString(d); ok {
			set.delimiter = &v
		}
	case "null":
		if v, ok := t.defString(d); ok {
			set.null = &v
		}
	case "quote":
		if v, ok := t.defString(d); ok {
			set.quote = &v
		}
	case "escape":
		if v, ok := t.defString(d); ok {
			set.escape = &v
		}
	case "header":
		t.copyHeader(c, d)
	case "force_quote":
		set.forceQuote = true
		if _, star := d.Arg.GetNode().(*pg_query.Node_AStar); star {
			o.ForceQuoteAll = true
		} else {
			o.ForceQuote = t.defColumnList(d)
		}
	case "force_not_null":
		set.forceNotNl = true
		o.ForceNotNull = t.defColumnList(d)
	case "force_null":
		set.forceNull = true
		o.ForceNull = t.defColumnList(d)
	case "convert_selectively":
		// An internal option of file_fdw; PostgreSQL accepts and ignores it here too.
	case "encoding":
		v, ok := t.defString(d)
		if !ok {
			return
		}
		// Client and server encodings are both UTF8; converting is not supported.
		if n := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(v)); n != "utf8" && n != "unicode" {
			t.fail(pgerr.New(pgerr.FeatureNotSupported, `COPY ENCODING "%s" is not supported; only UTF8 is`, v))
		}
	default:
		t.fail(syntaxError(t.sql, int(d.Location), `option "%s" not recognized`, name))
	}
}

// copyHeader reads HEADER [boolean | MATCH].
func (t *translator) copyHeader(c *ast.Copy, d *pg_query.DefElem) {
	o := &c.Options
	switch v := d.Arg.GetNode().(type) {
	case nil:
		o.Header = true
		return
	case *pg_query.Node_Integer:
		switch v.Integer.Ival {
		case 0:
			return
		case 1:
			o.Header = true
			return
		}
	case *pg_query.Node_Boolean:
		o.Header = v.Boolean.Boolval
		return
	case *pg_query.Node_String_:
		s := strings.ToLower(v.String_.Sval)
		if b, ok := parseBoolWord(s); ok {
			o.Header = b
			return
		}
		if s == "match" {
			if !c.From {
				t.fail(pgerr.New(pgerr.FeatureNotSupported, `cannot use "%s" with HEADER in COPY TO`, s))
				return
			}
			o.Header, o.HeaderMatch = true, true
			return
		}
	}
	t.fail(pgerr.New(pgerr.SyntaxError, `%s requires a Boolean value or "match"`, d.Defname))
}

// defString is PostgreSQL's defGetString for an option value.
func (t *translator) defString(d *pg_query.DefElem) (string, bool) {
	switch v := d.Arg.GetNode().(type) {
	case nil:
		t.fail(pgerr.New(pgerr.SyntaxError, "%s requires a parameter", d.Defname))
		return "", false
	case *pg_query.Node_String_:
		return v.String_.Sval, true
	case *pg_query.Node_Integer:
		return strconv.Itoa(int(v.Integer.Ival)), true
	case *pg_query.Node_Float:
		return v.Float.Fval, true
	case *pg_query.Node_Boolean:
		if v.Boolean.Boolval {
			return "true", true
		}
		return "false", true
	case *pg_query.Node_TypeName:
		names := stringList(v.TypeName.Names)
		return names[len(names)-1], true
	}
	t.fail(pgerr.New(pgerr.SyntaxError, "%s requires a parameter", d.Defname))
	return "", false
}

// defBool is PostgreSQL's defGetBoolean: no value means true.
func (t *translator) defBool(d *pg_query.DefElem) (bool, bool) {
	switch v := d.Arg.GetNode().(type) {
	case nil:
		return true, true
	case *pg_query.Node_Boolean:
		return v.Boolean.Boolval, true
	case *pg_query.Node_Integer:
		if v.Integer.Ival == 0 || v.Integer.Ival == 1 {
			return v.Integer.Ival == 1, true
		}
	case *pg_query.Node_String_:
		if b, ok := parseBoolWord(strings.ToLower(v.String_.Sval)); ok {
			return b, true
		}
	}
	t.fail(pgerr.New(pgerr.SyntaxError, "%s requires a Boolean value", d.Defname))
	return false, false
}

// parseBoolWord accepts PostgreSQL's spellings of a boolean option value.
func parseBoolWord(s string) (bool, bool) {
	switch s {
	case "true", "on", "yes", "t", "y", "1":
		return true, true
	case "false", "off", "no", "f", "n", "0":
		return false, true
	}
	return false, false
}

// defColumnList reads FORCE_* (col, …).
func (t *translator) defColumnList(d *pg_query.DefElem) []string {
	if l, ok := d.Arg.GetNode().(*pg_query.Node_List); ok {
		return stringList(l.List.Items)
	}
	t.fail(pgerr.New(pgerr.InvalidParameterValue, `argument to option "%s" must be a list of column names`, d.Defname).
		WithPosition(charPosition(t.sql, int(d.Location))))
	return nil
}
