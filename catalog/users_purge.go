package catalog

import (
	"time"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// PurgeableUsers lists the users dropped at or before cutoff: those whose
// grace period is over. Root is never listed.
func (s *Snapshot) PurgeableUsers(cutoff time.Time) []*User {
	var out []*User
	for _, u := range s.Users() {
		if u.Name != RootUser && u.Deleted() && !u.DeletedAt.After(cutoff) {
			out = append(out, u)
		}
	}
	return out
}

// PurgeUser removes a dropped user from the catalog for good, freeing its
// name. It is the last step of the cleanup job, after the user's rows are
// gone; a live user (restored meanwhile) is 55000 and left alone.
func (ch *Change) PurgeUser(name string) error {
	u, ok := ch.users[name]
	if !ok {
		return pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	if !u.Deleted() || name == RootUser {
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "role \"%s\" is not dropped", name)
	}
	delete(ch.users, name)
	ch.Batch.DeleteMeta(metaUserPrefix + name)
	return nil
}
