package pgcatalog

import (
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// columnType is the type a system relation's column carries: PostgreSQL's
// own type where types represents it, text otherwise. The text fallback
// covers pg_node_tree, xid, cid, pg_lsn, interval, inet, anyarray,
// pg_ndistinct, pg_dependencies, pg_mcv_list and pg_statistic[]: clients
// read those columns as text, when they read them at all.
func columnType(oid uint32, typmod int32) types.Type {
	t, ok := types.TypeForOID(oid)
	if !ok || t.Kind == types.KindUnknown {
		return types.Text
	}
	t.Mod = typmod
	return t
}

// decodeCell parses a generated cell (or a template's text) as type t.
// reg* values are written "oid name" by ./gen so that no name has to be
// resolved here; everything else is PostgreSQL's text output.
func decodeCell(s string, t types.Type) (types.Value, error) {
	if t.Kind.IsReg() {
		oid, name, _ := strings.Cut(s, " ")
		n, err := strconv.ParseUint(oid, 10, 32)
		if err != nil {
			return types.Value{}, pgerr.New(pgerr.InternalError, "pgcatalog: bad %s cell %q", t.Name(), s)
		}
		return types.Value{K: t.Kind, I: int64(n), S: name}, nil
	}
	return types.ParseText(s, t)
}
