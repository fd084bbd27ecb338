package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// ErrDirLocked is wrapped by Open's error when another process (or another
// Store in this process) holds DIR/LOCK.
var ErrDirLocked = errors.New("is in use by another KalamDB server")

const lockFile = "LOCK"

// dirLock is an exclusive flock(2) on DIR/LOCK. flock locks belong to the
// open file description, so the kernel drops the lock when the holder dies
// (even by SIGKILL) and a second open in the same process is refused too.
type dirLock struct {
	f *os.File
}

// lockDir takes the lock without waiting and records the holder's pid in the
// file, which is for humans only: the flock is the lock.
func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("storage: open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("storage: data directory %s %w (%s is locked)", dir, ErrDirLocked, path)
		}
		return nil, fmt.Errorf("storage: lock %s: %w", path, err)
	}
	pid := strconv.AppendInt(nil, int64(os.Getpid()), 10)
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt(append(pid, '\n'), 0)
	}
	return &dirLock{f: f}, nil
}

// release unlocks and closes the lock file. The file itself stays: removing
// it would let a concurrent opener lock a different inode.
func (l *dirLock) release() error {
	uerr := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	return errors.Join(uerr, l.f.Close())
}
