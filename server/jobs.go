package server

import (
	"context"
	"time"

	"github.com/kalamdb/kalamdb/jobs"
)

// userCleanupInterval is how often the server purges users whose grace
// period is over; it also does so once at start.
const userCleanupInterval = time.Hour

// streamEvictionInterval is how often the server deletes expired STREAM
// table rows; they are hidden from readers already, so this only bounds
// how long they take space.
const streamEvictionInterval = time.Minute

// startJobs runs the background jobs until the accept loop stops (the
// first step of a shutdown), before the store is closed.
func (s *Server) startJobs() {
	ctx, cancel := context.WithCancel(context.Background())
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		<-s.accepting
		cancel()
	}()
	s.every(ctx, userCleanupInterval, "user cleanup", func(ctx context.Context) error {
		_, err := s.PurgeDeletedUsers(ctx)
		return err
	})
	s.every(ctx, streamEvictionInterval, "stream eviction", func(ctx context.Context) error {
		_, err := s.EvictExpiredStreamRows(ctx)
		return err
	})
}

// every runs job now and then each interval until ctx ends, logging its
// failures.
func (s *Server) every(ctx context.Context, interval time.Duration, name string, job func(context.Context) error) {
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			if err := job(ctx); err != nil && ctx.Err() == nil {
				s.log.Error(name+" failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

// PurgeDeletedUsers runs the user cleanup job now: users dropped longer
// than Config.UserGracePeriod ago lose their USER and STREAM table rows
// and their catalog record. It returns the purged names.
func (s *Server) PurgeDeletedUsers(ctx context.Context) ([]string, error) {
	job := &jobs.UserCleanup{Catalog: s.engine.Catalog(), Store: s.store, GracePeriod: s.cfg.UserGracePeriod}
	purged, err := job.Run(ctx)
	if len(purged) > 0 {
		s.log.Info("purged dropped users", "users", purged)
	}
	return purged, err
}

// EvictExpiredStreamRows runs the stream eviction job now: rows of STREAM
// tables older than their table's TTL are deleted. It returns how many.
func (s *Server) EvictExpiredStreamRows(ctx context.Context) (int, error) {
	job := &jobs.StreamEviction{Catalog: s.engine.Catalog(), Store: s.store}
	n, err := job.Run(ctx)
	if n > 0 {
		s.log.Debug("evicted expired stream rows", "rows", n)
	}
	return n, err
}
