package server

import (
	"context"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/pgwire"
)

// initAuth derives root's SCRAM verifier from the configuration before
// anything is opened, so a bad password fails first. Without a password
// root is trusted from loopback addresses only.
func (s *Server) initAuth() error {
	s.rootSCRAM = ""
	if s.cfg.RootPassword == "" {
		return nil
	}
	v, err := catalog.NewVerifier(s.cfg.RootPassword)
	if err != nil {
		return err
	}
	s.rootSCRAM = v
	return nil
}

// bootstrapUsers persists root with this start's verifier (the
// configuration, not SQL, owns root's password) and authenticates logins
// against the catalog's users.
func (s *Server) bootstrapUsers() error {
	cat := s.engine.Catalog()
	err := cat.Change(context.Background(), func(ch *catalog.Change) error {
		ch.BootstrapRoot(s.rootSCRAM)
		return nil
	})
	if err != nil {
		return err
	}
	s.wire.Auth = &pgwire.CatalogUsers{
		Catalog:     cat,
		MaxFailures: s.cfg.MaxFailedLogins,
		LockFor:     s.cfg.LockoutDuration,
	}
	return nil
}
