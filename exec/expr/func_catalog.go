package expr

import (
	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/kalamdb/kalamdb/types"
)

// Catalog-flavoured functions that need no catalog: type names, role and
// encoding names, size formatting, the search path and server facts that
// clients (psql, pgjdbc, BI tools) query.

// BootstrapRoleOID is the oid of the bootstrap superuser, root.
const BootstrapRoleOID = 10

// BootstrapRole is the name of the bootstrap superuser.
const BootstrapRole = "root"

// serverStart is pg_postmaster_start_time(): when this process started.
var serverStart = time.Now()

// lastXact backs txid_current(): an increasing transaction id.
var lastXact atomic.Int64

func init() {
	lastXact.Store(1000)
	register("format_type", overload{args: sig(types.KindOID, kInt4), ret: types.Text, impl: fnN(formatType)})
	register("pg_get_userbyid", overload{args: sig(types.KindOID), ret: types.Name,
		impl: fn1(func(a types.Value) (types.Value, error) {
			if a.I == BootstrapRoleOID {
				return types.NewName(BootstrapRole), nil
			}
			return types.NewName("unknown (OID=" + strconv.FormatInt(a.I, 10) + ")"), nil
		})})
	register("pg_encoding_to_char", overload{args: sig(kInt4), ret: types.Name,
		impl: fn1(func(a types.Value) (types.Value, error) {
			switch a.I {
			case 0:
				return types.NewName("SQL_ASCII"), nil
			case 6:
				return types.NewName("UTF8"), nil
			}
			return types.NewName(""), nil
		})})
	register("pg_char_to_encoding", overload{args: sig(types.KindName), ret: types.Int4,
		impl: fn1(func(a types.Value) (types.Value, error) {
			switch strings.ToUpper(a.S) {
			case "UTF8", "UTF-8", "UNICODE":
				return types.NewInt4(6), nil
			case "SQL_ASCII":
				return types.NewInt4(0), nil
			}
			return types.NewInt4(-1), nil
		})})
	register("pg_size_pretty",
		overload{args: sig(types.KindInt8), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
			return text(sizePretty(big.NewInt(a.I), "")), nil
		})},
		overload{args: sig(types.KindNumeric), ret: types.Text, impl: fn1(sizePrettyNumeric)})
	register("current_schemas", overload{args: sig(types.KindBool), ret: types.ArrayOf(types.Name), volatile: true,
		impl: fnN(currentSchemas)})
	register("pg_postmaster_start_time", nullary(types.Timestamptz, true, func(*Env) (types.Value, error) {
		return types.NewTimestamptz(serverStart.UnixMicro()), nil
	}))
	xact := func(*Env) (types.Value, error) { return types.NewInt8(lastXact.Add(1)), nil }
	register("txid_current", nullary(types.Int8, true, xact))
	register("pg_current_xact_id", nullary(types.Int8, true, xact))
	for _, name := range []string{"inet_client_addr", "inet_server_addr"} {
		register(name, nullary(types.Text, true, func(*Env) (types.Value, error) { return types.NullValue, nil }))
	}
	for _, name := range []string{"inet_client_port", "inet_server_port"} {
		register(name, nullary(types.Int4, true, func(*Env) (types.Value, error) { return types.NullValue, nil }))
	}
	register("pg_is_in_recovery", nullary(types.Bool, false, func(*Env) (types.Value, error) {
		return types.NewBool(false), nil
	}))
}

// formatType is format_type(oid, typmod): the SQL name of a type with its
// modifier, NULL for a NULL oid, "???" for an unknown one. It is not
// strict in the typmod: NULL means none.
func formatType(_ *Env, args []types.Value) (types.Value, error) {
	oid, mod := args[0], args[1]
	if oid.K == types.KindNull {
		return types.NullValue, nil
	}
	return text(FormatType(uint32(oid.I), typmodOf(mod))), nil
}

func typmodOf(v types.Value) int32 {
	if v.K == types.KindNull || v.I < 0 {
		return -1
	}
	return int32(v.I)
}

