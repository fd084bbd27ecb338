package types

// PostgreSQL type OIDs (pg_type.oid in PostgreSQL 15).
const (
	OIDBool         uint32 = 16
	OIDBytea        uint32 = 17
	OIDChar         uint32 = 18
	OIDName         uint32 = 19
	OIDInt8         uint32 = 20
	OIDInt2         uint32 = 21
	OIDInt2Vector   uint32 = 22
	OIDInt4         uint32 = 23
	OIDRegproc      uint32 = 24
	OIDText         uint32 = 25
	OIDOID          uint32 = 26
	OIDOIDVector    uint32 = 30
	OIDJSON         uint32 = 114
	OIDFloat4       uint32 = 700
	OIDFloat8       uint32 = 701
	OIDUnknown      uint32 = 705
	OIDAclitem      uint32 = 1033
	OIDBpchar       uint32 = 1042
	OIDVarchar      uint32 = 1043
	OIDDate         uint32 = 1082
	OIDTime         uint32 = 1083
	OIDTimestamp    uint32 = 1114
	OIDTimestamptz  uint32 = 1184
	OIDNumeric      uint32 = 1700
	OIDRegprocedure uint32 = 2202
	OIDRegoper      uint32 = 2203
	OIDRegoperator  uint32 = 2204
	OIDRegclass     uint32 = 2205
	OIDRegtype      uint32 = 2206
	OIDRecord       uint32 = 2249
	OIDVoid         uint32 = 2278
	OIDUUID         uint32 = 2950
	OIDJSONB        uint32 = 3802
	OIDRegnamespace uint32 = 4089
	OIDRegrole      uint32 = 4096

	// OIDTextArray is text[], the array type reported for arrays whose
	// element type is not resolved.
	OIDTextArray uint32 = 1009
)

// kinds describes every kind as pg_type does. The array column is
// pg_type.typarray; TypeForOID inverts both OID columns.
var kinds = [kindCount]kindInfo{
	KindNull:         {OIDText, "text", -1, 1009},
	KindBool:         {OIDBool, "boolean", 1, 1000},
	KindInt2:         {OIDInt2, "smallint", 2, 1005},
	KindInt4:         {OIDInt4, "integer", 4, 1007},
	KindInt8:         {OIDInt8, "bigint", 8, 1016},
	KindFloat4:       {OIDFloat4, "real", 4, 1021},
	KindFloat8:       {OIDFloat8, "double precision", 8, 1022},
	KindNumeric:      {OIDNumeric, "numeric", -1, 1231},
	KindText:         {OIDText, "text", -1, 1009},
	KindVarchar:      {OIDVarchar, "character varying", -1, 1015},
	KindBpchar:       {OIDBpchar, "character", -1, 1014},
	KindBytea:        {OIDBytea, "bytea", -1, 1001},
	KindDate:         {OIDDate, "date", 4, 1182},
	KindTime:         {OIDTime, "time without time zone", 8, 1183},
	KindTimestamp:    {OIDTimestamp, "timestamp without time zone", 8, 1115},
	KindTimestamptz:  {OIDTimestamptz, "timestamp with time zone", 8, 1185},
	KindUUID:         {OIDUUID, "uuid", 16, 2951},
	KindJSON:         {OIDJSON, "json", -1, 199},
	KindJSONB:        {OIDJSONB, "jsonb", -1, 3807},
	KindUnknown:      {OIDText, "text", -1, 1009},
	KindOID:          {OIDOID, "oid", 4, 1028},
	KindName:         {OIDName, "name", 64, 1003},
	KindChar:         {OIDChar, `"char"`, 1, 1002},
	KindRegproc:      {OIDRegproc, "regproc", 4, 1008},
	KindRegprocedure: {OIDRegprocedure, "regprocedure", 4, 2207},
	KindRegoper:      {OIDRegoper, "regoper", 4, 2208},
	KindRegoperator:  {OIDRegoperator, "regoperator", 4, 2209},
	KindRegclass:     {OIDRegclass, "regclass", 4, 2210},
	KindRegtype:      {OIDRegtype, "regtype", 4, 2211},
	KindRegnamespace: {OIDRegnamespace, "regnamespace", 4, 4090},
	KindRegrole:      {OIDRegrole, "regrole", 4, 4097},
	KindAclitem:      {OIDAclitem, "aclitem", 12, 1034},
	KindArray:        {OIDTextArray, "text[]", -1, 0}, // see Type.OID and Type.Name
	KindInt2Vector:   {OIDInt2Vector, "int2vector", -1, 1006},
	KindOIDVector:    {OIDOIDVector, "oidvector", -1, 1013},
	KindVoid:         {OIDVoid, "void", 4, 0},
	KindRecord:       {OIDRecord, "record", -1, 2287},
}

// oidTypes maps every OID TypeForOID knows to its type. Kinds that share
// an OID with a more specific kind (NULL and unknown literals report text)
// are skipped; arrays of vectors and of pseudo-types are not representable.
var oidTypes = func() map[uint32]Type {
	m := map[uint32]Type{OIDUnknown: Unknown}
	for k := KindBool; k < kindCount; k++ {
		if k == KindUnknown || k == KindArray {
			continue
		}
		m[kinds[k].oid] = Type{Kind: k, Mod: -1}
		if a := kinds[k].array; a != 0 && !k.IsArray() && k != KindRecord {
			m[a] = ArrayOf(Type{Kind: k, Mod: -1})
		}
	}
	return m
}()

// TypeForOID returns the type PostgreSQL knows by oid, without modifier,
// for every OID we represent: base types, the catalog types, their arrays,
// the vectors, unknown, void and record. Callers use it for parameter
// types declared by clients in Parse. ok is false for any other OID.
func TypeForOID(oid uint32) (Type, bool) {
	t, ok := oidTypes[oid]
	return t, ok
}
