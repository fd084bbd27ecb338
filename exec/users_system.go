package exec

import (
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// system.users: every user, dropped ones included (so they can be
// restored), never the password. dba and system see every row; any other
// subject sees only its own.
func init() {
	systemTables["users"] = &systemTable{
		columns: []expr.Column{
			{Name: "user_id", Type: types.Text},
			{Name: "username", Type: types.Text},
			{Name: "role", Type: types.Text},
			{Name: "email", Type: types.Text},
			{Name: "created_at", Type: types.Timestamptz},
			{Name: "deleted_at", Type: types.Timestamptz},
			{Name: "failed_login_attempts", Type: types.Int4},
			{Name: "locked_until", Type: types.Timestamptz},
			{Name: "metadata", Type: types.JSON},
		},
		rows:    usersRows,
		anyRole: true, // usersRows filters
	}
}

func usersRows(x *execution) [][]types.Value {
	who := x.sess.subject()
	all := catalog.RoleRank(who.role) >= catalog.RoleRank(catalog.RoleDBA)
	var out [][]types.Value
	for _, u := range x.sess.eng.catalog.Current().Users() {
		if !all && u.ID != who.userID {
			continue
		}
		email := types.NullValue
		if u.Email != "" {
			email = types.NewText(u.Email)
		}
		metadata := types.NullValue
		if u.Metadata != "" {
			metadata = types.Value{K: types.KindJSON, S: u.Metadata}
		}
		out = append(out, []types.Value{
			types.NewText(u.ID), types.NewText(u.Name), types.NewText(u.Role), email,
			timestamptz(&u.CreatedAt), timestamptz(u.DeletedAt),
			types.NewInt4(int32(u.FailedLogins)), timestamptz(u.LockedUntil), metadata,
		})
	}
	return out
}

// timestamptz is t as a timestamptz value, NULL for nil or the zero time.
func timestamptz(t *time.Time) types.Value {
	if t == nil || t.IsZero() {
		return types.NullValue
	}
	return types.NewTimestamptz(t.UnixMicro())
}
