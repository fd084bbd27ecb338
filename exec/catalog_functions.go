package exec

import (
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// The catalog and settings functions clients call behind your back (psql
// \d, pgjdbc DatabaseMetaData, BI tools). They need the session, which
// reaches them as env.Host (*execution).

// ResolveRegName and RegName let casts such as 'pg_class'::regclass find
// names through the session's catalog (types.NameResolver).
func (x *execution) ResolveRegName(k types.Kind, name string) (uint32, string, error) {
	return pgcatalog.Resolver(x.systemContext()).ResolveRegName(k, name)
}

func (x *execution) RegName(k types.Kind, oid uint32) (string, bool) {
	return pgcatalog.Resolver(x.systemContext()).RegName(k, oid)
}

func hostOf(env *expr.Env) *execution { return env.Host.(*execution) }

const anyKind = expr.AnyKind

func init() {
	text := func(s string) types.Value { return types.NewText(s) }
	boolean := types.NewBool
	reg := func(name string, args []types.Kind, ret types.Type, impl func(x *execution, args []types.Value) (types.Value, error)) {
		expr.Register(name, expr.Func{Args: args, Ret: ret, Strict: true, Volatile: true,
			Impl: func(env *expr.Env, a []types.Value) (types.Value, error) { return impl(hostOf(env), a) }})
	}
	always := func(v types.Value) func(*execution, []types.Value) (types.Value, error) {
		return func(*execution, []types.Value) (types.Value, error) { return v, nil }
	}
	k := func(kinds ...types.Kind) []types.Kind { return kinds }
	oidArg := types.KindOID

	// pg_get_expr(adbin, relid [, pretty]): our adbin already holds SQL text.
	getExpr := func(_ *execution, a []types.Value) (types.Value, error) { return text(a[0].S), nil }
	reg("pg_get_expr", k(anyKind, oidArg), types.Text, getExpr)
	reg("pg_get_expr", k(anyKind, oidArg, types.KindBool), types.Text, getExpr)

	reg("pg_table_is_visible", k(oidArg), types.Bool, func(x *execution, a []types.Value) (types.Value, error) {
		return boolean(x.tableVisible(uint32(a[0].I))), nil
	})
	for _, name := range []string{"pg_type_is_visible", "pg_function_is_visible", "pg_operator_is_visible",
		"pg_opclass_is_visible", "pg_opfamily_is_visible", "pg_collation_is_visible", "pg_conversion_is_visible",
		"pg_statistics_obj_is_visible", "pg_ts_parser_is_visible", "pg_ts_dict_is_visible",
		"pg_ts_template_is_visible", "pg_ts_config_is_visible"} {
		reg(name, k(oidArg), types.Bool, always(boolean(true))) // every such object is built into pg_catalog
	}

	indexDef := func(x *execution, a []types.Value) (types.Value, error) {
		t, ok := x.tableOfIndex(uint32(a[0].I))
		if !ok {
			return types.NullValue, nil
		}
		if len(a) > 1 && a[1].I > 0 {
			col := int(a[1].I) - 1
			if col >= len(t.PrimaryKey) {
				return text(""), nil
			}
			return text(pgcatalog.QuoteIdent(t.Columns[t.PrimaryKey[col]].Name)), nil
		}
		return text(pgcatalog.IndexDef(t)), nil
	}
	reg("pg_get_indexdef", k(oidArg), types.Text, indexDef)
	reg("pg_get_indexdef", k(oidArg, types.KindInt4, types.KindBool), types.Text, indexDef)

	constraintDef := func(x *execution, a []types.Value) (types.Value, error) {
		t, ok := x.tableOfIndex(uint32(a[0].I))
		if !ok {
			return types.NullValue, nil
		}
		names := make([]string, len(t.PrimaryKey))
		for i, c := range t.PrimaryKey {
			names[i] = pgcatalog.QuoteIdent(t.Columns[c].Name)
		}
		return text("PRIMARY KEY (" + strings.Join(names, ", ") + ")"), nil
	}
	reg("pg_get_constraintdef", k(oidArg), types.Text, constraintDef)
	reg("pg_get_constraintdef", k(oidArg, types.KindBool), types.Text, constraintDef)

	null := always(types.NullValue)
	reg("obj_description", k(oidArg), types.Text, null)
	reg("obj_description", k(oidArg, types.KindName), types.Text, null)
	reg("col_description", k(oidArg, types.KindInt4), types.Text, null)
	reg("shobj_description", k(oidArg, types.KindName), types.Text, null)
	for _, name := range []string{"pg_get_triggerdef", "pg_get_viewdef", "pg_get_statisticsobjdef_columns",
		"pg_get_ruledef", "pg_get_partkeydef", "pg_get_function_sqlbody"} {
		reg(name, k(anyKind), types.Text, null)
		reg(name, k(anyKind, anyKind), types.Text, null)
	}
	procText := func(f func(uint32) (string, bool)) func(*execution, []types.Value) (types.Value, error) {
		return func(_ *execution, a []types.Value) (types.Value, error) {
			if s, ok := f(uint32(a[0].I)); ok {
				return text(s), nil
			}
			return types.NullValue, nil
		}
	}
	reg("pg_get_function_result", k(oidArg), types.Text, procText(pgcatalog.FunctionResult))
	reg("pg_get_function_arguments", k(oidArg), types.Text, procText(pgcatalog.FunctionArguments))
	reg("pg_get_function_identity_arguments", k(oidArg), types.Text, procText(pgcatalog.FunctionArguments))
	reg("pg_tablespace_location", k(oidArg), types.Text, always(text("")))
	reg("pg_relation_is_publishable", k(anyKind), types.Bool, func(x *execution, a []types.Value) (types.Value, error) {
		_, ok := x.catalog().TableByOID(uint32(a[0].I))
		return boolean(ok), nil
	})
	reg("pg_is_other_temp_schema", k(oidArg), types.Bool, always(boolean(false)))
	reg("pg_my_temp_schema", nil, types.OID, always(types.Value{K: types.KindOID}))

	// Everyone may do everything: privileges come with users and roles.
	for _, name := range []string{"has_table_privilege", "has_schema_privilege", "has_database_privilege",
		"has_column_privilege", "has_any_column_privilege", "has_function_privilege", "has_sequence_privilege",
		"has_tablespace_privilege", "has_type_privilege", "has_foreign_data_wrapper_privilege",
		"has_server_privilege", "has_language_privilege", "pg_has_role"} {
		reg(name, k(anyKind, anyKind), types.Bool, always(boolean(true)))
		reg(name, k(anyKind, anyKind, anyKind), types.Bool, always(boolean(true)))
		reg(name, k(anyKind, anyKind, anyKind, anyKind), types.Bool, always(boolean(true)))
	}

	// Sizes are not tracked per table yet: report 0 bytes.
	zero := always(types.NewInt8(0))
	for _, name := range []string{"pg_table_size", "pg_relation_size", "pg_total_relation_size", "pg_indexes_size"} {
		reg(name, k(anyKind), types.Int8, zero)
	}
	reg("pg_database_size", k(anyKind), types.Int8, zero)

	reg("current_setting", k(types.KindText), types.Text, func(x *execution, a []types.Value) (types.Value, error) {
		return x.currentSetting(a[0].S, false)
	})
	reg("current_setting", k(types.KindText, types.KindBool), types.Text, func(x *execution, a []types.Value) (types.Value, error) {
		return x.currentSetting(a[0].S, a[1].Bool())
	})
	expr.Register("set_config", expr.Func{Args: k(types.KindText, types.KindText, types.KindBool), Ret: types.Text, Volatile: true,
		Impl: func(env *expr.Env, a []types.Value) (types.Value, error) {
			x := hostOf(env)
			if a[0].IsNull() {
				return types.NullValue, pgerr.New(pgerr.NullValueNotAllowed, "SET requires parameter name")
			}
			name := strings.ToLower(a[0].S)
			// is_local outside a block lasts for the statement only: the
			// value is returned but not kept.
			v, err := x.sess.settings.change(x.catalog(), name, []string{a[1].S}, a[1].IsNull(), a[2].Bool())
			if err != nil {
				return types.NullValue, err
			}
			return text(v), nil
		}})

	for name, kind := range map[string]types.Kind{"to_regclass": types.KindRegclass, "to_regtype": types.KindRegtype,
		"to_regproc": types.KindRegproc, "to_regnamespace": types.KindRegnamespace, "to_regrole": types.KindRegrole,
		"to_regprocedure": types.KindRegprocedure, "to_regoper": types.KindRegoper} {
		kind := kind
		reg(name, k(types.KindText), types.Type{Kind: kind, Mod: -1}, func(x *execution, a []types.Value) (types.Value, error) {
			oid, canonical, err := x.ResolveRegName(kind, a[0].S)
			if err != nil {
				return types.NullValue, nil
			}
			return types.NewReg(kind, oid, canonical), nil
		})
	}

	setFunctions["pg_get_keywords"] = &setFunction{
		columns: func(args []types.Type) ([]expr.Column, error) {
			if len(args) != 0 {
				return nil, pgerr.New(pgerr.UndefinedFunction, "function pg_get_keywords(%s) does not exist", typeList(args))
			}
			cols := make([]expr.Column, len(pgcatalog.KeywordColumns))
			for i, c := range pgcatalog.KeywordColumns {
				cols[i] = expr.Column{Name: c.Name, Type: c.Type}
			}
			return cols, nil
		},
		rows: func(x *execution, _ []types.Value, emit func([]types.Value) (bool, error)) error {
			for _, row := range pgcatalog.Keywords() {
				if more, err := emit(row); !more || err != nil {
					return err
				}
			}
			return nil
		},
	}
	// A table that is not partitioned is its own only ancestor.
	setFunctions["pg_partition_ancestors"] = &setFunction{
		columns: func(args []types.Type) ([]expr.Column, error) {
			return []expr.Column{{Name: "relid", Type: types.Type{Kind: types.KindRegclass, Mod: -1}}}, nil
		},
		rows: func(x *execution, args []types.Value, emit func([]types.Value) (bool, error)) error {
			if args[0].IsNull() {
				return nil
			}
			_, err := emit([]types.Value{types.NewReg(types.KindRegclass, uint32(args[0].I), args[0].S)})
			return err
		},
	}
}

// tableVisible is pg_table_is_visible: the relation is the one its bare
// name finds through pg_catalog and the search path.
func (x *execution) tableVisible(oid uint32) bool {
	if _, ok := pgcatalog.ByOID(oid); ok {
		return true
	}
	cat := x.catalog()
	t, ok := cat.TableByOID(oid)
	if !ok {
		t, ok = x.tableOfIndex(oid)
		if !ok {
			return false
		}
	}
	for _, ns := range x.sess.settings.searchPath {
		if found, ok := cat.Table(ns, t.Name); ok {
			return found.OID == t.OID
		}
	}
	return false
}

// tableOfIndex finds the table whose primary-key index (or constraint) has oid.
func (x *execution) tableOfIndex(oid uint32) (*catalog.Table, bool) {
	t, ok := x.catalog().TableByOID(oid - 1)
	if !ok || !t.HasPrimaryKey() || pgcatalog.IndexOID(t) != oid {
		return nil, false
	}
	return t, true
}

func (x *execution) currentSetting(name string, missingOK bool) (types.Value, error) {
	v, ok := x.sess.settings.get(strings.ToLower(name))
	if !ok {
		if missingOK {
			return types.NullValue, nil
		}
		return types.NullValue, pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	return types.NewText(v), nil
}
