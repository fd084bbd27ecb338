package server

import (
	"context"
	"time"

	"github.com/kalamdb/kalamdb/jobs"
)

// userCleanupInterval is how often the server purges users whose grace
// period is over; it also does so once at start.
const userCleanupInterval = time.Hour

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
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		tick := time.NewTicker(userCleanupInterval)
		defer tick.Stop()
		for {
			if _, err := s.PurgeDeletedUsers(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("user cleanup failed", "err", err)
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
