package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/pgwire"
	"github.com/kalamdb/kalamdb/storage"
)

// ErrServerClosed is returned by Serve, and by Err once Done is closed,
// after Shutdown or Close.
var ErrServerClosed = errors.New("server: closed")

// Server is a running KalamDB: listeners, store, engine and connections.
// Build one with New and run it with Serve, or use Start.
type Server struct {
	cfg Config
	log *slog.Logger

	wire    pgwire.Config
	reg     *registry
	ln      net.Listener
	httpLn  net.Listener
	httpSrv *http.Server
	store   *storage.Store
	engine  *exec.Engine

	rootSCRAM string // root's verifier from RootPassword, "" for none (users.go)

	accepting  chan struct{} // closed when the accept loop has returned
	conns      sync.WaitGroup
	background sync.WaitGroup // the accept loop and the HTTP server

	errMu sync.Mutex
	err   error // why the accept loop stopped

	// startMu orders start and shutdown: a Shutdown that comes first makes
	// a later Serve return ErrServerClosed at once.
	startMu sync.Mutex
	closing bool

	shutdownOnce sync.Once
	stopped      chan struct{} // closed when Shutdown has finished
	shutdownErr  error
}

// New returns a server for cfg; it does no I/O.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:       cfg,
		log:       cfg.Logger,
		reg:       newRegistry(),
		accepting: make(chan struct{}),
		stopped:   make(chan struct{}),
	}
	s.wire = pgwire.Config{
		Registry:       s.reg,
		Logger:         cfg.Logger,
		MaxMessageSize: cfg.MaxMessageSize,
	}
	return s
}

// Start listens on cfg.Listen, opens the data directory and serves in the
// background. The listener comes first, so a taken port fails before the
// data directory is created or locked.
func Start(cfg Config) (*Server, error) {
	s := New(cfg)
	if err := s.initAuth(); err != nil {
		return nil, err
	}
	ln, err := listen(s.cfg.Listen)
	if err != nil {
		return nil, err
	}
	if err := s.start(ln); err != nil {
		return nil, err
	}
	return s, nil
}

// Serve serves PostgreSQL clients on ln (and HTTP if configured) until
// Shutdown or Close, then returns ErrServerClosed; it returns another error
// if the server could not start or the listener failed.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.initAuth(); err != nil {
		_ = ln.Close()
		return err
	}
	if err := s.start(ln); err != nil {
		return err
	}
	<-s.accepting
	return s.Err()
}

// Addr is the address PostgreSQL clients connect to (useful with port 0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// HTTPAddr is the HTTP address, or nil without HTTPListen.
func (s *Server) HTTPAddr() net.Addr {
	if s.httpLn == nil {
		return nil
	}
	return s.httpLn.Addr()
}

// Done is closed when the server stops accepting connections.
func (s *Server) Done() <-chan struct{} { return s.accepting }

// Err is why the server stopped accepting: ErrServerClosed after Shutdown,
// or the listener's failure. It is nil while the server accepts.
func (s *Server) Err() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}

// listen binds a TCP address, explaining the usual cause of failure.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%w — is another server running?", err)
		}
		return nil, err
	}
	return ln, nil
}

