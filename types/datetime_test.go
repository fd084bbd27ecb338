package types

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Expected outputs were taken from PostgreSQL 15 (TimeZone UTC).
func TestParseDateTime(t *testing.T) {
	cases := []struct {
		typ      Type
		in, want string
	}{
		{Date, "2024-01-31", "2024-01-31"},
		{Date, "2024-01-31 +00", "2024-01-31"}, // pgjdbc's setDate
		{Date, " 2024-01-31 ", "2024-01-31"},
		{Date, "2024-01-31 13:45:00+05:30", "2024-01-31"},
		{Date, "2024-01-31T13:45:00Z", "2024-01-31"},
		{Date, "January 31, 2024", "2024-01-31"},
		{Date, "Wed Jan 31 2024", "2024-01-31"},
		{Date, "5 Jan 2024", "2024-01-05"},
		{Date, "2024-Jan-05", "2024-01-05"},
		{Date, "Jan-05-2024", "2024-01-05"},
		{Date, "2024/01/31", "2024-01-31"},
		{Date, "20240131", "2024-01-31"},
		{Date, "2024-1-5", "2024-01-05"},
		{Date, "1/31/2024", "2024-01-31"},
		{Date, "1/31/24", "2024-01-31"},
		{Date, "1/31/70", "1970-01-31"},
		{Date, "0044-03-15 BC", "0044-03-15 BC"},
		{Date, "4714-11-24 BC", "4714-11-24 BC"},
		{Date, "5874897-12-31", "5874897-12-31"},
		{Date, "2000-02-29", "2000-02-29"},
		{Date, "epoch", "1970-01-01"},
		{Date, "infinity", "infinity"},
		{Date, "-infinity", "-infinity"},
		{Time, "13:45", "13:45:00"},
		{Time, "13:45:00.123456", "13:45:00.123456"},
		{Time, "13:45:00.1234567", "13:45:00.123457"},
		{Time, "13:45:00.0000015", "13:45:00.000002"},
		{Time, "13:45:59.9999995", "13:46:00"},
		{Time, "1:2:3", "01:02:03"},
		{Time, "24:00", "24:00:00"},
		{Time, "23:59:60", "24:00:00"},
		{Time, "13:45:00+05", "13:45:00"},
		{Time, "2024-01-31 13:45", "13:45:00"},
		{Time, "134500", "13:45:00"},
		{Time, "1:45 pm", "13:45:00"},
		{Time, "12:00 am", "00:00:00"},
		{Time, "allballs", "00:00:00"},
		{Timestamp, "2024-01-31 13:45:00", "2024-01-31 13:45:00"},
		{Timestamp, "2024-01-31T13:45", "2024-01-31 13:45:00"},
		{Timestamp, "2024-01-31 13:45:", "2024-01-31 13:45:00"},
		{Timestamp, "20240131T134500", "2024-01-31 13:45:00"},
		{Timestamp, "Jan 31 2024 1:45:00 PM", "2024-01-31 13:45:00"},
		{Timestamp, "2024-01-31T13:45:00Z", "2024-01-31 13:45:00"}, // the zone is ignored
		{Timestamp, "2024-01-31 13:45:00+05", "2024-01-31 13:45:00"},
		{Timestamp, "2024-01-31 13:45:00 America/New_York", "2024-01-31 13:45:00"},
		{Timestamp, "2024-01-31 13:45:00.1234567", "2024-01-31 13:45:00.123457"},
		{Timestamp, "2024-01-31 24:00:00", "2024-02-01 00:00:00"},
		{Timestamp, "1969-12-31 23:59:59.5", "1969-12-31 23:59:59.5"},
		{Timestamp, "0001-01-01 12:00 BC", "0001-01-01 12:00:00 BC"},
		{Timestamp, "4714-11-24 BC", "4714-11-24 00:00:00 BC"},
		{Timestamp, " -infinity ", "-infinity"},
		{Timestamp, "epoch", "1970-01-01 00:00:00"},
		{Timestamptz, "2024-01-31 13:45:00", "2024-01-31 13:45:00+00"},
		{Timestamptz, "2024-01-31", "2024-01-31 00:00:00+00"},
		{Timestamptz, "2024-01-31T13:45:00Z", "2024-01-31 13:45:00+00"},
		{Timestamptz, "2024-01-31t13:45:00z", "2024-01-31 13:45:00+00"},
		{Timestamptz, "2024-01-31 13:45:00.5+05:30", "2024-01-31 08:15:00.5+00"},
		{Timestamptz, "2024-01-31 13:45:00-0800", "2024-01-31 21:45:00+00"},
		{Timestamptz, "2024-01-31 13:45:00 -08:00", "2024-01-31 21:45:00+00"},
		{Timestamptz, "2024-01-31 13:45:00+5", "2024-01-31 08:45:00+00"},
		{Timestamptz, "2024-01-31 13:45:00 +530", "2024-01-31 08:15:00+00"},
		{Timestamptz, "2024-01-31 13:45:00+05:30:15", "2024-01-31 08:14:45+00"},
		{Timestamptz, "2024-01-31 13:45:00+15", "2024-01-30 22:45:00+00"},
		{Timestamptz, "2024-01-31 13:45 UTC", "2024-01-31 13:45:00+00"},
		{Timestamptz, "2024-01-31 13:45:00 PST", "2024-01-31 21:45:00+00"},
		{Timestamptz, "2024-01-31T13:45:00.000+0000", "2024-01-31 13:45:00+00"},
		{Timestamptz, "0001-01-01 00:30:00+01", "0001-12-31 23:30:00+00 BC"},
		{Timestamptz, "infinity", "infinity"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, textRoundTrip(t, c.in, c.typ), "%q as %s", c.in, c.typ.Name())
	}
}

