// pgjdbc (PostgreSQL JDBC driver 42.x) compatibility checks.
//
// Run as a Java 17 single-file program against the Debian driver:
//   java -cp /usr/share/java/postgresql.jar testdata/clients/java/CompatTest.java
// JDBC does not read the libpq environment, so the URL is built here from PGHOST, PGPORT,
// PGUSER, PGDATABASE (and PGPASSWORD if set). The program creates a uniquely named schema,
// runs named checks (every type through PreparedStatement setters and getters, one statement
// reused past prepareThreshold=5 so the driver switches to a named server statement and binary
// results, setFetchSize over a suspended portal, batches, transactions, SQLSTATEs,
// DatabaseMetaData), drops the schema and exits 1 if any check failed.

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.TimeZone;
import java.util.UUID;

public class CompatTest {
    interface Body {
        void run() throws Exception;
    }

    static int passed = 0;
    static final List<String> failures = new ArrayList<>();
    static Connection conn;

    static final String S = "compat_java_" + ProcessHandle.current().pid() + "_" + new Random().nextInt(1_000_000);
    static final String T = "\"" + S + "\".alltypes";
    static final String I = "\"" + S + "\".items";

    static final String[] NAMES = {"id", "b", "i2", "i8", "f4", "f8", "num", "t", "vc", "c", "by", "d", "tm",
        "ts", "tstz", "u", "j", "jb"};
    static final String[] DDL = {"integer PRIMARY KEY", "boolean", "smallint", "bigint", "real",
        "double precision", "numeric(10,2)", "text", "varchar(20)", "char(5)", "bytea", "date", "time",
        "timestamp", "timestamptz", "uuid", "json", "jsonb"};
    static final String[] PG_TYPES = {"int4", "bool", "int2", "int8", "float4", "float8", "numeric", "text",
        "varchar", "bpchar", "bytea", "date", "time", "timestamp", "timestamptz", "uuid", "json", "jsonb"};

