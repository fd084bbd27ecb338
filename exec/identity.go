package exec

import "github.com/kalamdb/kalamdb/catalog"

// subject is whom a statement acts for: the logged-in user, or the user it
// impersonates (EXECUTE AS USER, SET kalam.user_id). USER and STREAM
// tables show and change only the subject's partition.
type subject struct {
	userID string
	role   string
}

// subject returns the session's current subject.
func (s *Session) subject() subject {
	u, ok := s.eng.catalog.Current().User(s.info.User)
	if !ok {
		return subject{userID: s.info.User, role: catalog.RoleUser}
	}
	return subject{userID: u.ID, role: u.Role}
}
