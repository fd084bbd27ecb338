package exec

import (
	"context"
	"sync"
)

// rowLocks are in-memory exclusive locks on rows, keyed by table and
// primary key. An autocommit UPDATE or DELETE locks the rows it found,
// then re-reads their latest committed version, so concurrent
// `SET n = n + 1` statements queue instead of losing increments.
// Statements lock in key order, so two statements never wait on each other
// in a cycle.
type rowLocks struct {
	mu   sync.Mutex
	held map[string]chan struct{} // closed when the lock is released
}

// lock waits for the row; it gives up with 57014 when ctx ends.
func (l *rowLocks) lock(ctx context.Context, key string) error {
	for {
		l.mu.Lock()
		if l.held == nil {
			l.held = map[string]chan struct{}{}
		}
		released, busy := l.held[key]
		if !busy {
			l.held[key] = make(chan struct{})
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		select {
		case <-released:
		case <-ctx.Done():
			return errCanceled
		}
	}
}

func (l *rowLocks) unlock(key string) {
	l.mu.Lock()
	released := l.held[key]
	delete(l.held, key)
	l.mu.Unlock()
	close(released)
}
