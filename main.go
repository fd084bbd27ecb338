// Command kalamdb is the KalamDB server: a SQL database that speaks the
// PostgreSQL wire protocol.
//
//	kalamdb serve [--data-dir DIR] [--listen HOST:PORT] [--http-listen HOST:PORT] [--root-password PW]
//	kalamdb version
//
// main only turns flags into a server.Config; everything else is in server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/server"
)

// shutdownGrace is how long running statements get to finish on SIGINT/SIGTERM.
const shutdownGrace = 10 * time.Second

const usage = `KalamDB — a SQL database that speaks the PostgreSQL wire protocol.

Usage:
  kalamdb serve [flags]   run the server
  kalamdb version         print the version
  kalamdb --help          show this help

Run "kalamdb serve --help" for the server's flags.
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kalamdb:", err)
			os.Exit(1)
		}
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("missing command")
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "kalamdb %s (PostgreSQL protocol, server_version %s)\n", exec.Version, exec.ServerVersion)
		return nil
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// serve parses the serve flags, runs the server and shuts it down on
// SIGINT or SIGTERM (a second signal exits at once).
func serve(args []string, stderr io.Writer) error {
	cfg, level, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	srv, err := server.Start(cfg)
	if err != nil {
		return err
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	select {
	case sig := <-signals:
		cfg.Logger.Info("signal received; shutting down", "signal", sig.String(), "grace", shutdownGrace)
	case <-srv.Done():
	}
	go func() {
		<-signals
		cfg.Logger.Error("second signal; exiting immediately")
		os.Exit(1)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	shutdownErr := srv.Shutdown(ctx)
	if err := srv.Err(); err != nil && !errors.Is(err, server.ErrServerClosed) {
		return err
	}
	if errors.Is(shutdownErr, context.DeadlineExceeded) {
		return nil // statements were cancelled, which the log already says
	}
	return shutdownErr
}

// parseServeFlags turns serve's flags into a Config. KALAMDB_ROOT_PASSWORD
// supplies the root password unless the flag is given.
func parseServeFlags(args []string, stderr io.Writer) (server.Config, slog.Level, error) {
	var (
		cfg   server.Config
		level slog.Level
	)
	fs := flag.NewFlagSet("kalamdb serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DataDir, "data-dir", server.DefaultDataDir, "directory holding the database (created if missing)")
	fs.StringVar(&cfg.Listen, "listen", server.DefaultListen, "PostgreSQL protocol address, HOST:PORT")
	fs.StringVar(&cfg.HTTPListen, "http-listen", "", "HTTP address for GET /health, HOST:PORT (off when empty)")
	fs.StringVar(&cfg.RootPassword, "root-password", "",
		"root's password, enabling SCRAM-SHA-256 and remote logins (default $KALAMDB_ROOT_PASSWORD; without one root is trusted from loopback only)")
	fs.IntVar(&cfg.PlanCacheSize, "plan-cache-size", 0, "plans kept in the shared plan cache (0 means 1000, negative disables it)")
	fs.IntVar(&cfg.MaxFailedLogins, "max-failed-logins", 5, "wrong passwords in a row that lock a user")
	fs.DurationVar(&cfg.LockoutDuration, "lockout-duration", 15*time.Minute, "how long a locked user stays locked")
	fs.DurationVar(&cfg.UserGracePeriod, "user-grace-period", 0,
		"how long a dropped user's data is kept before the cleanup job purges it (0 means 30 days)")
	fs.TextVar(&level, "log-level", slog.LevelInfo, "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return cfg, level, err
	}
	// Read here, not as the flag's default, so that --help never prints it.
	if cfg.RootPassword == "" {
		cfg.RootPassword = os.Getenv("KALAMDB_ROOT_PASSWORD")
	}
	if fs.NArg() > 0 {
		return cfg, level, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, level, nil
}
