package exec

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// rowLocks are in-memory exclusive row locks, keyed by table and primary
// key and owned by a transaction (or by a single autocommit statement).
// UPDATE, DELETE and SELECT … FOR UPDATE lock the rows they found, then
// re-read their latest committed version, so concurrent `SET n = n + 1`
// statements queue instead of losing increments. A transaction keeps its
// locks until it ends.
//
// A waiter records whom it waits for; a wait that would close a cycle
// fails at once with 40P01 (deadlock detected) instead of hanging.
type rowLocks struct {
	mu         sync.Mutex
	held       map[string]*rowLock
	waitingFor map[uint64]uint64 // waiting owner → owner it waits for
	nextOwner  atomic.Uint64
}

type rowLock struct {
	owner    uint64
	released chan struct{}
}

// newOwner returns a fresh lock owner id.
func (l *rowLocks) newOwner() uint64 { return l.nextOwner.Add(1) }

// lock waits until owner holds key. acquired is false when owner already
// held it. A non-zero timeout bounds the wait (lock_timeout, 55P03).
func (l *rowLocks) lock(ctx context.Context, key string, owner uint64, timeout time.Duration) (acquired bool, err error) {
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		deadline = t.C
	}
	for {
		l.mu.Lock()
		if l.held == nil {
			l.held = map[string]*rowLock{}
			l.waitingFor = map[uint64]uint64{}
		}
		h, busy := l.held[key]
		if !busy {
			l.held[key] = &rowLock{owner: owner, released: make(chan struct{})}
			l.mu.Unlock()
			return true, nil
		}
		if h.owner == owner {
			l.mu.Unlock()
			return false, nil
		}
		if l.wouldDeadlock(owner, h.owner) {
			l.mu.Unlock()
			return false, pgerr.New("40P01", "deadlock detected").
				WithDetail("Process waits for a row locked by another transaction, which waits for a row this one holds.").
				WithHint("See server log for query details.")
		}
		l.waitingFor[owner] = h.owner
		l.mu.Unlock()
		select {
		case <-h.released:
		case <-ctx.Done():
			l.stopWaiting(owner)
			return false, cancelError(ctx)
		case <-deadline:
			l.stopWaiting(owner)
			return false, pgerr.New("55P03", "canceling statement due to lock timeout")
		}
		l.stopWaiting(owner)
	}
}

// wouldDeadlock reports whether owner waiting for holder closes a cycle.
func (l *rowLocks) wouldDeadlock(owner, holder uint64) bool {
	for seen := 0; seen < len(l.waitingFor)+1; seen++ {
		if holder == owner {
			return true
		}
		next, waiting := l.waitingFor[holder]
		if !waiting {
			return false
		}
		holder = next
	}
	return false
}

func (l *rowLocks) stopWaiting(owner uint64) {
	l.mu.Lock()
	delete(l.waitingFor, owner)
	l.mu.Unlock()
}

// unlock releases key if owner holds it.
func (l *rowLocks) unlock(key string, owner uint64) {
	l.mu.Lock()
	h, ok := l.held[key]
	if ok && h.owner == owner {
		delete(l.held, key)
	}
	l.mu.Unlock()
	if ok && h.owner == owner {
		close(h.released)
	}
}

// unlockAll releases every key in keys held by owner.
func (l *rowLocks) unlockAll(keys []string, owner uint64) {
	for _, k := range keys {
		l.unlock(k, owner)
	}
}
