package jobs

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// DefaultUserGracePeriod is how long a dropped user's data is kept before
// the cleanup job purges it (KalamDB's default).
const DefaultUserGracePeriod = 30 * 24 * time.Hour

// defaultPurgeBatch bounds the rows one commit of a purge deletes, so a
// large partition never becomes one huge write.
const defaultPurgeBatch = 1000

// UserCleanup purges users dropped longer than GracePeriod ago: their rows
// in every USER and STREAM table partition, then their catalog record.
//
// Rows go first, in batches; the catalog record goes last, in one change
// with any rows written since, and only if the user is still dropped. A
// crash midway therefore leaves a dropped user with fewer rows, which the
// next run finishes, never a purged name with orphaned rows that a new user
// of the same name would inherit. A user restored while its purge runs
// keeps its record but may have lost rows: its grace period was over.
type UserCleanup struct {
	Catalog *catalog.Catalog
	Store   *storage.Store
	// GracePeriod defaults to DefaultUserGracePeriod.
	GracePeriod time.Duration
	// BatchSize is rows deleted per commit; 0 means 1000.
	BatchSize int
	// Now defaults to time.Now; tests move the clock.
	Now func() time.Time
}

// Run purges every user whose grace period is over and returns their names.
func (j *UserCleanup) Run(ctx context.Context) ([]string, error) {
	grace := j.GracePeriod
	if grace <= 0 {
		grace = DefaultUserGracePeriod
	}
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	cutoff := now().Add(-grace)
	var purged []string
	for _, u := range j.Catalog.Current().PurgeableUsers(cutoff) {
		done, err := j.purge(ctx, u.Name, cutoff)
		if err != nil {
			return purged, err
		}
		if done {
			purged = append(purged, u.Name)
		}
	}
	return purged, nil
}

// purge removes one user's rows and record; false when the user was
// restored (or purged by someone else) before the record could go.
func (j *UserCleanup) purge(ctx context.Context, name string, cutoff time.Time) (bool, error) {
	snap := j.Catalog.Current()
	u, ok := snap.User(name)
	if !ok {
		return false, nil
	}
	prefix := catalog.AppendPartition(nil, u.ID)
	for _, t := range snap.Tables("") {
		if !t.Partitioned() {
			continue
		}
		if err := j.deletePartition(ctx, t.ID, prefix); err != nil {
			return false, err
		}
	}
	err := j.Catalog.Change(ctx, func(ch *catalog.Change) error {
		cur, ok := ch.User(name)
		if !ok || !cur.Deleted() || cur.DeletedAt.After(cutoff) {
			return errRestored
		}
		// Rows written after the batches above go with the record.
		for _, t := range ch.Tables("") {
			if !t.Partitioned() {
				continue
			}
			if _, err := j.queueDeletes(ch.Batch, t.ID, prefix, 0); err != nil {
				return err
			}
		}
		return ch.PurgeUser(name)
	})
	if errors.Is(err, errRestored) {
		return false, nil
	}
	return err == nil, err
}

var errRestored = pgerr.New(pgerr.ObjectNotInPrerequisiteState, "user restored during purge")

// deletePartition deletes the rows of table whose key starts with prefix,
// committing at most BatchSize deletes at a time.
func (j *UserCleanup) deletePartition(ctx context.Context, table storage.TableID, prefix []byte) error {
	limit := j.BatchSize
	if limit <= 0 {
		limit = defaultPurgeBatch
	}
	for {
		b := &storage.Batch{}
		n, err := j.queueDeletes(b, table, prefix, limit)
		if err != nil || n == 0 {
			return err
		}
		if _, err := j.Store.Commit(ctx, b); err != nil {
			return err
		}
		if n < limit {
			return nil
		}
	}
}

// queueDeletes adds to b the deletion of up to limit (0: all) rows of
// table under prefix, as of the latest snapshot, and returns how many.
func (j *UserCleanup) queueDeletes(b *storage.Batch, table storage.TableID, prefix []byte, limit int) (int, error) {
	sn, err := j.Store.Snapshot()
	if err != nil {
		return 0, err
	}
	defer sn.Close()
	if !sn.HasTable(table) {
		return 0, nil
	}
	n := 0
	err = sn.Scan(table, prefix, nil, false, func(key []byte, _ uint64, _ []byte) (bool, error) {
		if !bytes.HasPrefix(key, prefix) {
			return false, nil
		}
		b.Delete(table, key, storage.ExpectAny)
		n++
		return limit == 0 || n < limit, nil
	})
	return n, err
}
