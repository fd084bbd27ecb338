package catalog

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xdg-go/scram"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func openCatalog(t *testing.T, dir string) (*Catalog, func()) {
	t.Helper()
	st, err := storage.Open(dir, storage.Options{NoSync: true})
	require.NoError(t, err)
	c, err := Open(context.Background(), st)
	require.NoError(t, err)
	return c, func() { require.NoError(t, st.Close()) }
}

func change(t *testing.T, c *Catalog, fn func(ch *Change) error) error {
	t.Helper()
	return c.Change(context.Background(), fn)
}

func TestUsersPersistAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	c, closeStore := openCatalog(t, dir)
	v, err := NewVerifier("secret")
	require.NoError(t, err)
	require.NoError(t, change(t, c, func(ch *Change) error {
		ch.BootstrapRoot("")
		return ch.CreateUser(&User{Name: "alice", Role: RoleDBA, Email: "a@x", SCRAM: v})
	}))
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.CreateUser(&User{Name: "bob", Role: RoleUser}) }))
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.DropUser("bob") }))
	now := time.Now()
	require.NoError(t, change(t, c, func(ch *Change) error {
		for i := 0; i < 3; i++ {
			ch.RecordLogin("alice", false, now, 3, time.Minute)
		}
		return nil
	}))
	closeStore()

	c, closeStore = openCatalog(t, dir)
	defer closeStore()
	snap := c.Current()
	alice, ok := snap.User("alice")
	require.True(t, ok)
	assert.Equal(t, "alice", alice.ID)
	assert.Equal(t, RoleDBA, alice.Role)
	assert.Equal(t, "a@x", alice.Email)
	assert.Equal(t, v, alice.SCRAM)
	assert.GreaterOrEqual(t, alice.OID, uint32(firstObjectOID))
	assert.Equal(t, 3, alice.FailedLogins)
	assert.True(t, alice.LockedAt(now))
	assert.False(t, alice.LockedAt(now.Add(2*time.Minute)))
	bob, ok := snap.User("bob")
	require.True(t, ok)
	assert.True(t, bob.Deleted())
	root, ok := snap.User(RootUser)
	require.True(t, ok)
	assert.Equal(t, uint32(10), root.OID)
	assert.Equal(t, RoleSystem, root.Role)
	names := []string{}
	for _, u := range snap.Users() {
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"alice", "bob", "root"}, names)

	// Restore, then a duplicate name and unknown users.
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.RestoreUser("bob") }))
	bob, _ = c.Current().User("bob")
	assert.False(t, bob.Deleted())
	err = change(t, c, func(ch *Change) error { return ch.CreateUser(&User{Name: "bob", Role: RoleUser}) })
	assert.Equal(t, pgerr.DuplicateObject, pgerr.From(err).Code)
	err = change(t, c, func(ch *Change) error { return ch.DropUser("carol") })
	assert.Equal(t, pgerr.UndefinedObject, pgerr.From(err).Code)
	err = change(t, c, func(ch *Change) error { return ch.CreateUser(&User{Name: "carol", Role: "boss"}) })
	assert.Equal(t, pgerr.InvalidParameterValue, pgerr.From(err).Code)
}

func TestRecordLoginLockout(t *testing.T) {
	c, closeStore := openCatalog(t, t.TempDir())
	defer closeStore()
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.CreateUser(&User{Name: "u", Role: RoleUser}) }))
	now := time.Now()
	record := func(ok bool, at time.Time) *User {
		require.NoError(t, change(t, c, func(ch *Change) error { ch.RecordLogin("u", ok, at, 2, time.Minute); return nil }))
		u, _ := c.Current().User("u")
		return u
	}
	u := record(false, now)
	assert.Equal(t, 1, u.FailedLogins)
	assert.Nil(t, u.LockedUntil)
	u = record(false, now)
	require.NotNil(t, u.LockedUntil)
	assert.True(t, u.LockedAt(now))
	// After the lock expires, counting starts afresh.
	u = record(false, now.Add(2*time.Minute))
	assert.Equal(t, 1, u.FailedLogins)
	assert.Nil(t, u.LockedUntil)
	u = record(true, now.Add(2*time.Minute))
	assert.Equal(t, 0, u.FailedLogins)
}

func TestVerifierRoundTrip(t *testing.T) {
	v, err := NewVerifier("pa$$:word")
	require.NoError(t, err)
	assert.Regexp(t, `^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$`, v)
	assert.NotContains(t, v, "pa$$:word")
	creds, err := ParseVerifier(v)
	require.NoError(t, err)
	client, err := scram.SHA256.NewClient("", "pa$$:word", "")
	require.NoError(t, err)
	want := client.GetStoredCredentials(creds.KeyFactors)
	assert.Equal(t, want.StoredKey, creds.StoredKey)
	assert.Equal(t, want.ServerKey, creds.ServerKey)
	for _, bad := range []string{"", "md5abc", "SCRAM-SHA-256$x:AA==$AA==:AA==", "SCRAM-SHA-256$4096:AA==$AA=="} {
		_, err := ParseVerifier(bad)
		assert.Error(t, err, bad)
	}
}
