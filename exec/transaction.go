package exec

import (
	"context"
	"errors"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Transaction blocks: BEGIN … COMMIT/ROLLBACK with savepoints, isolation
// levels and row locks. Writes are buffered in the block (txn.go) and
// applied by COMMIT in one storage commit; row locks (rowlock.go) are held
// until the block ends.

// txState tracks a session's transaction block.
type txState struct {
	open bool // inside a block: BEGIN … COMMIT, or an implicit one
	// implicit marks the block PostgreSQL wraps around the statements of
	// one extended-protocol batch (until Sync) or one multi-statement
	// query string: all of them commit together, or none does.
	implicit bool
	failed   bool // an error happened inside the block: only ROLLBACK/COMMIT run
	w        *txn // the block's writes, locks and snapshot; nil outside a block
}

// Isolation levels as PostgreSQL names them.
const (
	readCommitted  = "read committed"
	repeatableRead = "repeatable read"
	serializable   = "serializable"
)

// lockOwner returns the owner for row locks taken now and the list that
// records them: the block's, or the statement's own (released when the
// statement ends).
func (x *execution) lockOwner() (uint64, *[]string) {
	if tx := x.sess.tx.w; tx != nil {
		return tx.id, &tx.locks
	}
	if x.parent != nil {
		return x.parent.lockOwner()
	}
	if x.lockID == 0 {
		x.lockID = x.sess.eng.rowLocks.newOwner()
	}
	return x.lockID, &x.locks
}

// releaseStatementLocks drops the locks an autocommit statement took.
func (x *execution) releaseStatementLocks() {
	if len(x.locks) > 0 {
		x.sess.eng.rowLocks.unlockAll(x.locks, x.lockID)
		x.locks = nil
	}
}

// beginBlock starts a transaction block. Its isolation level and access
// mode are the transaction_isolation / transaction_read_only settings,
// which BEGIN's options and SET TRANSACTION change (session_settings.go).
func (s *Session) beginBlock(n *ast.Transaction) {
	s.tx = txState{open: true, w: &txn{id: s.eng.rowLocks.newOwner()}}
}

// snapshotIsolated reports whether the block reads one snapshot for all
// its statements (REPEATABLE READ and SERIALIZABLE, run as snapshot
// isolation with first-committer-wins).
func (s *Session) snapshotIsolated() bool {
	level, _ := s.settings.get("transaction_isolation")
	return s.tx.w != nil && (level == repeatableRead || level == serializable)
}

// endBlock releases everything the block held.
func (s *Session) endBlock() {
	if tx := s.tx.w; tx != nil {
		if tx.snap != nil {
			tx.snap.Close()
			tx.snap = nil
		}
		s.eng.rowLocks.unlockAll(tx.locks, tx.id)
	}
	s.tx = txState{}
}

// transaction runs BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE and
// ROLLBACK TO.
func (s *Session) transaction(x *execution, n *ast.Transaction) (string, error) {
	if s.tx.implicit && (n.Kind == "commit" || n.Kind == "rollback") {
		// COMMIT/ROLLBACK inside an implicit block end it, settings included.
		defer func(failed bool) {
			s.settings.endTx(s.eng.catalog.Current(), n.Kind == "commit" && !failed)
		}(s.tx.failed)
	}
	switch n.Kind {
	case "begin":
		if s.tx.implicit { // BEGIN turns the implicit block into an explicit one
			s.tx.implicit = false
			return "BEGIN", nil
		}
		if s.tx.open {
			return "BEGIN", nil // transactionStmt warned
		}
		s.beginBlock(n)
		return "BEGIN", nil
	case "commit":
		if !s.tx.open {
			return "COMMIT", nil
		}
		failed := s.tx.failed
		if err := s.endTransactionCursors(x.ctx, !failed); err != nil { // cursor.go
			s.endBlock()
			return "", err
		}
		tx := s.tx.w
		if failed {
			s.endBlock()
			return "ROLLBACK", nil
		}
		if tx.snap != nil { // the read view must be gone before committing
			tx.snap.Close()
			tx.snap = nil
		}
		err := commitTxn(x, tx)
		s.endBlock()
		return "COMMIT", err
	case "rollback":
		if !s.tx.open {
			return "ROLLBACK", nil
		}
		_ = s.endTransactionCursors(x.ctx, false) // cursor.go; a rollback cannot fail
		s.endBlock()
		return "ROLLBACK", nil
	case "savepoint":
		if !s.tx.open {
			return "", pgerr.New(pgerr.NoActiveSQLTransaction, "SAVEPOINT can only be used in transaction blocks")
		}
		tx := s.tx.w
		tx.savepoints = append(tx.savepoints, savepoint{name: n.Savepoint, ops: len(tx.ops)})
		return "SAVEPOINT", nil
	case "release":
		i, err := s.findSavepoint(n.Savepoint, "RELEASE SAVEPOINT")
		if err != nil {
			return "", err
		}
		s.tx.w.savepoints = s.tx.w.savepoints[:i]
		return "RELEASE", nil
	case "rollback to":
		i, err := s.findSavepoint(n.Savepoint, "ROLLBACK TO SAVEPOINT")
		if err != nil {
			return "", err
		}
		tx := s.tx.w
		tx.rollbackTo(tx.savepoints[i].ops)
		tx.savepoints = tx.savepoints[:i+1]
		s.tx.failed = false
		return "ROLLBACK", nil
	}
	return "", pgerr.New(pgerr.FeatureNotSupported, "transaction statement %q is not supported", n.Kind)
}

func (s *Session) findSavepoint(name, stmt string) (int, error) {
	if !s.tx.open {
		return 0, pgerr.New(pgerr.NoActiveSQLTransaction, "%s can only be used in transaction blocks", stmt)
	}
	sps := s.tx.w.savepoints
	for i := len(sps) - 1; i >= 0; i-- {
		if sps[i].name == name {
			return i, nil
		}
	}
	return 0, pgerr.New("3B001", "savepoint %q does not exist", name)
}

// commitTxn applies a transaction's buffered writes in one commit.
func commitTxn(x *execution, tx *txn) error {
	if len(tx.ops) == 0 {
		return nil
	}
	_, err := x.sess.eng.store.Commit(x.ctx, &tx.batch)
	err = storageError(err)
	var conflict *storage.ConflictError
	if errors.As(err, &conflict) {
		if op := tx.ops[conflict.Op]; op.insert && conflict.Exists {
			return duplicateKeyError(op.table, op.vals)
		}
		return errSerialization
	}
	return err
}

// checkWritable refuses writes in a READ ONLY block (25006).
func (x *execution) checkWritable(what string) error {
	if ro, _ := x.sess.settings.get("transaction_read_only"); ro == "on" {
		return pgerr.New("25006", "cannot execute %s in a read-only transaction", what)
	}
	return nil
}

// beginImplicit opens an implicit block unless one (or an explicit one) is open.
func (s *Session) beginImplicit() {
	if !s.tx.open {
		s.tx = txState{open: true, implicit: true, w: &txn{id: s.eng.rowLocks.newOwner()}}
		s.settings.beginTx() // a failed block undoes its SETs too
	}
}

// endImplicit commits an implicit block, or drops it if it failed.
func (s *Session) endImplicit(ctx context.Context) error {
	if !s.tx.implicit {
		return nil
	}
	tx, failed := s.tx.w, s.tx.failed
	if failed {
		s.endBlock()
		s.settings.endTx(s.eng.catalog.Current(), false)
		return nil
	}
	if tx.snap != nil {
		tx.snap.Close()
		tx.snap = nil
	}
	err := commitTxn(&execution{ctx: ctx, sess: s}, tx)
	s.endBlock()
	s.settings.endTx(s.eng.catalog.Current(), err == nil)
	return err
}

// storageError turns a storage error a client can cause by racing DDL
// into SQL: a table dropped, truncated or rewritten (ALTER TABLE) while a
// statement used it is a serialization failure the client may retry.
// (There are no table locks yet to make the statement wait instead.)
func storageError(err error) error {
	if errors.Is(err, storage.ErrTableNotFound) {
		return pgerr.New("40001", "could not serialize access: the table was dropped or rewritten concurrently")
	}
	return err
}
