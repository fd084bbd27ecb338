package storage

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TableID identifies a table's bucket. IDs are assigned by the catalog and
// never reused.
type TableID uint64

// Options tune the store; the zero value is the durable default.
type Options struct {
	// NoSync skips fsync on commit (tests only; loses durability on crash).
	NoSync bool
}

// ErrClosed is returned by operations on a closed Store.
var ErrClosed = errors.New("storage: store is closed")

const (
	hotFile = "hot.db"

	// boltLockTimeout bounds the wait for bbolt's own flock on hot.db; our
	// LOCK file already excludes other servers, so waiting long never helps.
	boltLockTimeout = time.Second

	// initialMmap is the address space mapped up front (virtual only: pages
	// cost memory when touched). bbolt re-maps when the file outgrows its
	// mapping, and a re-map inside a commit waits for every open read
	// transaction, so a goroutine committing while it holds a Snapshot would
	// deadlock the committer. A mapping this large keeps a hot tier, which
	// flushes to Parquet, from ever needing a re-map in practice.
	initialMmap = min(16<<30, math.MaxInt/2)
)

// Store is the hot tier: one bbolt file (DIR/hot.db) guarded by an exclusive
// lock file (DIR/LOCK) so a second server on the same directory is refused.
//
// Writes go through Commit, which hands batches to a single committer
// goroutine (see commit.go); reads go through Snapshot.
type Store struct {
	dir  string
	lock *dirLock
	db   *bolt.DB

	seqs *generator // commit seqs; only the committer calls next
	ids  *generator // NextID; any goroutine

	// mu guards closed and every send on reqs, so Close can close reqs
	// without racing a sender.
	mu     sync.RWMutex
	closed bool
	reqs   chan *commitReq
	done   chan struct{} // closed when the committer has drained reqs and exited

	committer committerState // owned by the committer goroutine
	stats     counters

	// beforeGroup, when set (tests), runs in the committer after a group is
	// gathered and before its write transaction starts.
	beforeGroup func()
}

// counters back Stats.
type counters struct {
	commits, groups, conflicts atomic.Uint64
}

// Stats are cumulative counters since Open.
type Stats struct {
	Commits   uint64 // batches applied
	Groups    uint64 // bbolt write transactions committed (one fsync each)
	Conflicts uint64 // batches refused with *ConflictError
}

// Open creates DIR if needed, takes the lock and opens the database.
func Open(dir string, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: create data directory: %w", err)
	}
	lk, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dir, hotFile), 0o600, &bolt.Options{
		Timeout: boltLockTimeout,
		NoSync:  opts.NoSync,
		// The freelist is rebuilt by scanning on open instead of being
		// rewritten by every commit, which keeps group commits small.
		NoFreelistSync:  true,
		FreelistType:    bolt.FreelistMapType,
		InitialMmapSize: initialMmap,
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("storage: open %s: %w", hotFile, err), lk.release())
	}
	st, err := initState(db)
	if err != nil {
		return nil, errors.Join(err, db.Close(), lk.release())
	}
	s := &Store{
		dir:  dir,
		lock: lk,
		db:   db,
		seqs: newGenerator(localNode, st.lastSeq),
		ids:  newGenerator(localNode, st.lastID),
		reqs: make(chan *commitReq, queueDepth),
		done: make(chan struct{}),
	}
	s.committer.init()
	go s.run()
	return s, nil
}

// Close stops accepting commits, waits for queued ones to finish, closes the
// database and releases the lock. Every Snapshot must be closed first (bbolt
// waits for open read transactions).
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	close(s.reqs)
	s.mu.Unlock()
	<-s.done
	return errors.Join(s.db.Close(), s.lock.release())
}

// Path is the data directory the store was opened on.
func (s *Store) Path() string { return s.dir }

// Stats returns the cumulative commit counters.
func (s *Store) Stats() Stats {
	return Stats{
		Commits:   s.stats.commits.Load(),
		Groups:    s.stats.groups.Load(),
		Conflicts: s.stats.conflicts.Load(),
	}
}

// NextID returns a new unique, increasing 64-bit id (Snowflake-style: ms
// timestamp, node, sequence), used for hidden row ids. Also monotonic
// across restarts: every group commit persists the high-water mark, so any
// id that reached disk is below the generator's seed after a restart.
func (s *Store) NextID() int64 { return int64(s.ids.next(time.Now())) }
