package server

import (
	"sync"

	"github.com/kalamdb/kalamdb/pgwire"
)

// registry holds the server's live connections: all of them, for shutdown,
// and those past startup by process id, for cancel requests.
//
// Invariant: once closing is set no connection is added, so a shutdown that
// has notified every member has notified every connection there will be.
type registry struct {
	mu      sync.Mutex
	all     map[*pgwire.Conn]struct{}
	byPID   map[uint32]*pgwire.Conn
	closing bool
}

func newRegistry() *registry {
	return &registry{
		all:   make(map[*pgwire.Conn]struct{}),
		byPID: make(map[uint32]*pgwire.Conn),
	}
}

// add records an accepted connection; false means the server is shutting
// down and the connection must be refused.
func (r *registry) add(c *pgwire.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closing {
		return false
	}
	r.all[c] = struct{}{}
	return true
}

// remove forgets a connection whose goroutine has ended.
func (r *registry) remove(c *pgwire.Conn) {
	r.mu.Lock()
	delete(r.all, c)
	r.mu.Unlock()
}

// Register implements pgwire.Registry.
func (r *registry) Register(c *pgwire.Conn) {
	r.mu.Lock()
	r.byPID[c.ProcessID()] = c
	r.mu.Unlock()
}

// Unregister implements pgwire.Registry.
func (r *registry) Unregister(c *pgwire.Conn) {
	r.mu.Lock()
	if r.byPID[c.ProcessID()] == c {
		delete(r.byPID, c.ProcessID())
	}
	r.mu.Unlock()
}

// Lookup implements pgwire.Registry.
func (r *registry) Lookup(pid uint32) *pgwire.Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byPID[pid]
}

// each calls fn on every live connection; with closing set, it first
// stops new arrivals.
func (r *registry) each(closing bool, fn func(*pgwire.Conn)) {
	r.mu.Lock()
	if closing {
		r.closing = true
	}
	conns := make([]*pgwire.Conn, 0, len(r.all))
	for c := range r.all {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	for _, c := range conns {
		fn(c)
	}
}

// len is the number of live connections.
func (r *registry) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.all)
}
