package exec

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// DefaultPlanCacheSize is how many plans the engine keeps by default.
const DefaultPlanCacheSize = 1000

// planCache is the engine-wide LRU of planned statements, shared by every
// session. Keys hold everything that changes a statement's meaning: its
// text, the declared parameter types and the search path; entries planned
// against an older catalog version are dropped on lookup. Plans hold no
// session state, so any session may run any entry.
type planCache struct {
	mu       sync.Mutex
	capacity int
	entries  map[string]*list.Element
	lru      list.List // front = most recently used; values are *cacheEntry

	hits, misses, evictions atomic.Int64
}

type cacheEntry struct {
	key     string
	version uint64    // catalog version the entry was made against
	stmt    *prepared // nil: a negative entry (this shape cannot be planned with parameters)
}

func newPlanCache(capacity int) *planCache {
	return &planCache{capacity: capacity, entries: map[string]*list.Element{}}
}

// get returns the entry for key if it was planned against catalogVersion.
// found reports a negative entry too (stmt nil).
func (c *planCache) get(key string, catalogVersion uint64) (stmt *prepared, found bool) {
	if c.capacity <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if e.version != catalogVersion {
		c.lru.Remove(el)
		delete(c.entries, key)
		c.misses.Add(1)
		return nil, false
	}
	c.lru.MoveToFront(el)
	c.hits.Add(1)
	return e.stmt, true
}

// put stores a plan (or, with stmt nil, the fact that key is not cacheable
// at this catalog version).
func (c *planCache) put(key string, version uint64, stmt *prepared) {
	if c.capacity <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		e.stmt, e.version = stmt, version
		c.lru.MoveToFront(el)
		return
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, version: version, stmt: stmt})
	for c.lru.Len() > c.capacity {
		oldest := c.lru.Back()
		c.lru.Remove(oldest)
		delete(c.entries, oldest.Value.(*cacheEntry).key)
		c.evictions.Add(1)
	}
}

// clear empties the cache (CLEAR CACHE).
func (c *planCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[string]*list.Element{}
	c.lru.Init()
}

// PlanCacheStats are the cache's counters.
type PlanCacheStats struct {
	Hits, Misses, Evictions int64
	Entries, Capacity       int
}

func (c *planCache) stats() PlanCacheStats {
	c.mu.Lock()
	n := c.lru.Len()
	c.mu.Unlock()
	return PlanCacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load(), Entries: n, Capacity: c.capacity}
}
