package exec

import (
	"context"

	"github.com/kalamdb/kalamdb/types"
)

// pull passes up to max rows of the portal's run to emit (max <= 0: all
// that remain), starting the paused run on first use. Protocol portals
// (Execute) and SQL cursors (FETCH, MOVE) both read through it.
//
// done reports that the run ended: its command tag is then in p.tag, or
// err is the error that ended it. An error returned by emit comes back as
// err with done false, and the run stays paused where it was. A nil emit
// discards the rows (MOVE).
func (p *Portal) pull(ctx context.Context, s *Session, max int64, emit func([]types.Value) error) (n int64, done bool, err error) {
	if p.next == nil {
		p.start(ctx, s)
	}
	for ; max <= 0 || n < max; n++ {
		row, err, ok := p.next()
		if !ok {
			p.finish()
			return n, true, nil
		}
		if err != nil {
			p.finish()
			return n, true, err
		}
		if emit != nil {
			if err := emit(row); err != nil {
				return n, false, err
			}
		}
	}
	return n, false, nil
}
