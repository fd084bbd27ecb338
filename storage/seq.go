package storage

import (
	"sync/atomic"
	"time"
)

// Commit sequence numbers and row ids are Snowflake-style 64-bit values:
//
//	bit 63      0
//	bits 62..22 milliseconds since seqEpoch (41 bits, good until 2093)
//	bits 21..12 node id (10 bits, always 0 for now)
//	bits 11..0  counter within the millisecond
//
// A generator never issues a value <= the last one it issued: when the
// clock stands still or goes backwards, or the counter of the current
// millisecond is exhausted, it borrows from the next millisecond. Seeded with
// the last value persisted before a restart, it stays monotonic across
// restarts too.
const (
	counterBits = 12
	nodeBits    = 10
	tsShift     = counterBits + nodeBits
	counterMask = 1<<counterBits - 1
	localNode   = 0
)

// seqEpoch is 2024-01-01T00:00:00Z in Unix milliseconds.
var seqEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

// generator issues strictly increasing Snowflake values. It is safe for
// concurrent use (a CAS loop, no lock).
type generator struct {
	node uint64
	last atomic.Uint64
}

func newGenerator(node, last uint64) *generator {
	g := &generator{node: node}
	g.last.Store(last)
	return g
}

// next returns a value greater than every value issued before, based on now
// when the clock allows it.
func (g *generator) next(now time.Time) uint64 {
	ms := now.UnixMilli() - seqEpoch
	if ms < 0 {
		ms = 0
	}
	fromClock := uint64(ms)<<tsShift | g.node<<counterBits
	for {
		last := g.last.Load()
		v := fromClock
		if v <= last {
			ts, cnt := last>>tsShift, last&counterMask
			if cnt < counterMask {
				cnt++
			} else {
				ts, cnt = ts+1, 0 // borrow the next millisecond
			}
			v = ts<<tsShift | g.node<<counterBits | cnt
		}
		if g.last.CompareAndSwap(last, v) {
			return v
		}
	}
}

// high is the last value issued (or the seed).
func (g *generator) high() uint64 { return g.last.Load() }

// SeqTime returns the wall-clock millisecond encoded in a commit sequence
// number or id (approximate: a borrowed millisecond may lie slightly ahead).
func SeqTime(seq uint64) time.Time {
	return time.UnixMilli(int64(seq>>tsShift) + seqEpoch).UTC()
}