func TestParseDateTimeNamedZone(t *testing.T) {
	if _, err := time.LoadLocation("Europe/Paris"); err != nil {
		// Without tzdata the name is reported as unknown, like PostgreSQL.
		_, err := ParseText("2024-01-31 13:45:00 Europe/Paris", Timestamptz)
		requireSQLState(t, err, pgerr.InvalidParameterValue, `time zone "europe/paris" not recognized`)
		return
	}
	assert.Equal(t, "2024-01-31 12:45:00+00", textRoundTrip(t, "2024-01-31 13:45:00 Europe/Paris", Timestamptz))
	assert.Equal(t, "2024-07-31 11:45:00+00", textRoundTrip(t, "2024-07-31 13:45:00 Europe/Paris", Timestamptz))
}

func TestParseDateTimeRelative(t *testing.T) {
	before := time.Now().UTC()
	v, err := ParseText("now", Timestamptz)
	require.NoError(t, err)
	assert.InDelta(t, before.UnixMicro(), v.I, float64(5*usPerSecond))
	v, err = ParseText("today", Date)
	require.NoError(t, err)
	assert.Equal(t, before.Unix()/86400, v.I)
	v, err = ParseText("Tomorrow", Timestamp)
	require.NoError(t, err)
	assert.Equal(t, (before.Unix()/86400+1)*usPerDay, v.I)
}

func TestParseDateTimeErrors(t *testing.T) {
	const (
		syntax = pgerr.InvalidDatetimeFormat
		field  = pgerr.DatetimeFieldOverflow
	)
	cases := []struct {
		typ       Type
		in        string
		code, msg string
		hint      string
	}{
		{Date, "x", syntax, `invalid input syntax for type date: "x"`, ""},
		{Date, "+infinity", syntax, `invalid input syntax for type date: "+infinity"`, ""},
		{Date, "-5", syntax, `invalid input syntax for type date: "-5"`, ""},
		{Date, "2024-02-30", field, `date/time field value out of range: "2024-02-30"`, ""},
		{Date, "0000-01-01", field, `date/time field value out of range: "0000-01-01"`, ""},
		{Date, "2024-13-01", field, `date/time field value out of range: "2024-13-01"`,
			`Perhaps you need a different "datestyle" setting.`},
		{Date, "31/01/2024", field, `date/time field value out of range: "31/01/2024"`,
			`Perhaps you need a different "datestyle" setting.`},
		{Date, "5874898-01-01", field, `date out of range: "5874898-01-01"`, ""},
		{Date, "4714-11-23 BC", field, `date out of range: "4714-11-23 BC"`, ""},
		{Time, "x", syntax, `invalid input syntax for type time: "x"`, ""},
		{Time, "epoch", syntax, `invalid input syntax for type time: "epoch"`, ""},
		{Time, "infinity", syntax, `invalid input syntax for type time: "infinity"`, ""},
		{Time, "25:00", field, `date/time field value out of range: "25:00"`, ""},
		{Time, "24:00:01", field, `date/time field value out of range: "24:00:01"`, ""},
		{Time, "13:60", field, `date/time field value out of range: "13:60"`, ""},
		{Time, "13:45 pm", field, `date/time field value out of range: "13:45 pm"`, ""},
		{Timestamp, "x", syntax, `invalid input syntax for type timestamp: "x"`, ""},
		{Timestamp, "2024-01-31 25:00", field, `date/time field value out of range: "2024-01-31 25:00"`, ""},
		{Timestamp, "4714-11-23 BC", field, `timestamp out of range: "4714-11-23 BC"`, ""},
		{Timestamp, "294277-01-01", field, `timestamp out of range: "294277-01-01"`, ""},
		{Timestamptz, "x", syntax, `invalid input syntax for type timestamp with time zone: "x"`, ""},
		{Timestamptz, "2024-01-31 13:45:00 foo", syntax,
			`invalid input syntax for type timestamp with time zone: "2024-01-31 13:45:00 foo"`, ""},
		{Timestamptz, "2024-01-31 13:45:00+16", "22009",
			`time zone displacement out of range: "2024-01-31 13:45:00+16"`, ""},
		{Timestamptz, "2024-01-31 13:45:00 Foo/Bar", pgerr.InvalidParameterValue,
			`time zone "foo/bar" not recognized`, ""},
	}
	for _, c := range cases {
		_, err := ParseText(c.in, c.typ)
		e := requireSQLState(t, err, c.code, c.msg)
		assert.Equal(t, c.hint, e.Hint, c.in)
	}
}
