package catalog

import "github.com/kalamdb/kalamdb/types"

// Partitioned reports whether t keeps a partition per user: USER and
// STREAM tables do, SHARED tables do not.
func (t *Table) Partitioned() bool { return t.Kind == KindUser || t.Kind == KindStream }

// AppendPartition appends to buf the key prefix of userID's partition of a
// USER or STREAM table: the order-preserving, self-delimiting encoding of
// the user id, so each user's rows are one contiguous key range and no
// user's prefix is a prefix of another's. exec writes rows under it and
// jobs purges a dropped user's rows by it; both must use this function.
func AppendPartition(buf []byte, userID string) []byte {
	return types.AppendKey(buf, types.NewText(userID))
}
