package pgcatalog

import (
	"sync"

	"github.com/kalamdb/kalamdb/types"
)

// regIndex indexes the generated pg_proc, pg_type and pg_operator rows for
// the reg* types' input and output functions.
type regIndex struct {
	procs       map[uint32]procEntry
	procsByName map[string][]uint32
	types       map[uint32]typeEntry
	typeByName  map[string]uint32 // typname and format_type name → oid
	opers       map[uint32]operEntry
	opersByName map[string][]uint32
}

type procEntry struct {
	name   string
	args   []uint32
	ret    uint32 // prorettype
	retset bool   // proretset
}

type typeEntry struct {
	name     string // typname
	elem     uint32 // typelem of an array type, else 0
	array    uint32 // typarray
	category byte
}

type operEntry struct {
	name        string
	left, right uint32
}

var regIndexOnce = sync.OnceValue(func() *regIndex {
	x := &regIndex{
		procs: map[uint32]procEntry{}, procsByName: map[string][]uint32{},
		types: map[uint32]typeEntry{}, typeByName: map[string]uint32{},
		opers: map[uint32]operEntry{}, opersByName: map[string][]uint32{},
	}
	scan("pg_proc", []string{"oid", "proname", "proargtypes", "prorettype", "proretset"}, func(v []types.Value) {
		var args []uint32
		if elems, err := types.ArrayElems(v[2]); err == nil {
			for _, e := range elems {
				args = append(args, uint32(e.I))
			}
		}
		oid := uint32(v[0].I)
		x.procs[oid] = procEntry{name: v[1].S, args: args, ret: uint32(v[3].I), retset: v[4].Bool()}
		x.procsByName[v[1].S] = append(x.procsByName[v[1].S], oid)
	})
	scan("pg_type", []string{"oid", "typname", "typelem", "typarray", "typcategory"}, func(v []types.Value) {
		e := typeEntry{name: v[1].S, array: uint32(v[3].I), category: byte(v[4].I)}
		if e.category == 'A' {
			e.elem = uint32(v[2].I)
		}
		x.types[uint32(v[0].I)] = e
	})
	for oid, e := range x.types {
		x.typeByName[e.name] = oid
	}
	for oid := range x.types {
		if _, taken := x.typeByName[x.formatType(oid)]; !taken {
			x.typeByName[x.formatType(oid)] = oid
		}
	}
	scan("pg_operator", []string{"oid", "oprname", "oprleft", "oprright"}, func(v []types.Value) {
		oid := uint32(v[0].I)
		x.opers[oid] = operEntry{name: v[1].S, left: uint32(v[2].I), right: uint32(v[3].I)}
		x.opersByName[v[1].S] = append(x.opersByName[v[1].S], oid)
	})
	return x
})

// scan calls fn with the named columns of each generated row of a
// pg_catalog relation.
func scan(rel string, cols []string, fn func([]types.Value)) {
	r := mustLookup("pg_catalog", rel)
	rows, err := staticRows(r)
	if err != nil {
		panic(err)
	}
	pos := make([]int, len(cols))
	for i, c := range cols {
		pos[i] = r.ColumnIndex(c)
	}
	v := make([]types.Value, len(cols))
	for _, row := range rows {
		for i, p := range pos {
			v[i] = row[p]
		}
		fn(v)
	}
}

// formatTypeNames are the built-in types whose format_type name is not
// their typname and that the types package does not represent.
var formatTypeNames = map[uint32]string{
	1186: "interval", 1266: "time with time zone", 1560: "bit", 1562: "bit varying",
}

// formatType is format_type(oid, NULL) for a built-in type ("" if unknown).
func (x *regIndex) formatType(oid uint32) string {
	if t, ok := types.TypeForOID(oid); ok && t.Kind != types.KindUnknown {
		return t.Name()
	}
	if n, ok := formatTypeNames[oid]; ok {
		return n
	}
	e, ok := x.types[oid]
	if !ok {
		return ""
	}
	if e.elem != 0 {
		return x.formatType(e.elem) + "[]"
	}
	return QuoteIdent(e.name)
}