// start opens the rest in order — HTTP listener, store, engine — and starts
// accepting on ln. On failure everything opened so far is closed, ln too.
func (s *Server) start(ln net.Listener) (err error) {
	s.startMu.Lock()
	defer s.startMu.Unlock()
	if s.closing || s.ln != nil {
		_ = ln.Close()
		return ErrServerClosed
	}
	s.ln = ln
	defer func() {
		if err != nil {
			_ = s.release()
			s.setErr(err)
			close(s.accepting) // nothing will accept; Shutdown must not wait
		}
	}()
	if s.cfg.HTTPListen != "" {
		if s.httpLn, err = listen(s.cfg.HTTPListen); err != nil {
			return err
		}
	}
	if s.store, err = storage.Open(s.cfg.DataDir, storage.Options{NoSync: s.cfg.NoSync}); err != nil {
		return err
	}
	if s.engine, err = exec.NewEngine(s.store, exec.Options{PlanCacheSize: s.cfg.PlanCacheSize}); err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	if err = s.bootstrapUsers(); err != nil { // users.go
		return err
	}
	s.wire.Engine = s.engine
	s.startJobs() // jobs.go

	dataDir, _ := filepath.Abs(s.cfg.DataDir)
	s.log.Info("kalamdb listening", "addr", s.ln.Addr().String(), "data_dir", dataDir,
		"version", exec.Version, "root_password", s.cfg.RootPassword != "")
	s.background.Add(1)
	go s.acceptLoop()
	if s.httpLn != nil {
		s.httpSrv = newHTTPServer()
		s.background.Add(1)
		go s.serveHTTP(s.httpLn)
		s.log.Info("http listening", "addr", s.httpLn.Addr().String())
	}
	return nil
}

// acceptLoop accepts connections until the listener is closed, serving each
// in its own goroutine.
func (s *Server) acceptLoop() {
	defer s.background.Done()
	defer close(s.accepting)
	var backoff time.Duration
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				s.setErr(ErrServerClosed)
				return
			}
			// Running out of file descriptors and the like pass; wait
			// a little rather than spin.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			s.log.Warn("accept failed; retrying", "err", err, "in", backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		c := pgwire.NewConn(nc, &s.wire)
		if !s.reg.add(c) {
			_ = nc.Close()
			continue
		}
		s.conns.Add(1)
		go func() {
			defer s.conns.Done()
			defer s.reg.remove(c)
			c.Serve()
		}()
	}
}

func (s *Server) setErr(err error) {
	s.errMu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.errMu.Unlock()
}

// Shutdown stops the server gracefully: it stops accepting, ends idle
// connections at once with FATAL 57P01, lets running statements finish
// until ctx is done (then cancels them and closes their connections), and
// finally closes the engine and the store. It returns ctx's error if the
// deadline cut statements short. Later calls wait for the first to finish.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdownOnce.Do(func() {
		s.shutdownErr = s.shutdown(ctx)
		close(s.stopped)
	})
	<-s.stopped
	return s.shutdownErr
}

// Close stops the server at once: running statements are cancelled.
func (s *Server) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

func (s *Server) shutdown(ctx context.Context) error {
	s.startMu.Lock()
	s.closing = true
	started := s.ln != nil
	s.startMu.Unlock()
	if !started {
		return nil
	}
	s.log.Info("shutting down", "connections", s.reg.len())
	_ = s.ln.Close()
	<-s.accepting

	s.reg.each(true, (*pgwire.Conn).Shutdown)
	drained := make(chan struct{})
	go func() {
		s.conns.Wait()
		close(drained)
	}()
	var err error
	select {
	case <-drained:
	case <-ctx.Done():
		err = ctx.Err()
		s.log.Warn("shutdown deadline reached; cancelling running statements", "connections", s.reg.len())
		s.reg.each(true, (*pgwire.Conn).Close)
		<-drained
	}
	if s.httpSrv != nil {
		_ = s.httpSrv.Close()
	}
	s.background.Wait()
	if cerr := s.release(); cerr != nil {
		err = errors.Join(err, cerr)
	}
	s.log.Info("stopped")
	return err
}

// release closes what start opened, in reverse order.
func (s *Server) release() error {
	var errs []error
	if s.engine != nil {
		errs = append(errs, s.engine.Close())
		s.engine = nil
	}
	if s.store != nil {
		errs = append(errs, s.store.Close())
		s.store = nil
	}
	if s.httpLn != nil {
		_ = s.httpLn.Close()
	}
	if s.ln != nil {
		_ = s.ln.Close()
	}
	return errors.Join(errs...)
}
