package exec

import (
	"sort"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// settings are a session's run-time parameters (SET/SHOW).
type settings struct {
	values     map[string]string // keyed by lower-case name
	searchPath []string          // resolved namespaces, in order
	user       string
}

// setting describes a parameter we know: its display name and default.
type setting struct {
	name string // as SHOW prints it (PostgreSQL's spelling)
	def  string
}

// knownSettings are the parameters clients commonly SET or SHOW. Names
// with a dot (custom settings such as kalam.user_id) are accepted too.
var knownSettings = map[string]setting{
	"application_name":                    {"application_name", ""},
	"client_encoding":                     {"client_encoding", "UTF8"},
	"datestyle":                           {"DateStyle", "ISO, MDY"},
	"timezone":                            {"TimeZone", "UTC"},
	"intervalstyle":                       {"IntervalStyle", "postgres"},
	"extra_float_digits":                  {"extra_float_digits", "1"},
	"search_path":                         {"search_path", `"$user", public`},
	"standard_conforming_strings":         {"standard_conforming_strings", "on"},
	"integer_datetimes":                   {"integer_datetimes", "on"},
	"server_version":                      {"server_version", ServerVersion},
	"server_version_num":                  {"server_version_num", "150000"},
	"server_encoding":                     {"server_encoding", "UTF8"},
	"is_superuser":                        {"is_superuser", "on"},
	"transaction_isolation":               {"transaction_isolation", "read committed"},
	"default_transaction_isolation":       {"default_transaction_isolation", "read committed"},
	"default_transaction_read_only":       {"default_transaction_read_only", "off"},
	"transaction_read_only":               {"transaction_read_only", "off"},
	"statement_timeout":                   {"statement_timeout", "0"},
	"lock_timeout":                        {"lock_timeout", "0"},
	"idle_in_transaction_session_timeout": {"idle_in_transaction_session_timeout", "0"},
	"client_min_messages":                 {"client_min_messages", "notice"},
	"bytea_output":                        {"bytea_output", "hex"},
	"lc_messages":                         {"lc_messages", "C"},
	"lc_monetary":                         {"lc_monetary", "C"},
	"lc_numeric":                          {"lc_numeric", "C"},
	"lc_time":                             {"lc_time", "C"},
	"synchronous_commit":                  {"synchronous_commit", "on"},
	"max_identifier_length":               {"max_identifier_length", "63"},
	"max_index_keys":                      {"max_index_keys", "32"},
	"escape_string_warning":               {"escape_string_warning", "on"},
	"row_security":                        {"row_security", "on"},
	"jit":                                 {"jit", "off"},
	"work_mem":                            {"work_mem", "4MB"},
	"maintenance_work_mem":                {"maintenance_work_mem", "64MB"},
	"session_authorization":               {"session_authorization", ""},
}

func (s *settings) init(info SessionInfo) {
	s.user = info.User
	s.values = map[string]string{
		"application_name":      info.ApplicationName,
		"session_authorization": info.User,
	}
	s.searchPath = []string{catalog.DefaultNamespace}
}

// get returns a parameter's current value.
func (s *settings) get(name string) (string, bool) {
	if v, ok := s.values[name]; ok {
		return v, true
	}
	if k, ok := knownSettings[name]; ok {
		return k.def, true
	}
	return "", false
}

// set changes a parameter; an empty value list resets it.
func (s *settings) set(cat *catalog.Snapshot, name string, values []string, reset bool) error {
	if name == "search_path" {
		return s.setSearchPath(cat, values, reset)
	}
	if _, known := knownSettings[name]; !known && !strings.Contains(name, ".") {
		return pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	switch name {
	case "server_version", "server_encoding", "integer_datetimes", "is_superuser", "max_identifier_length", "server_version_num":
		return pgerr.New("55P02", "parameter %q cannot be changed", name)
	case "client_encoding":
		if !reset && len(values) == 1 && !isUTF8(values[0]) {
			return pgerr.New(pgerr.FeatureNotSupported, "client encoding %q is not supported; KalamDB speaks UTF8 only", values[0])
		}
		values = []string{"UTF8"}
	}
	if reset {
		delete(s.values, name)
		return nil
	}
	s.values[name] = strings.Join(values, ", ")
	return nil
}

func isUTF8(enc string) bool {
	switch strings.ToLower(strings.ReplaceAll(enc, "-", "")) {
	case "utf8", "unicode":
		return true
	}
	return false
}

func (s *settings) setSearchPath(cat *catalog.Snapshot, values []string, reset bool) error {
	if reset || len(values) == 0 {
		delete(s.values, "search_path")
		s.searchPath = []string{catalog.DefaultNamespace}
		return nil
	}
	var path []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name := strings.Trim(strings.TrimSpace(part), `"`)
			if name == "$user" {
				name = s.user
			}
			// Like PostgreSQL, names that do not exist are kept out of the
			// effective path without an error.
			if _, ok := cat.Namespace(name); ok {
				path = append(path, name)
			}
		}
	}
	s.values["search_path"] = strings.Join(values, ", ")
	s.searchPath = path
	return nil
}

// currentSchema is current_schema(): the first existing namespace of the path.
func (s *settings) currentSchema() string {
	if len(s.searchPath) == 0 {
		return ""
	}
	return s.searchPath[0]
}

// searchPathKey identifies the effective search path (plans resolved names with it).
func (s *settings) searchPathKey() string { return strings.Join(s.searchPath, ",") }

// showColumnName is the column SHOW x prints, in PostgreSQL's spelling.
func showColumnName(name string) string {
	if k, ok := knownSettings[name]; ok {
		return k.name
	}
	return name
}

// names lists every known parameter name.
func (s *settings) names() []string {
	out := make([]string, 0, len(knownSettings))
	for key := range knownSettings {
		out = append(out, key)
	}
	sort.Strings(out)
	return out
}

// allSettings lists name/value pairs for SHOW ALL, sorted by name.
func (s *settings) all() [][2]string {
	var out [][2]string
	for key, k := range knownSettings {
		v, _ := s.get(key)
		out = append(out, [2]string{k.name, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

var _ = types.Text
