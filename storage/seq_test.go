package storage

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGeneratorLayout(t *testing.T) {
	now := time.Date(2025, 3, 4, 5, 6, 7, 8_000_000, time.UTC)
	g := newGenerator(3, 0)
	v := g.next(now)
	assert.Equal(t, uint64(now.UnixMilli()-seqEpoch), v>>tsShift, "timestamp bits")
	assert.Equal(t, uint64(3), v>>counterBits&(1<<nodeBits-1), "node bits")
	assert.Equal(t, uint64(0), v&counterMask, "counter starts at 0")
	assert.Equal(t, now.Truncate(time.Millisecond), SeqTime(v))
	assert.Zero(t, v>>63, "fits in int64")
}

func TestGeneratorMonotonic(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(d int) time.Time { return base.Add(time.Duration(d) * time.Millisecond) }
	for _, tc := range []struct {
		name  string
		clock []time.Time
	}{
		{"same millisecond", []time.Time{ms(0), ms(0), ms(0)}},
		{"advancing", []time.Time{ms(0), ms(1), ms(5)}},
		{"clock goes back", []time.Time{ms(10), ms(3), ms(3), ms(11)}},
		{"before epoch", []time.Time{time.Unix(0, 0), time.Unix(0, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGenerator(0, 0)
			var prev uint64
			for _, c := range tc.clock {
				v := g.next(c)
				assert.Greater(t, v, prev)
				prev = v
			}
		})
	}

	t.Run("counter overflow borrows the next millisecond", func(t *testing.T) {
		g := newGenerator(1, 0)
		var prev uint64
		for range counterMask + 3 {
			v := g.next(base)
			require.Greater(t, v, prev)
			require.Equal(t, uint64(1), v>>counterBits&(1<<nodeBits-1), "node bits never clobbered")
			prev = v
		}
		assert.Equal(t, uint64(base.UnixMilli()-seqEpoch+1), prev>>tsShift)
		assert.Equal(t, uint64(1), prev&counterMask, "4096 values in the first ms, 2 in the next")
		// The real clock catching up continues past the borrowed values.
		assert.Greater(t, g.next(base.Add(time.Millisecond)), prev)
	})

	t.Run("seeded above the clock", func(t *testing.T) {
		seed := uint64(base.UnixMilli()-seqEpoch+100) << tsShift
		g := newGenerator(0, seed)
		assert.Equal(t, seed+1, g.next(base))
	})
}

func TestNextIDConcurrent(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	const workers, per = 8, 2000
	ids := make([][]int64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range per {
				ids[w] = append(ids[w], s.NextID())
			}
		})
	}
	wg.Wait()
	var all []int64
	for _, l := range ids {
		assert.True(t, slices.IsSorted(l))
		all = append(all, l...)
	}
	slices.Sort(all)
	assert.Len(t, slices.Compact(all), workers*per)
	assert.Positive(t, all[0])
}