// FormatType is format_type's text for oid and typmod (-1 for none).
func FormatType(oid uint32, typmod int32) string {
	switch oid {
	case 0:
		return "-"
	case types.OIDUnknown:
		return "unknown"
	}
	t, ok := types.TypeForOID(oid)
	if !ok {
		// A built-in type we do not represent (interval, point …).
		if name := pgcatalog.FormatType(oid); name != "" {
			return name
		}
		return "???"
	}
	t.Mod = typmod
	// Without a length, PostgreSQL prints char(n) under its internal name.
	if t.Mod < 0 && t.ElemType().Kind == types.KindBpchar {
		if t.Kind == types.KindArray {
			return "bpchar[]"
		}
		return "bpchar"
	}
	if t.Mod < 0 && t.Kind == types.KindBpchar {
		return "bpchar"
	}
	return t.Name()
}

// sizePrettyUnits are pg_size_pretty's units: each is used below its
// limit; all but bytes are half-rounded.
var sizePrettyUnits = []struct {
	name  string
	limit int64
	round bool
	bits  uint
}{
	{"bytes", 10 * 1024, false, 0},
	{"kB", 20*1024 - 1, true, 10},
	{"MB", 20*1024 - 1, true, 20},
	{"GB", 20*1024 - 1, true, 30},
	{"TB", 20*1024 - 1, true, 40},
	{"PB", 20*1024 - 1, true, 50},
}

// sizePretty formats a byte count as PostgreSQL 15's pg_size_pretty does,
// dividing by truncation and half-rounding the final unit. bytesText, if
// set, is printed instead of the number in the bytes unit (numeric input
// keeps its fraction there).
func sizePretty(size *big.Int, bytesText string) string {
	units := sizePrettyUnits
	for i, u := range units {
		last := i == len(units)-1
		if last || new(big.Int).Abs(size).Cmp(big.NewInt(u.limit)) < 0 {
			if u.round {
				// half_rounded: (x + sign(x)) / 2, truncating.
				size.Add(size, big.NewInt(int64(size.Sign()|1)))
				size.Quo(size, big.NewInt(2))
			} else if bytesText != "" {
				return bytesText + " " + u.name
			}
			return size.String() + " " + u.name
		}
		next := units[i+1]
		bits := next.bits - u.bits
		if next.round {
			bits--
		}
		if u.round {
			bits++
		}
		size.Quo(size, new(big.Int).Lsh(big.NewInt(1), bits))
	}
	return ""
}

func sizePrettyNumeric(a types.Value) (types.Value, error) {
	d, _, err := apd.NewFromString(a.S)
	if err != nil || d.Form != apd.Finite {
		return text(a.S + " bytes"), nil
	}
	// Truncate toward zero, as numeric division in pg_size_pretty does.
	var whole apd.Decimal
	ctx := apd.BaseContext
	ctx.Rounding = apd.RoundDown
	if _, err := ctx.RoundToIntegralValue(&whole, d); err != nil {
		return types.NullValue, err
	}
	n, _ := new(big.Int).SetString(whole.Text('f'), 10)
	return text(sizePretty(n, a.S)), nil
}

// currentSchemas is current_schemas(include_implicit): the effective
// search path, with pg_catalog first when implicit schemas are included
// and the path does not name it.
func currentSchemas(env *Env, args []types.Value) (types.Value, error) {
	if args[0].K == types.KindNull {
		return types.NullValue, nil
	}
	path := env.SearchPath
	if path == nil && env.Schema != "" {
		path = []string{env.Schema}
	}
	vals := make([]types.Value, 0, len(path)+1)
	if args[0].I != 0 && !slices.Contains(path, "pg_catalog") {
		vals = append(vals, types.NewName("pg_catalog"))
	}
	for _, s := range path {
		vals = append(vals, types.NewName(s))
	}
	return types.NewArray(types.Name, vals), nil
}
