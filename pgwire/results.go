package pgwire

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Format codes of the protocol.
const (
	formatText   int16 = 0
	formatBinary int16 = 1
)

// formatOf applies the protocol's 0/1/N rule to a list of format codes: no
// code means text for all, one code applies to all, otherwise one per item.
// Callers have checked that N codes match N items.
func formatOf(codes []int16, i int) int16 {
	switch len(codes) {
	case 0:
		return formatText
	case 1:
		return codes[0]
	}
	return codes[i]
}

// maxKeptRowBuffer is the largest row buffer kept between rows; one huge
// value must not pin its memory for the rest of the connection.
const maxKeptRowBuffer = 1 << 20

// resultWriter is the exec.ResultWriter of a connection. It encodes rows
// straight into reused buffers: a row costs no allocation once the buffers
// have grown to the widest row seen.
//
// Invariant: cols and formats describe the statement currently writing
// rows; reset sets them before every SimpleQuery statement (via Columns) and
// every Execute.
type resultWriter struct {
	c       *Conn
	cols    []exec.Column
	formats []int16           // result format codes under the 0/1/N rule
	text    *types.TextFormat // the session's output settings (TimeZone …) for text values

	buf  []byte   // encoded values of the current row, back to back
	ends []int    // end offset of each value in buf; -1 for NULL
	vals [][]byte // slices of buf handed to pgproto3.DataRow

	rowDesc pgproto3.RowDescription
	names   []byte // column names of rowDesc, back to back
	dataRow pgproto3.DataRow
	done    pgproto3.CommandComplete
	tag     []byte
	params  pgproto3.ParameterDescription
}

// reset prepares the writer for a statement's rows. The session's text
// format is fetched here, per statement, since a SET earlier in the same
// query string may have changed it.
func (w *resultWriter) reset(cols []exec.Column, formats []int16) {
	w.cols = cols
	w.formats = formats
	w.text = nil // the defaults, before a session exists
	if w.c.session != nil {
		w.text = w.c.session.TextFormat()
	}
}

// Columns implements exec.ResultWriter: SimpleQuery results are text.
func (w *resultWriter) Columns(cols []exec.Column) error {
	w.reset(cols, nil)
	w.sendRowDescription(cols, nil)
	return w.c.writeErr
}

// Row implements exec.ResultWriter.
func (w *resultWriter) Row(row []types.Value) error {
	if w.buf == nil {
		// Non-nil even when empty, so that an empty value is sent as a
		// zero-length value and not as NULL.
		w.buf = make([]byte, 0, 512)
	}
	w.buf = w.buf[:0]
	w.ends = w.ends[:0]
	for i, v := range row {
		if v.IsNull() {
			w.ends = append(w.ends, -1)
			continue
		}
		t := w.columnType(i, v)
		if formatOf(w.formats, i) == formatBinary {
			w.buf = types.AppendBinary(w.buf, v, t)
		} else {
			w.buf = types.AppendTextFormat(w.buf, v, t, w.text)
		}
		w.ends = append(w.ends, len(w.buf))
	}
	w.vals = w.vals[:0]
	start := 0
	for _, end := range w.ends {
		if end < 0 {
			w.vals = append(w.vals, nil)
			continue
		}
		w.vals = append(w.vals, w.buf[start:end:end])
		start = end
	}
	w.dataRow.Values = w.vals
	w.c.send(&w.dataRow, 7+4*len(row)+len(w.buf))
	if cap(w.buf) > maxKeptRowBuffer {
		w.buf = nil
	}
	return w.c.writeErr
}

// columnType is the type a value is encoded as: its column's (with the
// typmod that pads char(n) or scales numeric), or the value's own kind if
// exec sent more values than columns.
func (w *resultWriter) columnType(i int, v types.Value) types.Type {
	if i < len(w.cols) {
		return w.cols[i].Type
	}
	return types.Type{Kind: v.K, Mod: -1}
}

// Complete implements exec.ResultWriter.
func (w *resultWriter) Complete(tag string) error {
	w.tag = append(w.tag[:0], tag...)
	w.done.CommandTag = w.tag
	w.c.send(&w.done, 6+len(tag))
	return w.c.writeErr
}

// EmptyQuery implements exec.ResultWriter.
func (w *resultWriter) EmptyQuery() error {
	w.c.send(&pgproto3.EmptyQueryResponse{}, 5)
	return w.c.writeErr
}

// ParameterStatus implements exec.ResultWriter: a reported run-time
// parameter changed (after SET application_name, TimeZone …). exec calls
// it just before ReadyForQuery, where PostgreSQL sends it; drivers update
// their view of the session from it.
func (w *resultWriter) ParameterStatus(name, value string) error {
	w.c.send(&pgproto3.ParameterStatus{Name: name, Value: value}, 7+len(name)+len(value))
	return w.c.writeErr
}

// Notice implements exec.ResultWriter: a NoticeResponse (a WARNING such as
// "there is no transaction in progress", or a NOTICE) sent while the
// statement runs. exec has already applied client_min_messages.
func (w *resultWriter) Notice(n *pgerr.Error) error {
	msg, size := errorResponse(n, severityNotice)
	notice := pgproto3.NoticeResponse(msg)
	w.c.send(&notice, size)
	return w.c.writeErr
}

// sendRowDescription describes cols with the given result format codes.
func (w *resultWriter) sendRowDescription(cols []exec.Column, formats []int16) {
	w.names = w.names[:0]
	fields := w.rowDesc.Fields[:0]
	size := 7
	for i, col := range cols {
		w.names = append(w.names, col.Name...)
		fields = append(fields, pgproto3.FieldDescription{
			TableOID:             col.TableOID,
			TableAttributeNumber: uint16(col.AttNum),
			DataTypeOID:          col.Type.OID(),
			DataTypeSize:         col.Type.Size(),
			TypeModifier:         col.Type.Mod,
			Format:               formatOf(formats, i),
		})
		size += 19 + len(col.Name)
	}
	// Names are sliced only now: appending may have moved the buffer.
	start := 0
	for i, col := range cols {
		end := start + len(col.Name)
		fields[i].Name = w.names[start:end:end]
		start = end
	}
	w.rowDesc.Fields = fields
	w.c.send(&w.rowDesc, size)
}

// sendParameterDescription describes a statement's parameters.
func (w *resultWriter) sendParameterDescription(params []types.Type) {
	oids := w.params.ParameterOIDs[:0]
	for _, t := range params {
		oids = append(oids, t.OID())
	}
	w.params.ParameterOIDs = oids
	w.c.send(&w.params, 7+4*len(oids))
}
