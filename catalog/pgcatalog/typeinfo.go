package pgcatalog

import (
	"sync"

	"github.com/kalamdb/kalamdb/types"
)

// typeInfo is what pg_attribute, pg_index and information_schema copy from
// a column type's pg_type row.
type typeInfo struct {
	name      string // typname: "int4", "varchar" (information_schema udt_name)
	len       int64  // typlen
	byVal     bool
	align     byte
	storage   byte
	collation uint32 // typcollation: 100 (default) for collatable types
	category  byte   // typcategory: 'A' array, 'S' string, 'N' numeric …
	btreeOpc  uint32 // default btree operator class (pg_index.indclass), 0 if none
}

// typeInfos indexes the generated pg_type rows by OID, with the default
// btree operator class of each type from pg_opclass.
var typeInfos = sync.OnceValue(func() map[uint32]*typeInfo {
	m := map[uint32]*typeInfo{}
	typ := mustLookup("pg_catalog", "pg_type")
	rows, err := staticRows(typ)
	if err != nil {
		panic(err)
	}
	c := func(name string) int { return typ.ColumnIndex(name) }
	oid, name, tlen, byVal, align, storage, coll, cat := c("oid"), c("typname"), c("typlen"),
		c("typbyval"), c("typalign"), c("typstorage"), c("typcollation"), c("typcategory")
	for _, r := range rows {
		m[uint32(r[oid].I)] = &typeInfo{
			name: r[name].S, len: r[tlen].I, byVal: r[byVal].Bool(), align: byte(r[align].I),
			storage: byte(r[storage].I), collation: uint32(r[coll].I), category: byte(r[cat].I),
		}
	}
	opc := mustLookup("pg_catalog", "pg_opclass")
	rows, err = staticRows(opc)
	if err != nil {
		panic(err)
	}
	c = func(name string) int { return opc.ColumnIndex(name) }
	oid, method, def, in := c("oid"), c("opcmethod"), c("opcdefault"), c("opcintype")
	for _, r := range rows {
		if r[method].I == btreeAM && r[def].Bool() {
			if ti := m[uint32(r[in].I)]; ti != nil {
				ti.btreeOpc = uint32(r[oid].I)
			}
		}
	}
	return m
})

// Access methods (pg_am OIDs).
const (
	heapAM  = 2
	btreeAM = 403
)

// typeInfoOf describes t. varchar has no btree class of its own and, as in
// PostgreSQL, indexes with text_ops.
func typeInfoOf(t types.Type) typeInfo {
	ti, ok := typeInfos()[t.OID()]
	if !ok {
		return typeInfo{name: "text", len: -1, align: 'i', storage: 'x', collation: defaultCollation}
	}
	out := *ti
	if out.btreeOpc == 0 && t.Kind == types.KindVarchar {
		out.btreeOpc = typeInfos()[types.OIDText].btreeOpc
	}
	return out
}

// defaultCollation is pg_collation's "default" (OID 100).
const defaultCollation = 100
