package exec

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// settings are a session's run-time parameters (SET/SHOW/RESET), with
// PostgreSQL's scoping: a value comes from the first of
//
//	local    SET LOCAL, until the transaction block ends
//	session  SET, undone by ROLLBACK of the block that made it
//	startup  the StartupMessage (RESET returns here)
//	default  knownSettings
//
// Values are stored validated, in the form SHOW prints. Derived state
// (searchPath, format) is refreshed after every change.
type settings struct {
	user      string
	superuser bool

	startup map[string]string // keyed by lower-case name, like the others
	session map[string]string
	local   map[string]string // nil outside a block
	// saved is session as it was before the block's first change; ROLLBACK
	// restores it. nil when the block changed nothing.
	saved map[string]string
	inTx  bool

	searchPath []string          // resolved namespaces, in order
	format     *types.TextFormat // never mutated once built: a new one per change
	formatKey  string            // the TimeZone, extra_float_digits and DateStyle format was built from

	// reported holds what the client was last told of each GUC_REPORT
	// parameter; dirty says a reported value may have changed since.
	reported map[string]string
	dirty    bool
}

func (s *settings) init(info SessionInfo) {
	*s = settings{
		user:      info.User,
		superuser: info.Superuser,
		startup:   map[string]string{},
		session:   map[string]string{},
		reported:  s.reported,
		dirty:     true,
	}
	if info.ApplicationName != "" {
		s.startup["application_name"] = info.ApplicationName
	}
	s.searchPath = []string{catalog.DefaultNamespace}
	s.refreshFormat()
}

// applyStartup validates and records the StartupMessage's parameters (and
// its options' -c name=value) as the values RESET returns to.
func (s *settings) applyStartup(cat *catalog.Snapshot, params map[string]string) error {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names) // a deterministic first error
	for _, name := range names {
		key := strings.ToLower(name)
		v, err := s.validate(key, params[name])
		if err != nil {
			return err
		}
		s.startup[key] = v
	}
	s.refresh(cat)
	return nil
}

// get returns a parameter's current value.
func (s *settings) get(name string) (string, bool) {
	if v, ok := s.local[name]; ok {
		return v, true
	}
	switch name {
	case "transaction_isolation", "transaction_read_only", "transaction_deferrable":
		// A block starts with the session's defaults.
		return s.get("default_" + name)
	case "session_authorization":
		return s.user, true
	case "is_superuser":
		if s.superuser {
			return "on", true
		}
		return "off", true
	}
	if v, ok := s.session[name]; ok {
		return v, true
	}
	return s.resetValue(name)
}

// resetValue is what RESET name returns to: the startup value or the default.
func (s *settings) resetValue(name string) (string, bool) {
	if v, ok := s.startup[name]; ok {
		return v, true
	}
	if k, ok := knownSettings[name]; ok {
		return k.def, true
	}
	return "", false
}

// validate checks that name may be set to v and returns v as SHOW prints it.
func (s *settings) validate(name, v string) (string, error) {
	k, known := knownSettings[name]
	if !known && !strings.Contains(name, ".") {
		return "", pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
	}
	if k.readOnly {
		return "", pgerr.New("55P02", "parameter \"%s\" cannot be changed", name)
	}
	if k.check == nil {
		return v, nil
	}
	cur, _ := s.get(name)
	return k.check(k.name, v, cur)
}

// set is SET name = values (RESET name when reset) for the session.
func (s *settings) set(cat *catalog.Snapshot, name string, values []string, reset bool) error {
	_, err := s.change(cat, name, values, reset, false)
	return err
}

// change applies SET [LOCAL], RESET and set_config. It returns the value
// now in force. A local change outside a transaction block has no effect
// (the caller warns, as PostgreSQL does); RESET ALL is name "all".
func (s *settings) change(cat *catalog.Snapshot, name string, values []string, reset, local bool) (string, error) {
	if name == "all" && reset {
		s.resetAll(cat, local)
		return "", nil
	}
	var v string
	if reset {
		if _, known := knownSettings[name]; !known && !strings.Contains(name, ".") {
			return "", pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
		}
		if knownSettings[name].readOnly {
			return "", pgerr.New("55P02", "parameter \"%s\" cannot be changed", name)
		}
		v, _ = s.resetValue(name)
	} else {
		joined, err := s.joinValues(name, values)
		if err != nil {
			return "", err
		}
		if v, err = s.validate(name, joined); err != nil {
			return "", err
		}
	}
	local = local || transactionScoped(name)
	if local && !s.inTx {
		return v, nil
	}
	if s.inTx && s.saved == nil {
		s.saved = cloneMap(s.session)
	}
	if local {
		if s.local == nil {
			s.local = map[string]string{}
		}
		s.local[name] = v
	} else {
		// A session SET replaces an earlier SET LOCAL for the rest of the block.
		delete(s.local, name)
		if reset {
			delete(s.session, name)
		} else {
			s.session[name] = v
		}
	}
	s.refresh(cat)
	return v, nil
}

