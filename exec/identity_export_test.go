package exec

import "github.com/kalamdb/kalamdb/catalog"

// UseTestUsers makes the session subject resolve the given users (by name)
// besides the catalog's own, until the returned restore runs. Tests use it
// for roles before catalog user DDL exists in their engine.
func UseTestUsers(users ...*catalog.User) (restore func()) {
	byName := map[string]*catalog.User{}
	for _, u := range users {
		byName[u.Name] = u
	}
	prev := lookupUser
	lookupUser = func(cat *catalog.Snapshot, name string) (*catalog.User, bool) {
		if u, ok := byName[name]; ok {
			return u, true
		}
		return prev(cat, name)
	}
	return func() { lookupUser = prev }
}
