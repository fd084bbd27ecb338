package exec

import (
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// setting describes a parameter we know.
type setting struct {
	name string // as SHOW prints it (PostgreSQL's spelling)
	def  string
	// report marks PostgreSQL's GUC_REPORT parameters: clients learn their
	// values from ParameterStatus at startup and after every change.
	report bool
	// readOnly parameters describe the server; SET fails with 55P02.
	readOnly bool
	// check validates a new value and returns it in the form SHOW prints;
	// cur is the current value (DateStyle keeps the half not given). nil
	// accepts anything as written.
	check func(name, v, cur string) (string, error)
}

// knownSettings are the parameters clients commonly SET or SHOW, keyed by
// lower-case name. Names with a dot (custom settings such as
// kalam.user_id) are accepted too.
var knownSettings = map[string]setting{
	"application_name":                    {name: "application_name", report: true},
	"client_encoding":                     {name: "client_encoding", def: "UTF8", report: true, check: checkClientEncoding},
	"datestyle":                           {name: "DateStyle", def: "ISO, MDY", report: true, check: checkDateStyle},
	"timezone":                            {name: "TimeZone", def: "UTC", report: true, check: checkTimeZone},
	"intervalstyle":                       {name: "IntervalStyle", def: "postgres", report: true, check: enum("postgres", "postgres_verbose", "sql_standard", "iso_8601")},
	"extra_float_digits":                  {name: "extra_float_digits", def: "1", check: checkExtraFloatDigits},
	"search_path":                         {name: "search_path", def: `"$user", public`},
	"standard_conforming_strings":         {name: "standard_conforming_strings", def: "on", report: true, check: onlyValue("on", "KalamDB always treats backslashes in ordinary string literals literally")},
	"integer_datetimes":                   {name: "integer_datetimes", def: "on", report: true, readOnly: true},
	"in_hot_standby":                      {name: "in_hot_standby", def: "off", report: true, readOnly: true},
	"server_version":                      {name: "server_version", def: ServerVersion, report: true, readOnly: true},
	"server_version_num":                  {name: "server_version_num", def: "150000", readOnly: true},
	"server_encoding":                     {name: "server_encoding", def: "UTF8", report: true, readOnly: true},
	"is_superuser":                        {name: "is_superuser", def: "off", report: true, readOnly: true},
	"session_authorization":               {name: "session_authorization", report: true},
	"transaction_isolation":               {name: "transaction_isolation", def: "read committed", check: checkIsolation},
	"default_transaction_isolation":       {name: "default_transaction_isolation", def: "read committed", check: checkIsolation},
	"default_transaction_read_only":       {name: "default_transaction_read_only", def: "off", report: true, check: checkBool},
	"transaction_read_only":               {name: "transaction_read_only", def: "off", check: checkBool},
	"transaction_deferrable":              {name: "transaction_deferrable", def: "off", check: checkBool},
	"default_transaction_deferrable":      {name: "default_transaction_deferrable", def: "off", check: checkBool},
	"statement_timeout":                   {name: "statement_timeout", def: "0"},
	"lock_timeout":                        {name: "lock_timeout", def: "0"},
	"idle_in_transaction_session_timeout": {name: "idle_in_transaction_session_timeout", def: "0"},
	"client_min_messages":                 {name: "client_min_messages", def: "notice", check: checkMessageLevel},
	"bytea_output":                        {name: "bytea_output", def: "hex", check: onlyValue("hex", "KalamDB prints bytea in hex")},
	"lc_messages":                         {name: "lc_messages", def: "C"},
	"lc_monetary":                         {name: "lc_monetary", def: "C"},
	"lc_numeric":                          {name: "lc_numeric", def: "C"},
	"lc_time":                             {name: "lc_time", def: "C"},
	"synchronous_commit":                  {name: "synchronous_commit", def: "on"},
	"max_identifier_length":               {name: "max_identifier_length", def: "63", readOnly: true},
	"max_index_keys":                      {name: "max_index_keys", def: "32", readOnly: true},
	"escape_string_warning":               {name: "escape_string_warning", def: "on", check: checkBool},
	"row_security":                        {name: "row_security", def: "on", check: checkBool},
	"jit":                                 {name: "jit", def: "off", check: checkBool},
	"work_mem":                            {name: "work_mem", def: "4MB"},
	"maintenance_work_mem":                {name: "maintenance_work_mem", def: "64MB"},
}

// reportedSettings are the GUC_REPORT parameters in the order PostgreSQL
// 15 sends them after authentication.
var reportedSettings = []string{
	"application_name", "client_encoding", "datestyle", "default_transaction_read_only", "in_hot_standby",
	"integer_datetimes", "intervalstyle", "is_superuser", "server_encoding", "server_version",
	"session_authorization", "standard_conforming_strings", "timezone",
}

// transactionScoped parameters last for one transaction block whatever
// SET says (SET TRANSACTION …); outside a block they cannot be set.
func transactionScoped(name string) bool {
	switch name {
	case "transaction_isolation", "transaction_read_only", "transaction_deferrable":
		return true
	}
	return false
}

func invalidValue(name, v string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, v)
}