    static final UUID U1 = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    static final byte[] BYTES = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
    static final OffsetDateTime TSTZ = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123456000, ZoneOffset.ofHours(2));

    /** check runs one named check; any exception fails it and rolls back an open transaction. */
    static void check(String name, Body body) {
        try {
            body.run();
            passed++;
            System.out.println("ok   java: " + name);
        } catch (Throwable e) {
            failures.add(name);
            System.out.println("FAIL java: " + name);
            String detail = e instanceof SQLException
                ? "SQLSTATE " + ((SQLException) e).getSQLState() + ": " + e.getMessage()
                : e.toString();
            for (String line : detail.split("\n")) {
                System.out.println("       " + line);
            }
            if (!(e instanceof AssertionError)) {
                StackTraceElement[] st = e.getStackTrace();
                for (int k = 0; k < Math.min(st.length, 3); k++) {
                    System.out.println("         at " + st[k]);
                }
            }
            try {
                if (conn != null && !conn.isClosed() && !conn.getAutoCommit()) {
                    conn.rollback();
                }
            } catch (SQLException ignored) {
                // The failure above is what gets reported.
            }
        }
    }

    static void eq(Object got, Object want, String what) {
        boolean same = got instanceof byte[] && want instanceof byte[]
            ? Arrays.equals((byte[]) got, (byte[]) want)
            : Objects.equals(got, want);
        if (!same) {
            throw new AssertionError(what + ": want " + show(want) + ", got " + show(got));
        }
    }

    static String show(Object v) {
        return v instanceof byte[] ? Arrays.toString((byte[]) v) : String.valueOf(v);
    }

    static void expectState(String state, Body body) throws Exception {
        try {
            body.run();
        } catch (SQLException e) {
            eq(e.getSQLState(), state, "SQLSTATE (message: " + e.getMessage() + ")");
            return;
        }
        throw new AssertionError("statement succeeded, want SQLSTATE " + state);
    }

    static Connection connect() throws SQLException {
        String host = env("PGHOST", "127.0.0.1");
        String port = env("PGPORT", "5432");
        String db = env("PGDATABASE", env("PGUSER", "postgres"));
        Properties props = new Properties();
        props.setProperty("user", env("PGUSER", System.getProperty("user.name")));
        String pw = System.getenv("PGPASSWORD");
        if (pw != null) {
            props.setProperty("password", pw);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, props);
    }

    static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? def : v;
    }

    static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + I)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void main(String[] args) {
        // pgjdbc sends the JVM zone as the TimeZone startup parameter and uses it for
        // setTimestamp/getTimestamp; UTC keeps the expected values exact.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        check("connect", () -> {
            conn = connect();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                eq(rs.next(), true, "one row");
                eq(rs.getInt(1), 1, "value");
            }
        });
        if (conn != null) {
            try {
                run();
            } catch (Throwable e) {
                failures.add("unexpected error: " + e);
                e.printStackTrace(System.out);
            } finally {
                try {
                    conn.setAutoCommit(true);
                    try (Statement st = conn.createStatement()) {
                        st.execute("DROP SCHEMA IF EXISTS \"" + S + "\" CASCADE");
                    }
                    conn.close();
                } catch (SQLException e) {
                    System.out.println("java: cleanup failed: " + e.getMessage());
                }
            }
        }
        System.out.println("java: " + passed + " passed, " + failures.size() + " failed");
        for (String f : failures) {
            System.out.println("java: failed: " + f);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static void run() throws Exception {
        check("DatabaseMetaData product name and version 15.x", () -> {
            DatabaseMetaData md = conn.getMetaData();
            eq(md.getDatabaseProductName(), "PostgreSQL", "product name");
            eq(md.getDatabaseMajorVersion(), 15, "major version");
        });

        boolean[] setup = {false};
        check("create schema and tables", () -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE SCHEMA \"" + S + "\"");
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + T + " (");
                for (int k = 0; k < NAMES.length; k++) {
                    ddl.append(k == 0 ? "" : ", ").append(NAMES[k]).append(' ').append(DDL[k]);
                }
                st.execute(ddl.append(')').toString());
                st.execute("CREATE TABLE " + I + " (id bigint PRIMARY KEY, grp text NOT NULL, qty integer)");
            }
            setup[0] = true;
        });
        if (!setup[0]) {
            return;
        }

        check("PreparedStatement INSERT with every setter", () -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + T + " VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setBoolean(2, true);
                ps.setShort(3, (short) 32767);
                ps.setLong(4, 9007199254740993L);
                ps.setFloat(5, 1.5f);
                ps.setDouble(6, 3.141592653589793);
                ps.setBigDecimal(7, new BigDecimal("12345.67"));
                ps.setString(8, "it's \"text\" \\ back");
                ps.setString(9, "varchar");
                ps.setString(10, "ab");
                ps.setBytes(11, BYTES);
                ps.setDate(12, Date.valueOf("2024-02-29"));
                ps.setTime(13, Time.valueOf("13:14:15"));
                ps.setTimestamp(14, Timestamp.valueOf("2024-01-02 03:04:05.123456"));
                ps.setObject(15, TSTZ);
                ps.setObject(16, U1);
                ps.setObject(17, "{\"a\": 1,  \"z\": null}", Types.OTHER);
                ps.setObject(18, "{\"b\": [1, 2], \"a\": \"x\"}", Types.OTHER);
                eq(ps.executeUpdate(), 1, "update count of row 1");

                ps.setInt(1, 2);
                int[] sqlTypes = {Types.BOOLEAN, Types.SMALLINT, Types.BIGINT, Types.REAL, Types.DOUBLE,
                    Types.NUMERIC, Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.BINARY, Types.DATE,
                    Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.OTHER, Types.OTHER,
                    Types.OTHER};
                for (int k = 0; k < sqlTypes.length; k++) {
                    ps.setNull(k + 2, sqlTypes[k]);
                }
                eq(ps.executeUpdate(), 1, "update count of the NULL row");

                ps.setInt(1, 3);
                ps.setBoolean(2, false);
                ps.setShort(3, (short) -32768);
                ps.setLong(4, -9223372036854775807L);
                ps.setFloat(5, -0.25f);
                ps.setDouble(6, 1e300);
                ps.setBigDecimal(7, new BigDecimal("-0.05"));
                ps.setString(8, "üñíçødé ✓");
                ps.setString(9, "");
                ps.setString(10, "abcde");
                ps.setBytes(11, new byte[0]);
                ps.setObject(12, LocalDate.of(1999, 12, 31));
                ps.setTime(13, Time.valueOf("00:00:00"));
                ps.setTimestamp(14, Timestamp.valueOf("1970-01-01 00:00:00"));
                ps.setTimestamp(15, Timestamp.from(Instant.EPOCH));
                ps.setObject(16, new UUID(0, 0));
                ps.setObject(17, "[]", Types.OTHER);
                ps.setObject(18, "{}", Types.OTHER);
                eq(ps.executeUpdate(), 1, "update count of row 3");
            }
        });

        check("ResultSet getters for every type", () -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + T + " ORDER BY id")) {
                eq(rs.next(), true, "row 1");
                verifyRow1(rs, "text results");
                eq(rs.next(), true, "row 2");
                eq(rs.getInt(1), 2, "id");
                for (int k = 2; k <= NAMES.length; k++) {
                    eq(rs.getObject(k), null, "column " + NAMES[k - 1] + " of the NULL row");
                    eq(rs.wasNull(), true, "wasNull of " + NAMES[k - 1]);
                }
                eq(rs.next(), true, "row 3");
                eq(rs.getBoolean("b"), false, "b");
                eq(rs.getShort("i2"), (short) -32768, "i2");
                eq(rs.getLong("i8"), -9223372036854775807L, "i8");
                eq(rs.getFloat("f4"), -0.25f, "f4");
                eq(rs.getDouble("f8"), 1e300, "f8");
                eq(rs.getBigDecimal("num"), new BigDecimal("-0.05"), "num");
                eq(rs.getString("t"), "üñíçødé ✓", "t");
                eq(rs.getString("vc"), "", "vc");
                eq(rs.getString("c"), "abcde", "c");
                eq(rs.getBytes("by"), new byte[0], "by");
                eq(rs.getObject("d", LocalDate.class), LocalDate.of(1999, 12, 31), "d");
                eq(rs.getTime("tm"), Time.valueOf("00:00:00"), "tm");
                eq(rs.getTimestamp("ts"), Timestamp.valueOf("1970-01-01 00:00:00"), "ts");
                eq(rs.getTimestamp("tstz").toInstant(), Instant.EPOCH, "tstz");
                eq(rs.getObject("u"), new UUID(0, 0), "u");
                eq(rs.getString("j"), "[]", "j");
                eq(rs.getString("jb"), "{}", "jb");
                eq(rs.next(), false, "no row 4");
            }
        });

        check("ResultSetMetaData type names", () -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + T + " WHERE id = 1")) {
                ResultSetMetaData md = rs.getMetaData();
                eq(md.getColumnCount(), NAMES.length, "column count");
                for (int k = 1; k <= NAMES.length; k++) {
                    eq(md.getColumnName(k), NAMES[k - 1], "name of column " + k);
                    eq(md.getColumnTypeName(k), PG_TYPES[k - 1], "type of column " + NAMES[k - 1]);
                }
                eq(md.getPrecision(7), 10, "numeric precision");
                eq(md.getScale(7), 2, "numeric scale");
                eq(md.getColumnDisplaySize(9), 20, "varchar display size");
            }
        });

        check("ResultSetMetaData nullability and base table (pg_attribute lookup)", () -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, grp, qty FROM " + I)) {
                ResultSetMetaData md = rs.getMetaData();
                eq(md.isNullable(1), ResultSetMetaData.columnNoNulls, "id nullability");
                eq(md.isNullable(2), ResultSetMetaData.columnNoNulls, "grp nullability");
                eq(md.isNullable(3), ResultSetMetaData.columnNullable, "qty nullability");
                org.postgresql.PGResultSetMetaData pgmd = md.unwrap(org.postgresql.PGResultSetMetaData.class);
                eq(pgmd.getBaseTableName(1), "items", "base table name");
                eq(pgmd.getBaseSchemaName(1), S, "base schema name");
                eq(pgmd.getBaseColumnName(3), "qty", "base column name");
                eq(md.isAutoIncrement(1), false, "id auto increment");
            }
        });

        check("PreparedStatement reused 8 times (prepareThreshold=5: named statement, binary results)", () -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM " + T + " WHERE id = ?")) {
                for (int n = 1; n <= 8; n++) {
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        eq(rs.next(), true, "row on execution " + n);
                        verifyRow1(rs, "execution " + n);
                        eq(rs.next(), false, "single row on execution " + n);
                    }
                }
                eq(ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare(), true,
                    "statement is server-prepared after 8 executions");
            }
        });

        check("PreparedStatement INSERT reused 10 times and executeBatch", () -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + I + " VALUES (?, ?, ?)")) {
                for (int k = 1; k <= 6; k++) {
                    ps.setLong(1, k);
                    ps.setString(2, "abc".substring(k % 3, k % 3 + 1));
                    if (k == 4) {
                        ps.setNull(3, Types.INTEGER);
                    } else {
                        ps.setInt(3, k * 10);
                    }
                    eq(ps.executeUpdate(), 1, "insert " + k);
                }
                for (int k = 7; k <= 10; k++) {
                    ps.setLong(1, k);
                    ps.setString(2, "abc".substring(k % 3, k % 3 + 1));
                    ps.setInt(3, k * 10);
                    ps.addBatch();
                }
                eq(Arrays.toString(ps.executeBatch()), "[1, 1, 1, 1]", "batch update counts");
            }
            eq(count(conn), 10L, "row count");
        });

        check("query with parameters: WHERE / ORDER BY / LIMIT / GROUP BY", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                "SELECT id, qty FROM " + I + " WHERE qty > ? ORDER BY qty DESC LIMIT ?")) {
                ps.setInt(1, 40);
                ps.setInt(2, 3);
                eq(rows(ps.executeQuery()), "[10, 100], [9, 90], [8, 80]", "top 3");
            }
            try (PreparedStatement ps = conn.prepareStatement(
                "SELECT grp, count(*), sum(qty) FROM " + I + " WHERE id <= ? GROUP BY grp ORDER BY grp")) {
                ps.setLong(1, 100);
                eq(rows(ps.executeQuery()), "[a, 3, 180], [b, 4, 180], [c, 3, 150]", "groups");
            }
        });

        check("UPDATE / DELETE ... RETURNING", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE " + I + " SET qty = qty + ? WHERE id = ? RETURNING id, qty")) {
                ps.setInt(1, 1);
                ps.setLong(2, 2);
                eq(rows(ps.executeQuery()), "[2, 21]", "UPDATE RETURNING");
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + I + " WHERE id = ? RETURNING *")) {
                ps.setLong(1, 10);
                eq(rows(ps.executeQuery()), "[10, b, 100]", "DELETE RETURNING");
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE " + I + " SET qty = qty WHERE grp = ?")) {
                ps.setString(1, "a");
                eq(ps.executeUpdate(), 3, "UPDATE count");
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + I + " VALUES (?, ?, ?)")) {
                ps.setLong(1, 10);
                ps.setString(2, "b");
                ps.setInt(3, 100);
                eq(ps.executeUpdate(), 1, "re-insert 10");
            }
        });

        check("setFetchSize(2) with autocommit off (portal suspension)", () -> {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, qty FROM " + I + " ORDER BY id")) {
                ps.setFetchSize(2);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        eq(rs.getFetchSize(), 2, "fetch size");
                    }
                }
                eq(ids.toString(), "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "ids");
                eq(count(conn), 10L, "same transaction still usable");
                conn.commit();
            } finally {
                conn.setAutoCommit(true);
            }
        });

        check("transaction rollback", () -> {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO " + I + " VALUES (100, 'r', 1)");
                st.executeUpdate("DELETE FROM " + I + " WHERE id = 1");
                eq(count(conn), 10L, "count inside the transaction");
                conn.rollback();
                eq(rows(st.executeQuery("SELECT id FROM " + I + " WHERE id IN (1, 100) ORDER BY id")), "[1]",
                    "rows 1 and 100 after rollback");
                conn.commit();
            } finally {
                conn.setAutoCommit(true);
            }
        });

        check("transaction commit is visible to another connection", () -> {
            try (Connection other = connect()) {
                conn.setAutoCommit(false);
                try (Statement st = conn.createStatement()) {
                    st.executeUpdate("INSERT INTO " + I + " VALUES (101, 'k', 1)");
                    eq(count(other), 10L, "uncommitted row hidden");
                    conn.commit();
                    eq(count(other), 11L, "committed row seen");
                } finally {
                    conn.setAutoCommit(true);
                }
            }
        });

        check("error inside a transaction aborts it (25P02)", () -> {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                expectState("23505", () -> st.executeUpdate("INSERT INTO " + I + " VALUES (1, 'dup', 1)"));
                expectState("25P02", () -> st.executeQuery("SELECT 1").close());
                conn.rollback();
                eq(count(conn), 11L, "count after rollback");
                conn.commit();
            } finally {
                conn.setAutoCommit(true);
            }
        });

        check("unique violation (23505)", () -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + I + " VALUES (?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "dup");
                ps.setInt(3, 1);
                expectState("23505", ps::executeUpdate);
            }
        });
        check("undefined table (42P01)", () -> {
            try (Statement st = conn.createStatement()) {
                expectState("42P01", () -> st.executeQuery("SELECT * FROM no_such_table").close());
            }
        });
        check("division by zero (22012)", () -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT qty / ? FROM " + I)) {
                ps.setInt(1, 0);
                expectState("22012", () -> ps.executeQuery().close());
            }
        });
        check("undefined column (42703)", () -> {
            try (Statement st = conn.createStatement()) {
                expectState("42703", () -> st.executeQuery("SELECT nope FROM " + I).close());
            }
        });
        check("not-null violation (23502)", () -> {
            try (Statement st = conn.createStatement()) {
                expectState("23502", () -> st.executeUpdate("INSERT INTO " + I + " (id) VALUES (500)"));
            }
        });
        check("syntax error (42601)", () -> {
            try (Statement st = conn.createStatement()) {
                expectState("42601", () -> st.execute("SELEC 1"));
            }
        });
        check("connection usable after errors", () -> eq(count(conn), 11L, "count"));

        DatabaseMetaData md = conn.getMetaData();
        check("DatabaseMetaData.getSchemas", () -> {
            try (ResultSet rs = md.getSchemas(null, S)) {
                eq(rows(rs, "TABLE_SCHEM"), "[" + S + "]", "schemas");
            }
        });
        check("DatabaseMetaData.getTables", () -> {
            try (ResultSet rs = md.getTables(null, S, "%", new String[] {"TABLE"})) {
                eq(rows(rs, "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"),
                    "[" + S + ", alltypes, TABLE], [" + S + ", items, TABLE]", "tables");
            }
        });
        check("DatabaseMetaData.getColumns", () -> {
            try (ResultSet rs = md.getColumns(null, S, "items", "%")) {
                eq(rows(rs, "COLUMN_NAME", "TYPE_NAME", "DATA_TYPE", "NULLABLE", "ORDINAL_POSITION"),
                    "[id, int8, " + Types.BIGINT + ", 0, 1], [grp, text, " + Types.VARCHAR
                        + ", 0, 2], [qty, int4, " + Types.INTEGER + ", 1, 3]", "items columns");
            }
            try (ResultSet rs = md.getColumns(null, S, "alltypes", "%")) {
                List<String> types = new ArrayList<>();
                while (rs.next()) {
                    types.add(rs.getString("TYPE_NAME"));
                    String name = rs.getString("COLUMN_NAME");
                    if (name.equals("num")) {
                        eq(rs.getInt("COLUMN_SIZE") + "," + rs.getInt("DECIMAL_DIGITS"), "10,2", "numeric size");
                    } else if (name.equals("vc")) {
                        eq(rs.getInt("COLUMN_SIZE"), 20, "varchar size");
                    } else if (name.equals("c")) {
                        eq(rs.getInt("COLUMN_SIZE"), 5, "char size");
                    }
                }
                eq(types, Arrays.asList(PG_TYPES), "alltypes TYPE_NAMEs");
            }
        });
        check("DatabaseMetaData.getPrimaryKeys", () -> {
            try (ResultSet rs = md.getPrimaryKeys(null, S, "items")) {
                eq(rows(rs, "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), "[items, id, 1, items_pkey]",
                    "primary key");
            }
        });
        check("DatabaseMetaData.getTypeInfo", () -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = md.getTypeInfo()) {
                while (rs.next()) {
                    names.add(rs.getString("TYPE_NAME"));
                }
            }
            for (String t : PG_TYPES) {
                if (!names.contains(t)) {
                    throw new AssertionError("getTypeInfo lacks " + t + " (has " + names.size() + " types)");
                }
            }
        });
    }

    /** verifyRow1 checks every column of row 1 through the typed getters. */
    static void verifyRow1(ResultSet rs, String when) throws SQLException {
        String w = " (" + when + ")";
        eq(rs.getInt("id"), 1, "id" + w);
        eq(rs.getBoolean("b"), true, "b" + w);
        eq(rs.getShort("i2"), (short) 32767, "i2" + w);
        eq(rs.getLong("i8"), 9007199254740993L, "i8" + w);
        eq(rs.getFloat("f4"), 1.5f, "f4" + w);
        eq(rs.getDouble("f8"), 3.141592653589793, "f8" + w);
        eq(rs.getBigDecimal("num"), new BigDecimal("12345.67"), "num" + w);
        eq(rs.getString("t"), "it's \"text\" \\ back", "t" + w);
        eq(rs.getString("vc"), "varchar", "vc" + w);
        eq(rs.getString("c"), "ab   ", "c" + w);
        eq(rs.getBytes("by"), BYTES, "by" + w);
        eq(rs.getDate("d"), Date.valueOf("2024-02-29"), "d" + w);
        eq(rs.getTime("tm"), Time.valueOf("13:14:15"), "tm" + w);
        eq(rs.getTimestamp("ts"), Timestamp.valueOf("2024-01-02 03:04:05.123456"), "ts" + w);
        eq(rs.getObject("tstz", OffsetDateTime.class).toInstant(), TSTZ.toInstant(), "tstz" + w);
        eq(rs.getObject("u"), U1, "u" + w);
        eq(rs.getObject("u", UUID.class), U1, "u as UUID" + w);
        eq(rs.getString("j"), "{\"a\": 1,  \"z\": null}", "j" + w);
        eq(rs.getString("jb"), "{\"a\": \"x\", \"b\": [1, 2]}", "jb" + w);
    }

    /** rows renders a result as "[v, v], [v, v]" and closes it. */
    static String rows(ResultSet rs, String... cols) throws SQLException {
        try (rs) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                if (cols.length == 0) {
                    for (int k = 1; k <= n; k++) {
                        row.add(rs.getString(k));
                    }
                } else {
                    for (String c : cols) {
                        row.add(rs.getString(c));
                    }
                }
                out.add(row.toString());
            }
            return String.join(", ", out);
        }
    }
}
