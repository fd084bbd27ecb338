package storage

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Group commit. Callers enqueue a commitReq and wait; one committer goroutine
// takes everything waiting (up to maxGroupBatches / maxGroupBytes), runs ONE
// bbolt write transaction for the lot and wakes them all. While it is inside
// fsync the next group accumulates, so throughput grows with concurrency
// instead of being one fsync per commit.
const (
	queueDepth      = 4096
	maxGroupBatches = 1024
	maxGroupBytes   = 32 << 20
)

// A request is claimed exactly once: by the committer (taken) or by its
// caller giving up on a cancelled context (cancelled).
const (
	reqPending uint32 = iota
	reqTaken
	reqCancelled
)

type commitReq struct {
	batch *Batch
	state atomic.Uint32
	done  chan struct{} // closed by the committer once seq/err are final
	seq   uint64
	err   error
}

// committerState is scratch memory reused by the committer goroutine only.
type committerState struct {
	group []*commitReq
	ov    overlay
	shape batchShape
	state [16]byte // saveState's value buffer
}

func (c *committerState) init() {
	c.group = make([]*commitReq, 0, maxGroupBatches)
	c.ov = overlay{tables: map[TableID]tableFate{}, keys: map[keyRef]bool{}}
}

// Commit applies the batch atomically and durably (fsync) before it
// returns, grouping concurrent commits from many goroutines into one bbolt
// write transaction. It returns the commit sequence number stamped on every
// row the batch wrote; seqs increase in the order batches are applied.
//
// A failed expectation yields *ConflictError; a batch that does not fit the
// schema (missing table, empty key…) yields another error; in both cases
// nothing of the batch is applied and other batches of its group are
// unaffected. If ctx ends before the committer picks the batch up, Commit
// returns ctx.Err() and the batch is not applied; once picked up, Commit
// waits for the outcome. An empty batch returns seq 0 and writes nothing.
func (s *Store) Commit(ctx context.Context, b *Batch) (seq uint64, err error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r := &commitReq{batch: b, done: make(chan struct{})}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return 0, ErrClosed
	}
	if b.Len() == 0 {
		s.mu.RUnlock()
		return 0, nil
	}
	select {
	case s.reqs <- r:
	case <-ctx.Done():
		s.mu.RUnlock()
		return 0, ctx.Err()
	}
	s.mu.RUnlock()

	select {
	case <-r.done:
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqPending, reqCancelled) {
			return 0, ctx.Err()
		}
		<-r.done // already in a write transaction: report its outcome
	}
	return r.seq, r.err
}

// run is the committer goroutine. It exits once Close has closed reqs and
// everything queued before has been committed.
func (s *Store) run() {
	defer close(s.done)
	c := &s.committer
	var carry *commitReq // received but did not fit in the previous group
	for {
		first := carry
		carry = nil
		if first == nil {
			r, ok := <-s.reqs
			if !ok {
				return
			}
			first = r
		}
		group, size := c.group[:0], 0
		take := func(r *commitReq) {
			if r.state.CompareAndSwap(reqPending, reqTaken) {
				group = append(group, r)
				size += r.batch.Size()
			}
		}
		take(first)
	fill:
		for len(group) < maxGroupBatches && size < maxGroupBytes {
			select {
			case r, ok := <-s.reqs:
				if !ok {
					break fill
				}
				if len(group) > 0 && size+r.batch.Size() > maxGroupBytes {
					carry = r
					break fill
				}
				take(r)
			default:
				break fill
			}
		}
		if len(group) > 0 {
			if s.beforeGroup != nil {
				s.beforeGroup()
			}
			s.commitGroup(group)
		}
		clear(group) // drop references for the GC
	}
}

// Sentinels that abort a group's write transaction (rolled back by bbolt).
var (
	errNothingApplied = errors.New("storage: nothing applied")
	errApplyFailed    = errors.New("storage: apply failed")
)

// commitGroup runs one write transaction for group (in queue order), then
// publishes every request's outcome. If applying a validated batch fails
// (which validation should prevent), that batch alone fails and the group
// is retried without it, so one bad batch cannot sink its neighbours.
func (s *Store) commitGroup(group []*commitReq) {
	c := &s.committer
	live := group
	for {
		var bad *commitReq
		var badErr error
		applied := uint64(0)
		err := s.db.Update(func(tx *bolt.Tx) error {
			var lastSeq uint64
			now := time.Now()
			for _, r := range live {
				r.seq, r.err = 0, nil
				c.shape.of(r.batch)
				v := validator{tx: tx, shape: &c.shape}
				useOv, keys := needsOverlay(&c.shape, r.batch.Len())
				if useOv {
					v.ov, v.keys = &c.ov, keys
				}
				verr := v.validate(r.batch)
				if useOv {
					c.ov.reset()
				}
				if verr != nil {
					r.err = verr
					continue
				}
				seq := s.seqs.next(now)
				if err := apply(tx, r.batch, seq); err != nil {
					bad, badErr = r, err
					return errApplyFailed
				}
				c.shape.setFillPercents(tx)
				r.seq = seq
				lastSeq = seq
				applied++
			}
			if applied == 0 {
				return errNothingApplied // nothing to make durable
			}
			return saveState(tx, &c.state, lastSeq, s.ids.high())
		})
		c.shape.of(&Batch{}) // drop references to the last batch and tx
		if bad != nil {
			bad.seq, bad.err = 0, badErr
			live = without(live, bad)
			if len(live) > 0 {
				continue
			}
			break
		}
		switch {
		case err == nil:
			s.stats.groups.Add(1)
			s.stats.commits.Add(applied)
		case errors.Is(err, errNothingApplied):
		default:
			for _, r := range live {
				r.seq, r.err = 0, err
			}
		}
		break
	}
	for _, r := range group {
		var ce *ConflictError
		if errors.As(r.err, &ce) {
			s.stats.conflicts.Add(1)
		}
		close(r.done)
	}
}

func without(rs []*commitReq, drop *commitReq) []*commitReq {
	out := make([]*commitReq, 0, len(rs)-1)
	for _, r := range rs {
		if r != drop {
			out = append(out, r)
		}
	}
	return out
}