func checkBool(name, v, _ string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "yes", "1", "t", "y":
		return "on", nil
	case "off", "false", "no", "0", "f", "n":
		return "off", nil
	}
	return "", pgerr.New(pgerr.InvalidParameterValue, "parameter \"%s\" requires a Boolean value", name)
}

// enum accepts one of values, matched without regard to case.
func enum(values ...string) func(name, v, cur string) (string, error) {
	return func(name, v, _ string) (string, error) {
		for _, ok := range values {
			if strings.EqualFold(v, ok) {
				return ok, nil
			}
		}
		return "", invalidValue(name, v).WithHint("Available values: " + strings.Join(values, ", ") + ".")
	}
}

// onlyValue accepts the one value KalamDB implements; PostgreSQL's other
// values are 0A000 with why.
func onlyValue(value, why string) func(name, v, cur string) (string, error) {
	return func(name, v, _ string) (string, error) {
		if strings.EqualFold(v, value) {
			return value, nil
		}
		return "", pgerr.New(pgerr.FeatureNotSupported, "%s = %s is not supported", name, v).WithDetail(why + ".")
	}
}

func checkIsolation(name, v, _ string) (string, error) {
	switch l := strings.ToLower(strings.Join(strings.Fields(v), " ")); l {
	case "serializable", "repeatable read", "read committed", "read uncommitted":
		return l, nil
	}
	return "", invalidValue(name, v).WithHint("Available values: serializable, repeatable read, read committed, read uncommitted.")
}

var messageLevels = map[string]int{
	"debug5": 10, "debug4": 11, "debug3": 12, "debug2": 13, "debug1": 14,
	"log": 15, "notice": 18, "warning": 19, "error": 21,
}

func checkMessageLevel(name, v, _ string) (string, error) {
	l := strings.ToLower(v)
	if l == "debug" {
		l = "debug2"
	}
	if _, ok := messageLevels[l]; !ok {
		return "", invalidValue(name, v).WithHint("Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, error.")
	}
	return l, nil
}

func checkExtraFloatDigits(name, v, _ string) (string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return "", pgerr.New(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, v)
	}
	if n < -15 || n > 3 {
		return "", pgerr.New(pgerr.InvalidParameterValue, "%d is outside the valid range for parameter \"%s\" (-15 .. 3)", n, name)
	}
	return strconv.Itoa(n), nil
}

func checkTimeZone(_, v, _ string) (string, error) {
	if _, display, ok := types.ParseTimeZone(v); ok {
		return display, nil
	}
	return "", invalidValue("TimeZone", v)
}

// checkDateStyle accepts PostgreSQL's DateStyle keywords: an output style
// and a field order, either of which may be left out to keep the current
// one. Only the ISO output style is implemented.
func checkDateStyle(_, v, cur string) (string, error) {
	style, order, _ := strings.Cut(cur, ", ")
	for _, part := range strings.Split(v, ",") {
		switch w := strings.ToLower(strings.TrimSpace(part)); w {
		case "iso":
			style = "ISO"
		case "mdy", "us", "noneuropean", "non-european":
			order = "MDY"
		case "dmy", "euro", "european":
			order = "DMY"
		case "ymd":
			order = "YMD"
		case "postgres", "sql", "german":
			return "", pgerr.New(pgerr.FeatureNotSupported, "DateStyle %q is not supported", strings.TrimSpace(part)).
				WithDetail("KalamDB prints dates in the ISO style only.")
		default:
			return "", invalidValue("DateStyle", v).WithDetail("Unrecognized key word: \"" + strings.TrimSpace(part) + "\".")
		}
	}
	return style + ", " + order, nil
}

// checkClientEncoding accepts UTF8 (any spelling) and SQL_ASCII, whose
// clients take the bytes as they come. Other encodings PostgreSQL knows
// would need conversion: 0A000. Anything else is not an encoding: 22023.
func checkClientEncoding(name, v, _ string) (string, error) {
	norm := strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(strings.TrimSpace(v)))
	switch norm {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	case "SQLASCII":
		return "SQL_ASCII", nil
	}
	if knownEncodings[norm] {
		return "", pgerr.New(pgerr.FeatureNotSupported, "client encoding %q is not supported", v).
			WithDetail("KalamDB speaks UTF8 only.")
	}
	return "", invalidValue(name, v)
}

// knownEncodings are PostgreSQL's client encoding names, upper-cased and
// without '-' and '_'.
var knownEncodings = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields(`BIG5 EUCCN EUCJP EUCJIS2004 EUCKR EUCTW GB18030 GBK ISO88595 ISO88596
		ISO88597 ISO88598 JOHAB KOI8R KOI8U LATIN1 LATIN2 LATIN3 LATIN4 LATIN5 LATIN6 LATIN7 LATIN8 LATIN9
		LATIN10 MULEINTERNAL SJIS SHIFTJIS2004 UHC WIN866 WIN874 WIN1250 WIN1251 WIN1252 WIN1253 WIN1254
		WIN1255 WIN1256 WIN1257 WIN1258 WIN ALT KOI8 TCVN TCVN5712 VSCII WIN932 WIN936 WIN949 WIN950
		ISO88591 ISO88592 ISO88593 ISO88594 ISO88599 ISO885910 ISO885913 ISO885914 ISO885915 ISO885916`) {
		m[e] = true
	}
	return m
}()
