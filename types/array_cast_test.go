package types

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// TestArrayCasts follows PostgreSQL 15: array coercions convert element
// by element in the element cast's context; vectors convert like their
// element arrays (PostgreSQL keeps their lower bound 0 and prints
// [0:1]={1,2}; we have lower bound 1 only); arrays print and parse
// through text.
func TestArrayCasts(t *testing.T) {
	varchar2 := Type{Kind: KindArray, Elem: KindVarchar, Mod: 6}
	cases := []struct {
		from     Type
		in       string
		to       Type
		explicit bool
		want     string
	}{
		{ArrayOf(Int4), "{1,NULL}", ArrayOf(Int8), false, "{1,NULL}"},
		{ArrayOf(Int8), "{1,2}", ArrayOf(Int4), false, "{1,2}"},
		{ArrayOf(Numeric), "{1.5}", ArrayOf(Int4), false, "{2}"},
		{ArrayOf(Int4), "{1,0}", ArrayOf(Bool), true, "{t,f}"},
		{ArrayOf(Bool), "{t}", ArrayOf(Int4), true, "{1}"},
		{ArrayOf(Text), "{abcd,x}", varchar2, true, "{ab,x}"},
		{ArrayOf(Text), "{a}", ArrayOf(Name), false, "{a}"},
		{ArrayOf(Text), "{1,2}", ArrayOf(Int4), true, "{1,2}"},
		{varchar2, "{ab}", ArrayOf(Text), false, "{ab}"},
		{Int2Vector, "1 2", ArrayOf(Int2), false, "{1,2}"},
		{Int2Vector, "1 2", ArrayOf(Int4), false, "{1,2}"},
		{OIDVector, "1 2", ArrayOf(OID), false, "{1,2}"},
		{OIDVector, "1 2", ArrayOf(Text), true, "{1,2}"},
		{ArrayOf(Int4), "{1,NULL}", Text, false, "{1,NULL}"},
		{ArrayOf(Int4), "{1,NULL}", Varchar, false, "{1,NULL}"},
		{Int2Vector, "1 2", Text, false, "1 2"},
		{Text, "{3,4}", ArrayOf(Int4), true, "{3,4}"},
		{Text, "5 6", OIDVector, true, "5 6"},
		{ArrayOf(Int4), "{1}", ArrayOf(Int4), false, "{1}"},
	}
	for _, c := range cases {
		v := mustParse(t, c.in, c.from)
		got, err := Cast(v, c.to, c.explicit)
		require.NoError(t, err, "%s → %s", c.from.Name(), c.to.Name())
		assert.Equal(t, TypeOfValue(got).Kind, c.to.Kind)
		if c.to.Kind == KindArray {
			assert.Equal(t, c.to.Elem, ArrayElemKind(got))
		}
		assert.Equal(t, c.want, string(AppendText(nil, got, c.to)), "%s → %s", c.from.Name(), c.to.Name())
	}

	errs := []struct {
		from      Type
		in        string
		to        Type
		explicit  bool
		code, msg string
	}{
		{ArrayOf(Int8), "{3000000000}", ArrayOf(Int4), true, pgerr.NumericValueOutOfRange, "integer out of range"},
		{ArrayOf(Text), "{abcd}", varchar2, false, pgerr.StringDataRightTruncation, "value too long for type character varying(2)"},
		{ArrayOf(Text), "{1.5}", ArrayOf(Int4), true, pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "1.5"`},
		{ArrayOf(Text), "{1}", ArrayOf(Int4), false, pgerr.CannotCoerce, "cannot cast type text[] to integer[]"},
		{ArrayOf(Int4), "{1}", Int2Vector, true, pgerr.CannotCoerce, "cannot cast type integer[] to int2vector"},
		{ArrayOf(Int4), "{1}", Int4, true, pgerr.CannotCoerce, "cannot cast type integer[] to integer"},
		{Text, "{1}", ArrayOf(Int4), false, pgerr.CannotCoerce, "cannot cast type text to integer[]"},
		{ArrayOf(Int4), "{1}", ArrayOf(Date), true, pgerr.CannotCoerce, "cannot cast type integer[] to date[]"},
	}
	for _, c := range errs {
		v := mustParse(t, c.in, c.from)
		_, err := Cast(v, c.to, c.explicit)
		requireSQLState(t, err, c.code, c.msg)
	}
}

func TestArrayCastContextOfType(t *testing.T) {
	assert.Equal(t, CastImplicit, CastContextOfType(ArrayOf(Int4), ArrayOf(Int8)))
	assert.Equal(t, CastAssign, CastContextOfType(ArrayOf(Int8), ArrayOf(Int4)))
	assert.Equal(t, CastExplicit, CastContextOfType(ArrayOf(Text), ArrayOf(Int4)))
	assert.Equal(t, CastImplicit, CastContextOfType(ArrayOf(Text), ArrayOf(Varchar)))
	assert.Equal(t, CastNone, CastContextOfType(ArrayOf(Int4), ArrayOf(Date)))
	assert.Equal(t, CastImplicit, CastContextOfType(Int2Vector, ArrayOf(Int2)))
	assert.Equal(t, CastAssign, CastContextOfType(OIDVector, ArrayOf(Int8)))
	assert.Equal(t, CastNone, CastContextOfType(ArrayOf(Int2), Int2Vector))
	assert.Equal(t, CastAssign, CastContextOfType(ArrayOf(Int4), Text))
	assert.Equal(t, CastImplicit, CastContextOfType(Int4, Int8))
}

func TestCommonTypeCatalog(t *testing.T) {
	cases := []struct {
		a, b, want Type
	}{
		{ArrayOf(Int4), ArrayOf(Int8), ArrayOf(Int8)},
		{ArrayOf(Int4), ArrayOf(Int4), ArrayOf(Int4)},
		{ArrayOf(Text), Unknown, ArrayOf(Text)},
		{Type{Kind: KindArray, Elem: KindVarchar, Mod: 6}, Type{Kind: KindArray, Elem: KindVarchar, Mod: 8}, ArrayOf(Varchar)},
		{Name, Text, Text},
		{Text, Name, Text},
		{Name, Name, Name},
		{Regclass, OID, Regclass},
		{OID, Regclass, OID},
		{Int4, Regclass, Regclass},
	}
	for _, c := range cases {
		got, ok := CommonType(c.a, c.b)
		require.True(t, ok, "%s, %s", c.a.Name(), c.b.Name())
		assert.Equal(t, c.want, got, "%s, %s", c.a.Name(), c.b.Name())
	}
	for _, c := range [][2]Type{{ArrayOf(Int4), ArrayOf(Date)}, {ArrayOf(Int4), Int4}, {Regclass, Regtype}, {Char, Int4}} {
		_, ok := CommonType(c[0], c[1])
		assert.False(t, ok, "%s, %s", c[0].Name(), c[1].Name())
	}
}
