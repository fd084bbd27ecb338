package server

import (
	"log/slog"
	"time"
)

// Defaults for the zero Config.
const (
	DefaultDataDir = "./data"
	DefaultListen  = "127.0.0.1:5432"
)

// Config holds a server's settings. The zero value is a usable default: a
// loopback-only server on port 5432 with its data in ./data, trusting root
// from loopback addresses.
type Config struct {
	// DataDir holds the store (created if missing); default ./data.
	DataDir string
	// Listen is the PostgreSQL protocol address; default 127.0.0.1:5432.
	// Port 0 picks a free port (see Server.Addr).
	Listen string
	// HTTPListen, when set, serves GET /health there.
	HTTPListen string
	// RootPassword enables SCRAM-SHA-256 for root. Without one, root is
	// trusted from loopback addresses and refused from anywhere else.
	RootPassword string
	// Logger receives the server's structured logs; nil uses slog.Default().
	Logger *slog.Logger
	// NoSync skips fsync on commit: tests only, a crash loses data.
	NoSync bool
	// MaxMessageSize bounds one client message; 0 means pgwire's default (64 MiB).
	MaxMessageSize int
	// PlanCacheSize is how many plans the shared plan cache keeps; 0 means
	// exec.DefaultPlanCacheSize, negative disables it.
	PlanCacheSize int
	// MaxFailedLogins wrong passwords in a row lock a user for
	// LockoutDuration; 0 means 5 and 15 minutes (pgwire's defaults).
	MaxFailedLogins int
	LockoutDuration time.Duration
	// UserGracePeriod is how long a dropped user's data is kept before the
	// cleanup job purges it; 0 means 30 days (jobs.DefaultUserGracePeriod).
	UserGracePeriod time.Duration
}

// withDefaults fills the unset fields.
func (c Config) withDefaults() Config {
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}
