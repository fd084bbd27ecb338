package storage

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Bucket layout of hot.db:
//
//	"meta"              the catalog's key/value home (PutMeta, Meta, MetaScan)
//	"store"             the store's own state, invisible to callers
//	"t" + 8-byte BE id  one bucket per table; values are envelopes
//
// The names cannot collide: table bucket names are 9 bytes starting with 't'.
var (
	metaBucket  = []byte("meta")
	stateBucket = []byte("store")

	// keyLastSeq holds the highest commit seq ever stamped and keyLastID the
	// id generator's high-water mark at that commit; both seed the
	// generators on Open so values never repeat across restarts.
	keyLastSeq = []byte("last_seq")
	keyLastID  = []byte("last_id")
	keyFormat  = []byte("format")
)

// formatVersion is the on-disk layout version written by this code.
const formatVersion = 1

// tableBucketName is the bucket name of table t.
func tableBucketName(t TableID) [9]byte {
	var name [9]byte
	name[0] = 't'
	binary.BigEndian.PutUint64(name[1:], uint64(t))
	return name
}

// persisted is the store state read at Open.
type persisted struct {
	lastSeq, lastID uint64
}

// initState creates the fixed buckets of a new database, checks the format
// of an existing one and reads the generators' high-water marks.
func initState(db *bolt.DB) (persisted, error) {
	var st persisted
	err := db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(metaBucket); err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists(stateBucket)
		if err != nil {
			return err
		}
		if v := b.Get(keyFormat); v == nil {
			if err := b.Put(keyFormat, binary.BigEndian.AppendUint64(nil, formatVersion)); err != nil {
				return err
			}
		} else if len(v) != 8 || binary.BigEndian.Uint64(v) != formatVersion {
			return fmt.Errorf("storage: unsupported hot.db format %x (want %d)", v, formatVersion)
		}
		st.lastSeq = readUint64(b.Get(keyLastSeq))
		st.lastID = readUint64(b.Get(keyLastID))
		return nil
	})
	return st, err
}

func readUint64(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// saveState records the generators' high-water marks inside a group's write
// transaction. buf must stay untouched until the transaction ends (bbolt
// keeps references to values until commit).
func saveState(tx *bolt.Tx, buf *[16]byte, lastSeq, lastID uint64) error {
	b := tx.Bucket(stateBucket)
	binary.BigEndian.PutUint64(buf[:8], lastSeq)
	binary.BigEndian.PutUint64(buf[8:], lastID)
	if err := b.Put(keyLastSeq, buf[:8]); err != nil {
		return err
	}
	return b.Put(keyLastID, buf[8:])
}
