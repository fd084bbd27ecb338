package server

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loginErr connects as user with password and returns the FATAL's SQLSTATE
// and message ("" when the login succeeds).
func loginErr(t *testing.T, srv *Server, user, password string) (string, string) {
	t.Helper()
	conn, err := connect(t, dsn(srv, user, password, "kalamdb", "disable"))
	if err == nil {
		require.NoError(t, conn.Ping(context.Background()))
		return "", ""
	}
	var pgErr *pgconn.PgError
	require.True(t, errors.As(err, &pgErr), "%v", err)
	return pgErr.Code, pgErr.Message
}

func TestCatalogUserLogins(t *testing.T) {
	srv := start(t, Config{RootPassword: "s3cret", MaxFailedLogins: 3, LockoutDuration: time.Hour})
	root, err := connect(t, dsn(srv, "root", "s3cret", "kalamdb", "disable"))
	require.NoError(t, err)
	ctx := context.Background()
	for _, sql := range []string{
		"CREATE USER 'alice' WITH PASSWORD 'alice-pw' ROLE user",
		"CREATE ROLE bob LOGIN PASSWORD 'bob-pw'",
		"CREATE USER 'carol' WITH PASSWORD 'carol-pw' ROLE service",
		"CREATE ROLE nopw",
	} {
		_, err := root.Exec(ctx, sql)
		require.NoError(t, err, sql)
	}

	code, _ := loginErr(t, srv, "alice", "alice-pw")
	assert.Equal(t, "", code)
	code, _ = loginErr(t, srv, "bob", "bob-pw")
	assert.Equal(t, "", code)
	code, _ = loginErr(t, srv, "nopw", "") // no password: trusted on loopback
	assert.Equal(t, "", code)
	code, msg := loginErr(t, srv, "alice", "wrong")
	assert.Equal(t, "28P01", code)
	assert.Equal(t, `password authentication failed for user "alice"`, msg)

	// alice changes her own password over the wire.
	alice, err := connect(t, dsn(srv, "alice", "alice-pw", "kalamdb", "disable"))
	require.NoError(t, err)
	_, err = alice.Exec(ctx, "ALTER USER 'alice' SET PASSWORD 'alice-new'")
	require.NoError(t, err)
	_, err = alice.Exec(ctx, "CREATE USER 'mallory' WITH PASSWORD 'x' ROLE dba")
	assert.Equal(t, "42501", sqlState(err))
	code, _ = loginErr(t, srv, "alice", "alice-pw")
	assert.Equal(t, "28P01", code)
	code, _ = loginErr(t, srv, "alice", "alice-new") // success resets the count
	assert.Equal(t, "", code)

	// Lockout: the third wrong password in a row locks bob, even against
	// the right one, and the lock shows in system.users.
	for i := 0; i < 3; i++ {
		code, _ = loginErr(t, srv, "bob", "nope")
		assert.Equal(t, "28P01", code)
	}
	code, msg = loginErr(t, srv, "bob", "bob-pw")
	assert.Equal(t, "28000", code)
	assert.Contains(t, msg, `role "bob" is locked until`)
	var failed int32
	var locked bool
	require.NoError(t, root.QueryRow(ctx,
		"SELECT failed_login_attempts, locked_until > now() FROM system.users WHERE user_id = 'bob'").Scan(&failed, &locked))
	assert.Equal(t, int32(3), failed)
	assert.True(t, locked)

	// A soft-deleted user is refused with a clear message.
	_, err = root.Exec(ctx, "DROP USER 'carol'")
	require.NoError(t, err)
	code, msg = loginErr(t, srv, "carol", "carol-pw")
	assert.Equal(t, "28000", code)
	assert.Equal(t, `role "carol" has been dropped and cannot log in`, msg)

	// Unknown users fail exactly like a wrong password.
	code, msg = loginErr(t, srv, "zed", "x")
	assert.Equal(t, "28P01", code)
	assert.Equal(t, `password authentication failed for user "zed"`, msg)
}

func TestUsersSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	srv := start(t, Config{DataDir: dir, RootPassword: "one"})
	root, err := connect(t, dsn(srv, "root", "one", "kalamdb", "disable"))
	require.NoError(t, err)
	_, err = root.Exec(context.Background(), "CREATE USER 'alice' WITH PASSWORD 'pw' ROLE dba EMAIL 'a@x'")
	require.NoError(t, err)
	require.NoError(t, root.Close(context.Background()))
	require.NoError(t, srv.Close())

	// root's password comes from the new configuration; alice's from the catalog.
	srv = start(t, Config{DataDir: dir, RootPassword: "two"})
	code, _ := loginErr(t, srv, "root", "one")
	assert.Equal(t, "28P01", code)
	code, _ = loginErr(t, srv, "root", "two")
	assert.Equal(t, "", code)
	alice, err := connect(t, dsn(srv, "alice", "pw", "kalamdb", "disable"))
	require.NoError(t, err)
	var role, email string
	require.NoError(t, alice.QueryRow(context.Background(),
		"SELECT role, email FROM system.users WHERE user_id = 'alice'").Scan(&role, &email))
	assert.Equal(t, []string{"dba", "a@x"}, []string{role, email})
}
