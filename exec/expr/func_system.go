package expr

import (
	"crypto/rand"
	"encoding/binary"
	"sync/atomic"
	"time"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Session/system information functions and KalamDB's id generators.

func currentSchema(env *Env) (types.Value, error) {
	if env.Schema == "" {
		return types.NullValue, nil
	}
	return types.NewName(env.Schema), nil
}

func init() {
	register("current_database", nullary(types.Name, true, func(env *Env) (types.Value, error) {
		return types.NewName(env.Database), nil
	}))
	register("current_schema", nullary(types.Name, true, currentSchema))
	// KalamDB documents CURRENT_USER() with parentheses for DEFAULT clauses.
	register("current_user", nullary(types.Name, true, func(env *Env) (types.Value, error) {
		return types.NewName(env.User), nil
	}))
	register("session_user", nullary(types.Name, true, func(env *Env) (types.Value, error) {
		return types.NewName(env.User), nil
	}))
	register("version", nullary(types.Text, true, func(env *Env) (types.Value, error) {
		return text("PostgreSQL " + env.ServerVersion + " on x86_64-pc-linux-gnu, compiled by Go, 64-bit"), nil
	}))
	register("pg_backend_pid", nullary(types.Int4, true, func(env *Env) (types.Value, error) {
		return types.NewInt4(int32(env.ProcessID)), nil
	}))
	register("pg_sleep", overload{args: sig(types.KindFloat8), ret: types.Null, volatile: true, impl: fnN(pgSleep)})
	register("gen_random_uuid", nullary(types.UUID, true, func(*Env) (types.Value, error) {
		var u [16]byte
		_, _ = rand.Read(u[:])
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
		return types.Value{K: types.KindUUID, S: string(u[:])}, nil
	}))
	register("uuid_v7", nullary(types.UUID, true, func(*Env) (types.Value, error) {
		return types.Value{K: types.KindUUID, S: string(newUUIDv7(time.Now()))}, nil
	}))
	register("ulid", nullary(types.Text, true, func(*Env) (types.Value, error) {
		return text(newULID(time.Now())), nil
	}))
	register("snowflake_id", nullary(types.Int8, true, func(*Env) (types.Value, error) {
		return types.NewInt8(nextSnowflake(time.Now())), nil
	}))
}

// newUUIDv7 is RFC 9562's time-ordered UUID: 48 bits of Unix milliseconds,
// then random bits with the version and variant set.
func newUUIDv7(now time.Time) []byte {
	u := make([]byte, 16)
	_, _ = rand.Read(u[6:])
	ms := uint64(now.UnixMilli())
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], ms<<16)
	copy(u[:6], b[:6])
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newULID is a 26-character ULID: 48-bit millisecond time, 80 random bits,
// Crockford base32.
func newULID(now time.Time) string {
	var raw [16]byte
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		raw[i] = byte(ms)
		ms >>= 8
	}
	_, _ = rand.Read(raw[6:])
	// 128 bits as 26 base32 digits: the first digit holds the top 3 bits.
	hi := binary.BigEndian.Uint64(raw[:8])
	lo := binary.BigEndian.Uint64(raw[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// snowflakeEpoch is the zero of snowflake_id()'s millisecond field
// (2024-01-01 UTC), leaving 41 bits of milliseconds for ~69 years.
var snowflakeEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

var lastSnowflake atomic.Int64

// nextSnowflake returns ms<<22 | sequence, strictly increasing within the
// process even when the clock stalls or steps back.
func nextSnowflake(now time.Time) int64 {
	candidate := (now.UnixMilli() - snowflakeEpoch) << 22
	for {
		last := lastSnowflake.Load()
		next := candidate
		if next <= last {
			next = last + 1
		}
		if lastSnowflake.CompareAndSwap(last, next) {
			return next
		}
	}
}

// pgSleep waits, returning early with 57014 when the statement is cancelled.
func pgSleep(env *Env, args []types.Value) (types.Value, error) {
	if args[0].IsNull() || args[0].F <= 0 {
		return types.NullValue, nil
	}
	timer := time.NewTimer(time.Duration(args[0].F * float64(time.Second)))
	defer timer.Stop()
	select {
	case <-timer.C:
		return types.NullValue, nil
	case <-env.Ctx.Done():
		return types.NullValue, pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	}
}