// joinValues turns SET's value list into one setting value. Only
// search_path (and custom settings) take a list.
func (s *settings) joinValues(name string, values []string) (string, error) {
	if len(values) == 1 {
		return values[0], nil
	}
	if name == "search_path" || strings.Contains(name, ".") || len(values) == 0 {
		return strings.Join(values, ", "), nil
	}
	if name == "datestyle" {
		return strings.Join(values, ","), nil
	}
	return "", pgerr.New(pgerr.InvalidParameterValue, "SET %s takes only one argument", name)
}

// resetAll is RESET ALL (and DISCARD ALL): every parameter back to its
// startup value or default.
func (s *settings) resetAll(cat *catalog.Snapshot, local bool) {
	if local && !s.inTx {
		return
	}
	if s.inTx && s.saved == nil {
		s.saved = cloneMap(s.session)
	}
	s.session = map[string]string{}
	clear(s.local)
	s.refresh(cat)
}

// beginTx notes that a transaction block started.
func (s *settings) beginTx() { s.inTx = true }

// endTx ends the block: SET LOCAL values go, and ROLLBACK (commit false)
// also undoes the block's session SETs.
func (s *settings) endTx(cat *catalog.Snapshot, commit bool) {
	changed := len(s.local) > 0 || s.saved != nil && !commit
	if !commit && s.saved != nil {
		s.session = s.saved
	}
	s.inTx, s.local, s.saved = false, nil, nil
	if changed {
		s.refresh(cat)
	}
}

// refresh recomputes the state derived from the values after a change.
func (s *settings) refresh(cat *catalog.Snapshot) {
	s.dirty = true
	path, _ := s.get("search_path")
	s.searchPath = s.resolveSearchPath(cat, path)
	s.refreshFormat()
}

// refreshFormat builds a new TextFormat when TimeZone,
// extra_float_digits or DateStyle changed. Values were validated when set.
func (s *settings) refreshFormat() {
	tz, _ := s.get("timezone")
	efd, _ := s.get("extra_float_digits")
	ds, _ := s.get("datestyle")
	key := tz + "\x00" + efd + "\x00" + ds
	if s.format != nil && key == s.formatKey {
		return
	}
	f := types.DefaultTextFormat()
	if loc, _, ok := types.ParseTimeZone(tz); ok {
		f.Location = loc
	}
	if n, err := strconv.Atoi(efd); err == nil {
		f.ExtraFloatDigits = n
	}
	switch {
	case strings.HasSuffix(ds, "DMY"):
		f.DateOrder = types.DateOrderDMY
	case strings.HasSuffix(ds, "YMD"):
		f.DateOrder = types.DateOrderYMD
	}
	s.format, s.formatKey = &f, key
}

// resolveSearchPath turns a search_path value into the namespaces that
// exist, in order.
func (s *settings) resolveSearchPath(cat *catalog.Snapshot, value string) []string {
	if value == knownSettings["search_path"].def {
		return []string{catalog.DefaultNamespace}
	}
	var path []string
	for _, part := range strings.Split(value, ",") {
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
	return path
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

// messageLevel is client_min_messages as a severity rank.
func (s *settings) messageLevel() int {
	v, _ := s.get("client_min_messages")
	return messageLevels[v]
}

// reportChanges calls send for every GUC_REPORT parameter whose value
// differs from what the client was last told, as PostgreSQL does before
// ReadyForQuery.
func (s *settings) reportChanges(send func(name, value string) error) error {
	if !s.dirty {
		return nil
	}
	s.dirty = false
	if s.reported == nil {
		s.reported = map[string]string{}
	}
	for _, key := range reportedSettings {
		v, _ := s.get(key)
		name := knownSettings[key].name
		if last, ok := s.reported[name]; ok && last == v {
			continue
		}
		s.reported[name] = v
		if err := send(name, v); err != nil {
			return err
		}
	}
	return nil
}

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

// all lists name/value pairs for SHOW ALL, sorted by name.
func (s *settings) all() [][2]string {
	var out [][2]string
	for key, k := range knownSettings {
		v, _ := s.get(key)
		out = append(out, [2]string{k.name, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
