package server

import (
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// newHTTPServer serves the operational endpoints. GET /health answers 200
// once the store and engine are open, which is before the HTTP server starts.
func newHTTPServer() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	// Go's profiler, for measuring the server under load:
	// go tool pprof http://HOST:PORT/debug/pprof/profile?seconds=10
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
}

// serveHTTP runs the HTTP server until it is shut down.
func (s *Server) serveHTTP(ln net.Listener) {
	defer s.background.Done()
	if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.log.Error("http server stopped", "err", err)
	}
}
