package storage

import (
	"context"
	"encoding/binary"
	"sync/atomic"
	"testing"
)

// BenchmarkCommitParallel measures single-row durable commits from many
// goroutines: ns/op is the amortised cost per commit under group commit.
func BenchmarkCommitParallel(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts Options
	}{{"fsync", Options{}}, {"nosync", Options{NoSync: true}}} {
		b.Run(tc.name, func(b *testing.B) {
			s := openTest(b, tc.opts)
			var next atomic.Uint64
			payload := make([]byte, 100)
			b.SetParallelism(16) // 16 × GOMAXPROCS committers, like many sessions
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var batch Batch
				var key [8]byte
				for pb.Next() {
					batch.Reset()
					binary.BigEndian.PutUint64(key[:], next.Add(1))
					batch.Put(tbl, key[:], payload, ExpectAbsent)
					if _, err := s.Commit(context.Background(), &batch); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.StopTimer()
			st := s.Stats()
			b.ReportMetric(float64(st.Commits)/float64(max(st.Groups, 1)), "commits/group")
		})
	}
}

// BenchmarkGet measures a point read in an open snapshot.
func BenchmarkGet(b *testing.B) {
	s := openTest(b, Options{NoSync: true})
	var batch Batch
	for i := range 1000 {
		batch.Put(tbl, keyN(i), make([]byte, 100), ExpectAbsent)
	}
	if _, err := s.Commit(context.Background(), &batch); err != nil {
		b.Fatal(err)
	}
	sn, err := s.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	defer sn.Close()
	key := keyN(500)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := sn.Get(tbl, key); !ok {
			b.Fatal("missing")
		}
	}
}

// BenchmarkCommitLargeSequentialBatch measures a bulk load (COPY): durable
// commits of 10k-row batches whose keys increase within and across batches,
// each row expected absent. ns/op is per batch; rows/s is the load rate.
func BenchmarkCommitLargeSequentialBatch(b *testing.B) {
	const rows = 10_000
	s := openTest(b, Options{})
	payload := make([]byte, 40)
	var batch Batch
	var key [8]byte
	next := uint64(0)
	b.ReportAllocs()
	for b.Loop() {
		batch.Reset()
		for range rows {
			next++
			binary.BigEndian.PutUint64(key[:], next)
			batch.Put(tbl, key[:], payload, ExpectAbsent)
		}
		if _, err := s.Commit(context.Background(), &batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
}
